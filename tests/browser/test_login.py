from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_alice_logs_in_and_opens_the_demo_claims(page, login, screenshot) -> None:
    login(page, "alice")
    page.get_by_role("link", name="Deir Ezzor 2013–2021").first.click()
    page.get_by_role("link", name="Claims").first.click()
    assert page.locator("table tbody tr").count() >= 20
    screenshot(page, "claim-list")


def test_charlie_gets_not_found_for_the_demo_workspace(page, login) -> None:
    login(page, "charlie")
    # Chromium logs the 404 to the console, sometimes after goto returns: wait for that message
    # before clearing it, or it lands after the clear and fails the test.
    with page.expect_console_message(lambda message: "404" in message.text):
        response = page.goto("/w/deir-ezzor/claims/")
    assert response is not None and response.status == 404
    # The browser logs the 404 it was expected to get, and the 404 page's favicon request after
    # it: wait for both before clearing them.
    page.wait_for_load_state("networkidle")
    page.console_errors.clear()
