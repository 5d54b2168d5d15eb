from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from claims.models import DERIVED_VERSION, Claim, Link, LinkState
from claims.services.claims import claim_create, claim_refresh_derived, claim_update
from claims.services.links import link_create, link_decide
from gazetteer.models import Place
from tests.factories import ClaimFactory, SourceFactory, WorkspaceFactory

pytestmark = pytest.mark.django_db


def test_claim_create_stores_fields_relations_and_derived_fields_and_checks_after_commit(
    workspace, alice, source, django_capture_on_commit_callbacks
) -> None:
    from claims.models import MatchState

    place = Place.objects.create(name="al-Bukamal")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        claim = claim_create(
            workspace=workspace,
            created_by=alice,
            text="أعلن الجيشُ السوري سيطرته على مدينة البوكمال",
            source=source,
            published=dt.date(2017, 11, 9),
            places=[place],
            tags=["Al-Bukamal 2017"],
            figures=[{"count": 57, "qualifier": "at_least", "counted": "killed"}],
        )
        # The derived fields are written with the row; the engine's check (the task) is only
        # queued for after commit.
        assert Claim.objects.get(pk=claim.pk).derived_version == DERIVED_VERSION
        assert not MatchState.objects.filter(claim=claim).exists()
    assert len(callbacks) == 1
    assert MatchState.objects.filter(claim=claim).exists()
    claim.refresh_from_db()
    assert claim.derived_version == DERIVED_VERSION
    assert claim.language == "ar"
    assert claim.text_normalized == "اعلن الجيش السوري سيطرته علي مدينه البوكمال"
    assert len(claim.text_sha256) == 64
    assert list(claim.places.all()) == [place]
    assert [t.name for t in claim.tags.all()] == ["al-bukamal-2017"]
    assert str(claim.figures.get()) == "at least 57 killed"
    assert claim.history.first().history_user == alice


def test_refreshing_derived_fields_twice_gives_the_same_row(workspace, source) -> None:
    claim = ClaimFactory.create(workspace=workspace, source=source, text="ISIS retook al-Bukamal")
    assert claim_refresh_derived(claim_id=claim.pk) is True
    first = Claim.objects.values("text_normalized", "text_sha256", "derived_version").get(pk=claim.pk)
    assert claim_refresh_derived(claim_id=claim.pk) is True
    assert Claim.objects.values("text_normalized", "text_sha256", "derived_version").get(pk=claim.pk) == first
    assert claim_refresh_derived(claim_id=10**9) is False


def test_claim_update_records_old_and_new_values_with_the_user(workspace, alice, bob, source) -> None:
    claim = claim_create(
        workspace=workspace, created_by=alice, text="SDF liberated al-Omar oil field", source=source
    )
    claim_update(claim=claim, updated_by=bob, status="corroborated", credibility=2)
    latest = claim.history.first()
    changes = {c.field: (c.old, c.new) for c in latest.diff_against(latest.prev_record).changes}
    assert changes == {"status": ("new", "corroborated"), "credibility": (None, 2)}
    assert latest.history_user == bob


