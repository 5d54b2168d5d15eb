"""E-mail configuration from EMAIL_URL (or EMAIL_BACKEND); the console backend by default."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from tests.test_settings_env import check
from workbench.settings import email_from_url


def test_email_url_gives_the_smtp_settings() -> None:
    assert email_from_url("smtp://workbench:s%40cret@mail.example.org:587") == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "mail.example.org",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "workbench",
        "EMAIL_HOST_PASSWORD": "s@cret",
        "EMAIL_USE_SSL": False,
        "EMAIL_USE_TLS": True,
    }
    smtps = email_from_url("smtps://mail.example.org")
    assert (smtps["EMAIL_PORT"], smtps["EMAIL_USE_SSL"], smtps["EMAIL_USE_TLS"]) == (465, True, False)
    assert email_from_url("console://")["EMAIL_BACKEND"].endswith("console.EmailBackend")


@pytest.mark.parametrize("url", ["http://mail.example.org", "smtp://", "smtp://host:notaport"])
def test_a_malformed_email_url_is_refused(url: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL"):
        email_from_url(url)


def test_a_malformed_email_url_stops_start_up_naming_the_variable() -> None:
    result = check(DEBUG="1", EMAIL_URL="mailto:someone")
    assert result.returncode != 0
    assert "EMAIL_URL='mailto:someone'" in result.stderr
