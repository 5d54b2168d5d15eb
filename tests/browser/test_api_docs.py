"""The API docs page (Swagger UI) works under a strict Content-Security-Policy.

Every response is given a CSP allowing scripts, styles and requests from 'self' only, as the
security work adds in parallel; the browser reports any violation as a console error, which fails
the test (the `page` fixture). Alice, signed in, calls an endpoint from the page with her session.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

STRICT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)


def with_strict_csp(route: Any) -> None:
    response = route.fetch()
    route.fulfill(response=response, headers={**response.headers, "content-security-policy": STRICT_CSP})


def test_swagger_ui_runs_under_a_strict_csp_and_calls_the_api(page: Any, login: Any, screenshot: Any) -> None:
    login(page, "alice")
    page.route("**/api/docs/", with_strict_csp)  # the document's CSP governs all it loads
    response = page.goto("/api/docs/")
    assert response is not None and response.status == 200
    assert response.headers["content-security-policy"] == STRICT_CSP
    page.get_by_text("Workbench API").first.wait_for()
    operation = page.locator("#operations-workspaces-workspaces_list")
    operation.locator("button.opblock-summary-control").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    body = page.locator(".live-responses-table .response-col_description pre").first
    body.wait_for()
    assert "deir-ezzor" in body.inner_text()
    screenshot(page, "api-docs")
