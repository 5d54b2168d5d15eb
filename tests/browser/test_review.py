"""The reviewer's loop in a real browser: queue, filters, claim page, decisions, shortcuts, links."""

from __future__ import annotations

import re

import pytest

from claims.models import Claim, Link, LinkState
from tests.browser.conftest import SCREENSHOTS

pytestmark = pytest.mark.django_db(transaction=True)


def claim_with_open_suggestions(minimum: int = 2) -> Claim:
    """A demo claim with open suggestions, a contradiction among them (the engine ran in-process).

    Of those, the one with the fewest that still has `minimum`: a page a reviewer can finish.
    """
    best, most = None, 0
    for claim in Claim.objects.filter(workspace__slug="deir-ezzor").order_by("pk"):
        open_links = Link.objects.touching(claim).filter(state=LinkState.SUGGESTED)
        count = open_links.count()
        contradicts = open_links.filter(relation="contradicts").exists()
        if contradicts and count >= max(minimum, 3) and (best is None or count < most):
            best, most = claim, count
    assert best is not None and most >= minimum, "the demo should have claims with suggestions"
    return best


def viewport_shot(page, name: str) -> None:
    """What the reviewer sees on opening the page (docs/screenshots/<name>.png)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


def mark_page(page) -> None:
    # A marker on the window survives only as long as no navigation happens.
    page.evaluate("window.__noReload = 'still here'")


def assert_not_reloaded(page) -> None:
    assert page.evaluate("window.__noReload") == "still here"


def test_bob_filters_the_queue_and_opens_a_claim(page, login) -> None:
    login(page, "bob")
    page.goto("/w/deir-ezzor/claims/queue/")
    assert page.get_by_role("heading", name="Review queue").is_visible()
    rows = page.locator("table.queue tbody tr")
    assert rows.count() >= 10
    viewport_shot(page, "queue")

    page.get_by_label("Contradictions", exact=True).select_option("true")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"contradictions=true"))
    filtered = page.locator("table.queue tbody tr")
    assert 0 < filtered.count() < rows.count() + 100
    for mark in filtered.locator(".marks").all():
        assert "contradicted" in mark.inner_text()

    first = filtered.first.locator("a.claim-text")
    text = first.inner_text()[:30]
    first.click()
    page.wait_for_url(re.compile(r"/claims/\d+/\?.*contradictions=true"))
    assert text.rstrip(".…") in page.locator("blockquote.verbatim").inner_text()


def test_bob_accepts_and_rejects_suggestions_without_a_reload(page, login) -> None:
    claim = claim_with_open_suggestions(2)
    login(page, "bob")
    page.goto(f"/w/deir-ezzor/claims/{claim.pk}/")
    open_rows = page.locator("#open-suggestions .suggestion")
    before = open_rows.count()
    assert before >= 2
    viewport_shot(page, "claim-suggestions")
    mark_page(page)

    first = open_rows.first
    link_id = first.get_attribute("id")
    first.get_by_role("button", name="Accept").click()
    page.locator(f"#open-suggestions #{link_id}").wait_for(state="detached")
    page.locator(f"#link-sections #{link_id}").wait_for()
    assert_not_reloaded(page)
    assert open_rows.count() == before - 1
    assert page.locator("#open-count").inner_text() == str(before - 1)
    pk = int(link_id.removeprefix("link-"))
    assert Link.objects.get(pk=pk).state == LinkState.ACCEPTED

    second = open_rows.first
    second_id = second.get_attribute("id")
    second.get_by_role("button", name="Reject").click()
    page.locator(f"#rejected-list #{second_id}").wait_for(state="attached")
    assert_not_reloaded(page)
    assert Link.objects.get(pk=int(second_id.removeprefix("link-"))).state == LinkState.REJECTED


def test_keyboard_shortcuts_accept_and_move_through_the_queue(page, login) -> None:
    claim = claim_with_open_suggestions(2)
    login(page, "bob")
    page.goto(f"/w/deir-ezzor/claims/{claim.pk}/?attention=")
    mark_page(page)
    rows = page.locator("#open-suggestions .suggestion")
    count = rows.count()
    # The strongest suggestion is chosen when the page opens; ↓ ↓ ↑ lands on the second.
    assert "is-chosen" in (rows.first.get_attribute("class") or "")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    chosen_id = page.locator("#open-suggestions .suggestion.is-chosen").get_attribute("id")
    assert chosen_id == rows.nth(1).get_attribute("id")
    page.keyboard.press("a")
    page.locator(f"#link-sections #{chosen_id}").wait_for()
    assert_not_reloaded(page)
    assert rows.count() == count - 1
    assert Link.objects.get(pk=int(chosen_id.removeprefix("link-"))).state == LinkState.ACCEPTED

    page.keyboard.press("?")
    assert page.locator("#shortcut-help").is_visible()
    page.keyboard.press("Escape")
    assert not page.locator("#shortcut-help").is_visible()

    next_href = page.locator("a[rel=next]").get_attribute("href")
    page.keyboard.press("n")
    page.wait_for_url(re.compile(re.escape(next_href.split("?")[0])))
    assert page.url.endswith(next_href)


def test_bob_links_two_claims_by_hand_with_a_note(page, login) -> None:
    claim = Claim.objects.filter(workspace__slug="deir-ezzor", external_id__contains="bukamal").first()
    assert claim is not None
    linked = {link.other(claim).pk for link in Link.objects.touching(claim)}
    other = (
        Claim.objects.filter(workspace__slug="deir-ezzor", text__icontains="Mayadin")
        .exclude(pk__in=linked | {claim.pk})
        .first()
        or Claim.objects.filter(workspace__slug="deir-ezzor").exclude(pk__in=linked | {claim.pk}).first()
    )
    assert other is not None
    login(page, "bob")
    page.goto(f"/w/deir-ezzor/claims/{claim.pk}/")
    page.locator("#link-by-hand summary").click()
    page.get_by_label("Other claim").fill(f"#{other.pk}")
    candidate = page.locator(f"#link-candidates [data-pick='#{other.pk}']")
    candidate.wait_for()
    candidate.click()
    assert page.get_by_label("Other claim").input_value() == f"#{other.pk}"
    page.get_by_label("Relation").select_option("related")
    page.get_by_label("Note").fill("Same week, same river crossing")
    page.get_by_role("button", name="Link", exact=True).click()
    page.get_by_text("Link recorded.").wait_for()
    link = Link.objects.filter(from_claim=claim, to_claim=other).get()
    assert (link.relation, link.state, link.note) == ("related", "accepted", "Same week, same river crossing")
    assert page.locator(f"#link-sections #link-{link.pk}").is_visible()