def test_claim_update_of_text_marks_derived_fields_stale_and_refreshes_them(
    workspace, alice, source, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        claim = claim_create(workspace=workspace, created_by=alice, text="first text", source=source)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        claim_update(claim=claim, updated_by=alice, text="Second Text")
    assert len(callbacks) == 1
    claim.refresh_from_db()
    assert claim.text_normalized == "second text"


def test_claim_rejects_a_credibility_outside_one_to_six(workspace, alice, source) -> None:
    with pytest.raises(ValidationError) as error:
        claim_create(workspace=workspace, created_by=alice, text="x", source=source, credibility=7)
    assert "credibility" in error.value.message_dict
    assert not Claim.objects.exists()


def test_database_refuses_an_event_window_that_ends_before_it_starts(workspace, source) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimFactory.create(
            workspace=workspace,
            source=source,
            event_start=dt.date(2017, 11, 9),
            event_end=dt.date(2017, 11, 1),
            event_precision="range",
        )


def test_external_ids_are_unique_per_workspace_only(workspace, source) -> None:
    other = WorkspaceFactory.create(slug="other")
    ClaimFactory.create(workspace=workspace, source=source, external_id="anha-1")
    ClaimFactory.create(workspace=other, source=source, external_id="anha-1")
    ClaimFactory.create(workspace=workspace, source=source, external_id="")
    ClaimFactory.create(workspace=workspace, source=source, external_id="")
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimFactory.create(workspace=workspace, source=source, external_id="anha-1")


def test_a_researchers_link_waits_for_a_reviewer_who_accepts_it(workspace, rita, bob, source) -> None:
    a = ClaimFactory.create(workspace=workspace, source=source)
    b = ClaimFactory.create(
        workspace=workspace, source=SourceFactory.create(name="SANA", stance="state_media")
    )
    link = link_create(
        from_claim=a,
        to_claim=b,
        relation="contradicts",
        created_by=rita,
        note="handover vs liberation",
    )
    assert link.state == LinkState.SUGGESTED
    assert link.decided_by is None
    link_decide(link=link, decided_by=bob, state="accepted")
    link.refresh_from_db()
    assert (link.state, link.decided_by, link.origin) == ("accepted", bob, "manual")
    assert link.decided_at is not None
    assert [h.state for h in link.history.order_by("history_id")] == ["suggested", "accepted"]


def test_a_pair_gets_one_link_whichever_way_round(workspace, bob, source) -> None:
    a = ClaimFactory.create(workspace=workspace, source=source)
    b = ClaimFactory.create(workspace=workspace, source=source)
    link_create(from_claim=a, to_claim=b, relation="corroborates", created_by=bob, accepted=True)
    with pytest.raises(ValidationError, match="already linked"):
        link_create(from_claim=b, to_claim=a, relation="contradicts", created_by=bob)
    # The database holds the rule even for code that skips the service.
    with pytest.raises(IntegrityError), transaction.atomic():
        Link.objects.create(workspace=workspace, from_claim=b, to_claim=a, relation="related")
    assert Link.objects.count() == 1


def test_links_stay_within_one_workspace_and_never_point_to_themselves(workspace, bob, source) -> None:
    a = ClaimFactory.create(workspace=workspace, source=source)
    elsewhere = ClaimFactory.create(workspace=WorkspaceFactory.create(slug="else"), source=source)
    with pytest.raises(ValidationError, match="same workspace"):
        link_create(from_claim=a, to_claim=elsewhere, relation="corroborates", created_by=bob)
    with pytest.raises(ValidationError, match="itself"):
        link_create(from_claim=a, to_claim=a, relation="corroborates", created_by=bob)
    with pytest.raises(IntegrityError), transaction.atomic():
        Link.objects.create(workspace=workspace, from_claim=a, to_claim=a, relation="related")


def test_database_requires_a_score_on_engine_suggestions(workspace, source) -> None:
    a = ClaimFactory.create(workspace=workspace, source=source)
    b = ClaimFactory.create(workspace=workspace, source=source)
    with pytest.raises(IntegrityError), transaction.atomic():
        Link.objects.create(
            workspace=workspace, from_claim=a, to_claim=b, relation="related", origin="suggested"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Link.objects.create(
            workspace=workspace,
            from_claim=a,
            to_claim=b,
            relation="related",
            origin="suggested",
            score=1.5,
        )


def test_figures_are_replaced_with_history_and_left_alone_when_unchanged(
    workspace, alice, bob, source
) -> None:
    from claims.models import Figure

    figures = [{"count": 156, "qualifier": "exact", "counted": "mercenaries killed"}]
    claim = claim_create(workspace=workspace, created_by=alice, text="x", source=source, figures=figures)
    first = claim.figures.get()
    claim_update(claim=claim, updated_by=bob, figures=figures)
    assert claim.figures.get().pk == first.pk
    claim_update(
        claim=claim,
        updated_by=bob,
        figures=[{"count": 27, "qualifier": "exact", "counted": "bodies seized"}],
    )
    history = Figure.history.order_by("history_id")
    assert [(h.count, h.history_type, h.history_user) for h in history] == [
        (156, "+", alice),
        (156, "-", bob),
        (27, "+", bob),
    ]
