from __future__ import annotations

import pytest

from claims.models import Claim

pytestmark = pytest.mark.django_db(transaction=True)


def test_alice_deletes_a_claim_with_a_reason_and_restores_it(page, login, screenshot) -> None:
    claim = Claim.objects.filter(workspace__slug="deir-ezzor").order_by("pk").first()
    assert claim is not None
    login(page, "alice")
    page.goto(f"/w/deir-ezzor/claims/{claim.pk}/")
    page.get_by_role("link", name="Delete this claim…").click()
    page.get_by_label("Reason").fill("Recorded twice: the same SOHR report is claim 12.")
    screenshot(page, "claim-delete")
    page.get_by_role("button", name=f"Delete claim #{claim.pk}").click()
    assert page.get_by_role("heading", name="Deleted claims").is_visible()
    assert page.get_by_text("Recorded twice").first.is_visible()
    page.goto(f"/w/deir-ezzor/claims/{claim.pk}/")
    assert page.get_by_role("note").get_by_text("Recorded twice").is_visible()
    screenshot(page, "claim-deleted")
    page.get_by_role("note").get_by_role("button", name="Restore").click()
    assert page.get_by_text(f"Claim #{claim.pk} restored.").is_visible()
    claim.refresh_from_db()
    assert claim.deleted_at is None
