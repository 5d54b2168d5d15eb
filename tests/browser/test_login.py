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
    response = page.goto("/w/deir-ezzor/claims/")
    assert response is not None and response.status == 404
    # The error page has no icon link, so the browser asks for /favicon.ico (another 404) after
    # the page loaded: wait for it before clearing, or it lands after the clear.
    page.wait_for_load_state("networkidle")
    page.console_errors.clear()  # the browser logs the 404 it was expected to get
