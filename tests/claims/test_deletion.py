"""Deleting a claim is a soft delete with a reason: it leaves every list and the engine, but its
page, history and decided links stay, and the database refuses to remove it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from django.urls import reverse

from claims.models import Claim, Link, LinkOrigin, LinkState, MatchKey, MatchState
from claims.selectors import claim_history
from claims.services.claims import claim_create, claim_update
from claims.services.deletion import claim_delete, claim_restore
from claims.services.imports import ImportFileError, claims_import
from claims.services.links import link_create
from claims.services.matching import check_claim, pending_claim_ids, similar_to_text
from tests.conftest import client_for
from tests.factories import ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def pair(workspace: Any, alice: Any, gazetteer: Any) -> dict[str, Claim]:
    """Two reports of one event, checked by the engine: a suggestion links them."""
    sohr = claim_create(
        workspace=workspace,
        created_by=alice,
        text="The death toll from last night's air strikes on Deir Ezzor city, al-Mayadeen and the "
        "Albukamal desert has risen to 57, SOHR said.",
        source=SourceFactory.create(name="SOHR"),
        published=D(2021, 1, 13),
        external_id="sohr-57",
        enqueue=False,
    )
    arabic = claim_create(
        workspace=workspace,
        created_by=alice,
        text="ارتفع إلى 57 عدد قتلى الغارات التي استهدفت ليل أمس مدينة دير الزور والميادين وبادية البوكمال.",
        source=SourceFactory.create(name="المرصد السوري"),
        published=D(2021, 1, 13),
        external_id="sohr-57-ar",
        enqueue=False,
    )
    check_claim(sohr.pk)
    check_claim(arabic.pk)
    assert Link.objects.touching(arabic).filter(origin=LinkOrigin.SUGGESTED).exists()
    return {"sohr": sohr, "arabic": arabic}


def test_an_admin_deletes_a_claim_with_a_reason_kept_in_its_history(workspace, alice, source) -> None:
    claim = ClaimFactory.create(workspace=workspace, source=source)
    claim_delete(claim=claim, by=alice, reason="Duplicate entry of claim 12, recorded twice by mistake")
    claim.refresh_from_db()
    assert claim.deleted_at is not None
    assert claim.deleted_by == alice
    assert Claim.objects.filter(pk=claim.pk).exists()  # still there
    record = claim.history.first()
    assert record.history_user == alice
    assert record.history_change_reason == "deleted: Duplicate entry of claim 12, recorded twice by mistake"
    assert record.deletion_reason.startswith("Duplicate entry")
    # The claim page's history shows who deleted it and why, as changed fields.
    shown = claim_history(claim=claim)[0]
    assert {change.field for change in shown.changes} >= {"deleted_at", "deleted_by", "deletion_reason"}
    assert next(c.new for c in shown.changes if c.field == "deleted_by") == "alice"

    claim_restore(claim=claim, by=alice)
    claim.refresh_from_db()
    assert (claim.deleted_at, claim.deleted_by, claim.deletion_reason) == (None, None, "")
    assert claim.history.first().history_change_reason == "restored"
    assert claim.history.count() == 3  # created, deleted, restored: nothing rewritten


@pytest.mark.parametrize("who", ["bob", "rita", "vera", "charlie"])
def test_only_an_admin_of_the_workspace_may_delete(who, request, workspace, source) -> None:
    user = request.getfixturevalue(who)
    claim = ClaimFactory.create(workspace=workspace, source=source)
    with pytest.raises(PermissionDenied):
        claim_delete(claim=claim, by=user, reason="no")
    claim.refresh_from_db()
    assert claim.deleted_at is None


def test_a_deletion_needs_a_reason(workspace, alice, source) -> None:
    claim = ClaimFactory.create(workspace=workspace, source=source)
    with pytest.raises(ValidationError) as caught:
        claim_delete(claim=claim, by=alice, reason="   ")
    assert "reason" in caught.value.message_dict
    # The database holds the same rule.
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(deleted_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))


def test_a_deleted_claim_leaves_lists_search_and_counts_but_its_page_answers(
    workspace, alice, vera, source
) -> None:
    kept = ClaimFactory.create(workspace=workspace, source=source, text="SDF took the al-Omar oil field")
    gone = ClaimFactory.create(workspace=workspace, source=source, text="SDF took the Conoco gas field")
    claim_delete(claim=gone, by=alice, reason="recorded in the wrong workspace")
    client = client_for(vera)
    slug = workspace.slug

    listing = client.get(reverse("claims:list", args=[slug])).content.decode()
    assert f"/claims/{kept.pk}/" in listing
    assert f"/claims/{gone.pk}/" not in listing
    assert "1 claim<" in listing
    search = client.get(reverse("claims:list", args=[slug]), {"q": "Conoco"}).content.decode()
    assert f"/claims/{gone.pk}/" not in search
    source_page = client.get(reverse("sources:detail", args=[slug, source.pk])).content.decode()
    assert f"/claims/{gone.pk}/" not in source_page
    overview = client.get(reverse("workspaces:detail", args=[slug]))
    assert overview.status_code == 200
    assert sum(n for _, _, n in overview.context["status_counts"]) == 1

    page = client.get(reverse("claims:detail", args=[slug, gone.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Deleted" in html and "recorded in the wrong workspace" in html
    assert "Restore" not in html  # a viewer sees the mark, not the admin's button


def test_the_delete_page_asks_for_a_reason_and_the_admin_restores_from_the_deleted_list(
    workspace, alice, bob, source
) -> None:
    claim = ClaimFactory.create(workspace=workspace, source=source)
    slug = workspace.slug
    admin = client_for(alice)
    detail = admin.get(reverse("claims:detail", args=[slug, claim.pk])).content.decode()
    assert reverse("claims:delete", args=[slug, claim.pk]) in detail
    assert reverse("claims:delete", args=[slug, claim.pk]) not in (
        client_for(bob).get(reverse("claims:detail", args=[slug, claim.pk])).content.decode()
    )

    empty = admin.post(reverse("claims:delete", args=[slug, claim.pk]), {"reason": ""})
    assert empty.status_code == 200
    assert "This field is required" in empty.content.decode()
    claim.refresh_from_db()
    assert claim.deleted_at is None

    done = admin.post(reverse("claims:delete", args=[slug, claim.pk]), {"reason": "a test entry"})
    assert done.status_code == 302
    deleted = admin.get(reverse("claims:deleted", args=[slug]))
    assert f"/claims/{claim.pk}/" in deleted.content.decode()
    assert "a test entry" in deleted.content.decode()
    assert client_for(bob).get(reverse("claims:deleted", args=[slug])).status_code == 403

    restored = admin.post(reverse("claims:restore", args=[slug, claim.pk]))
    assert restored.status_code == 302
    claim.refresh_from_db()
    assert claim.deleted_at is None
    assert f"/claims/{claim.pk}/" in admin.get(reverse("claims:list", args=[slug])).content.decode()


def test_a_deleted_claim_leaves_the_engine_and_comes_back_pending_when_restored(
    pair, workspace, alice
) -> None:
    sohr, arabic = pair["sohr"], pair["arabic"]
    decided = link_create(
        from_claim=sohr,
        to_claim=ClaimFactory.create(workspace=workspace, source=sohr.source),
        relation="related",
        created_by=alice,
        accepted=True,
    )
    claim_delete(claim=arabic, by=alice, reason="a translation of a claim we have")

    # Its open suggestions are withdrawn, each with a history record saying why.
    assert not Link.objects.touching(arabic).filter(state=LinkState.SUGGESTED).exists()
    withdrawn = Link.history.filter(history_type="-").first()
    assert withdrawn is not None
    assert (withdrawn.history_user, withdrawn.history_change_reason) == (alice, f"claim #{arabic.pk} deleted")
    # Not in the index, not pending, never a candidate again.
    assert not MatchKey.objects.filter(claim_id=arabic.pk).exists()
    assert not MatchState.objects.filter(claim_id=arabic.pk).exists()
    assert arabic.pk not in pending_claim_ids(workspace_id=workspace.pk)
    check_claim(sohr.pk, force=True)
    assert not Link.objects.touching(arabic).exists()
    assert check_claim(arabic.pk, force=True).checked is False
    found = similar_to_text(workspace_id=workspace.pk, text=arabic.text, top=10)
    assert "sohr-57-ar" not in [match["claim"] for match in found]
    # A decided link stays: a report that cited it still resolves both claims.
    assert Link.objects.filter(pk=decided.pk).exists()

    with pytest.raises(ValidationError):
        claim_update(claim=arabic, updated_by=alice, text="edited while deleted")

    claim_restore(claim=arabic, by=alice)
    assert arabic.pk in pending_claim_ids(workspace_id=workspace.pk)
    check_claim(arabic.pk)
    assert Link.objects.touching(arabic).filter(origin=LinkOrigin.SUGGESTED).exists()


def test_the_database_and_the_admin_refuse_to_remove_a_claim(workspace, alice, source, rf) -> None:
    claim = claim_create(
        workspace=workspace,
        created_by=alice,
        text="At least 57 killed",
        source=source,
        figures=[{"count": 57, "qualifier": "at_least", "counted": "killed"}],
        enqueue=False,
    )
    other = ClaimFactory.create(workspace=workspace, source=source)
    link_create(from_claim=claim, to_claim=other, relation="related", created_by=alice)
    with pytest.raises(ProtectedError):
        claim.delete()
    with pytest.raises(ProtectedError):
        other.delete()
    # Below the ORM too: the foreign keys of its figures and links refuse a raw DELETE.
    with pytest.raises(IntegrityError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {Claim._meta.db_table} WHERE id = %s", [claim.pk])
        connection.check_constraints()
    assert Claim.objects.filter(pk=claim.pk).exists()

    assert site._registry[Claim].has_delete_permission(rf.get("/admin/claims/claim/"), claim) is False


def test_reimporting_the_id_of_a_deleted_claim_is_refused_naming_the_line(
    workspace, alice, source, tmp_path
) -> None:
    claim = ClaimFactory.create(workspace=workspace, source=source, external_id="sana-1")
    claim_delete(claim=claim, by=alice, reason="retracted by the source")
    path = tmp_path / "again.jsonl"
    path.write_text(
        '{"id": "new-1", "text": "A new claim", "source": "SANA"}\n'
        '{"id": "sana-1", "text": "The same claim again", "source": "SANA"}\n'
    )
    with pytest.raises(ImportFileError) as caught:
        claims_import(path=path, workspace=workspace, user=alice)
    assert (caught.value.line, caught.value.field) == (2, "id")
    assert "deleted" in str(caught.value)
    assert not Claim.objects.filter(external_id="new-1").exists()
