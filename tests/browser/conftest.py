"""A real browser against a live server with the demo workspace loaded.

Debian's Chromium (`/usr/bin/chromium`) driven by Playwright; never `playwright install`.
Each test gets the demo (users alice, bob, charlie and the Deir Ezzor workspace) in a fresh
transactional database, a live server on 127.0.0.1, and `login(page, "alice")`.
Screenshots go to docs/screenshots/ through `screenshot(page, "name")`.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
DEMO_PASSWORDS = {
    "alice": "alice-workbench-demo",
    "bob": "bob-workbench-demo",
    "charlie": "charlie-workbench-demo",
}

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run while
# one is present unless told it is safe (it is: the loop belongs to Playwright, not to us).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def demo(transactional_db: Any, settings: Any, tmp_path: Path) -> None:
    """The demo workspace, as `./dev run` serves it; engine tasks run in-process."""
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("demo", "--url", "http://127.0.0.1/", verbosity=0)


@pytest.fixture
def page(browser: Any, live_server: Any, demo: None) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    # A test that expects an error page (a 404 for charlie) clears page.console_errors.
    page.console_errors = errors
    yield page
    context.close()
    # A page that throws in the console is broken even if the test's clicks happened to work.
    assert not errors, f"errors in the browser console: {errors}"


@pytest.fixture
def login() -> Callable[[Any, str], None]:
    def login(page: Any, username: str) -> None:
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(DEMO_PASSWORDS[username])
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)

    return login


@pytest.fixture
def screenshot() -> Callable[[Any, str], Path]:
    def screenshot(page: Any, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return screenshot
