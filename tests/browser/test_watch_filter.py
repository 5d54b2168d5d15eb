"""Watching a queue filter in a real browser: the star beside it, and the inbox."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_bob_watches_contradictions_this_week_from_the_queue(page, login, tmp_path) -> None:
    login(page, "bob")
    page.goto("/w/deir-ezzor/claims/queue/?status=new")
    page.get_by_label("Save these filters as").fill("New ones")
    page.get_by_role("button", name="Save filter").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Watch filter New ones").is_visible()
    star = page.get_by_role("button", name="Watch filter Contradictions this week")
    assert star.get_attribute("aria-pressed") == "false"
    star.click()
    page.wait_for_load_state()
    watching = page.get_by_role("button", name="Stop watching filter Contradictions this week")
    assert watching.get_attribute("aria-pressed") == "true"
    assert "You now watch the filter “Contradictions this week”." in page.content()
    page.locator(".queue-side").screenshot(path=str(tmp_path / "queue-side.png"))
    page.goto("/notifications/")
    assert page.get_by_role("link", name="filter “Contradictions this week”").is_visible()
