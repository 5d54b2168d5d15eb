"""Production settings pass `check --deploy`; every page sends the security headers; every form has CSRF."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.conftest import client_for

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = sorted((ROOT / "templates").rglob("*.html")) + sorted(ROOT.glob("*/templates/**/*.html"))


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SECURE_", "SESSION_", "DJANGO_"))
        and k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings() -> None:
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="workbench.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_warns_when_hsts_is_turned_off() -> None:
    """The test above can fail: the same check with HSTS off names it."""
    result = manage(
        "check",
        "--deploy",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="workbench.example.org",
        SECURE_HSTS_SECONDS="0",
    )
    assert "security.W004" in result.stdout + result.stderr


@pytest.mark.django_db
def test_pages_send_the_security_headers(alice, workspace) -> None:
    for url in (reverse("login"), reverse("claims:list", kwargs={"slug": workspace.slug})):
        client = client_for(alice if "claims" in url else None)
        response = client.get(url, secure=True)
        assert response.status_code == 200
        csp = response["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp and "style-src 'self'" in csp
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_hsts_is_sent_over_https_when_configured(settings) -> None:
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client_for(None).get(reverse("login"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def forms_in(text: str) -> list[str]:
    return re.findall(r"<form\b[^>]*>.*?</form>", text, flags=re.S | re.I)


def test_the_template_walk_finds_the_forms() -> None:
    assert len(TEMPLATES) >= 15
    posts = [f for t in TEMPLATES for f in forms_in(t.read_text()) if re.search(r'method="post"', f, re.I)]
    assert len(posts) >= 10


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_post_form_carries_a_csrf_token(template: Path) -> None:
    for form in forms_in(template.read_text()):
        if re.search(r'method=["\']post["\']', form, re.I):
            assert "{% csrf_token %}" in form, f"{template.name}: a POST form without {{% csrf_token %}}"


# The Content-Security-Policy forbids these; a template that uses one breaks in the browser.
CSP_FORBIDDEN = {
    "inline <script>": re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I),
    "<style> block": re.compile(r"<style\b", re.I),
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
    "on...= handler": re.compile(r"\son[a-z]+\s*=", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


# The readable report is a standalone file a partner opens from the zip (and WeasyPrint renders):
# it carries its stylesheet inline and is never served as a page of the workbench.
STANDALONE_DOCUMENTS = {"reports/document_head.html"}


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_templates_use_nothing_the_content_security_policy_forbids(template: Path) -> None:
    text = template.read_text()
    if str(template.relative_to(ROOT / "templates")) in STANDALONE_DOCUMENTS:
        assert "<script" not in text.lower()  # a style sheet, and still no script
        return
    for what, pattern in CSP_FORBIDDEN.items():
        assert not pattern.search(text), f"{template.name}: {what} (move it to static/js or static/css)"
