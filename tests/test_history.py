"""History that cannot be quietly rewritten: every change to claims, links, sources, grades and
memberships has a record with who and when, including changes made by imports (the importing
user, "import <file> line N") and by the engine (no user, "engine <version>: ...")."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from claims.matching import ENGINE_VERSION
from claims.models import Claim, Figure, Link, LinkOrigin
from claims.services.claims import claim_create, claim_update
from claims.services.imports import claims_import
from claims.services.links import link_create, link_decide
from gazetteer.models import Place
from sources.models import Source, SourceAssessment
from sources.services import source_grade, source_update
from tests.conftest import client_for
from tests.factories import SourceFactory, UserFactory
from workspaces.models import Membership
from workspaces.services import membership_remove, membership_set

pytestmark = pytest.mark.django_db


def who_and_why(record: Any) -> tuple[Any, str, str]:
    return (record.history_user, record.history_type, record.history_change_reason or "")


def test_claims_links_sources_grades_and_memberships_record_who_and_when(
    workspace, alice, bob, source
) -> None:
    claim = claim_create(workspace=workspace, created_by=alice, text="A", source=source, enqueue=False)
    claim_update(claim=claim, updated_by=bob, status="in_review", enqueue=False)
    other = claim_create(workspace=workspace, created_by=alice, text="B", source=source, enqueue=False)
    link = link_create(from_claim=claim, to_claim=other, relation="corroborates", created_by=alice)
    link_decide(link=link, decided_by=bob, state="accepted")
    source_update(source=source, updated_by=bob, description="Hawar news agency")
    assessment = source_grade(source=source, grade="C", rationale="partisan but precise", assessed_by=bob)
    newcomer = UserFactory.create(username="nadia")
    membership = membership_set(workspace=workspace, user=newcomer, role="viewer", changed_by=alice)
    membership_set(workspace=workspace, user=newcomer, role="researcher", changed_by=alice)
    membership_remove(membership=Membership.objects.get(pk=membership.pk), removed_by=alice)

    assert [who_and_why(r)[:2] for r in claim.history.order_by("history_id")] == [(alice, "+"), (bob, "~")]
    assert [who_and_why(r)[:2] for r in link.history.order_by("history_id")] == [(alice, "+"), (bob, "~")]
    assert who_and_why(Source.history.filter(id=source.pk).first())[:2] == (bob, "~")
    assert who_and_why(SourceAssessment.history.get(id=assessment.pk))[:2] == (bob, "+")
    assert who_and_why(Source.history.filter(id=source.pk).first())[2] == f"assessment #{assessment.pk}"
    assert [
        who_and_why(r)[:2] for r in Membership.history.filter(id=membership.pk).order_by("history_id")
    ] == [
        (alice, "+"),
        (alice, "~"),
        (alice, "-"),
    ]
    for model in (Claim, Link, Source, SourceAssessment, Membership):
        assert not model.history.filter(history_date__isnull=True).exists()


def test_an_import_names_the_user_and_the_file_on_every_record_it_writes(
    workspace, alice, bob, gazetteer, tmp_path: Path
) -> None:
    first = tmp_path / "anha-october.jsonl"
    rows: list[dict[str, Any]] = [
        {
            "id": "anha-1",
            "text": "The SDF took al-Omar oil field.",
            "source": "ANHA",
            "stance": "partisan",
            "places": ["al-Omar oil field", "Hajin pumping station 7"],
            "figures": [{"count": 3, "counted": "fighters killed"}],
        },
        {"id": "anha-2", "text": "Clashes near Hajin.", "source": "A brand new outlet", "network": "New net"},
    ]
    first.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    claims_import(path=first, workspace=workspace, user=alice)

    created = Claim.objects.get(external_id="anha-1")
    assert who_and_why(created.history.get()) == (alice, "+", "import anha-october.jsonl line 1")
    figure = Figure.objects.get(claim=created)
    assert who_and_why(figure.history.get()) == (alice, "+", "import anha-october.jsonl line 1")
    new_source = Source.objects.get(name="A brand new outlet")
    assert who_and_why(new_source.history.get()) == (alice, "+", "import anha-october.jsonl line 2")
    new_place = Place.objects.get(needs_review=True)
    assert who_and_why(new_place.history.get()) == (alice, "+", "import anha-october.jsonl")

    # Re-importing an id updates the claim; the record names the second file and its importer.
    second = tmp_path / "corrections.jsonl"
    corrected = dict(rows[0], text="The SDF took al-Omar oil field on Sunday.")
    second.write_text(json.dumps(corrected) + "\n")
    claims_import(path=second, workspace=workspace, user=bob)
    latest = created.history.first()
    assert who_and_why(latest) == (bob, "~", "import corrections.jsonl line 1")
    assert created.history.count() == 2


def test_the_bulk_paths_write_one_history_record_per_row(workspace, alice, tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    path.write_text(
        "".join(
            json.dumps(
                {
                    "id": f"r{i}",
                    "text": f"Claim {i}",
                    "source": "SANA",
                    "figures": [{"count": i + 1, "counted": "killed"}],
                }
            )
            + "\n"
            for i in range(1_203)
        )
    )
    result = claims_import(path=path, workspace=workspace, user=alice)
    assert result.created == 1_203
    assert Claim.history.filter(history_type="+").count() == 1_203
    assert Claim.history.filter(history_user=alice).count() == 1_203
    assert Figure.history.filter(history_type="+", history_user=alice).count() == 1_203
    assert not Claim.history.exclude(history_change_reason__startswith="import many.jsonl line ").exists()


def test_an_imported_claims_creation_record_holds_every_tracked_field_as_stored(
    workspace, alice, gazetteer, tmp_path: Path
) -> None:
    """The import writes its history in bulk (on PostgreSQL copied by the database from the rows
    just inserted): each record must be what simple_history records for the claim as stored,
    field by field, with the claim's places, actors and tags, and its figures' records theirs."""
    path = tmp_path / "full.jsonl"
    row = {
        "id": "sana-7",
        "text": "The army took al-Omar oil field on Sunday, killing at least 57 IS members.",
        "source": "SANA",
        "stance": "state_media",
        "language": "en",
        "published": "2017-10-22",
        "event_date": "2017-10-21",
        "url": "https://sana.example/7",
        "places": ["al-Omar oil field", "Deir ez-Zor"],
        "actors": ["Syrian Arab Army"],
        "tags": ["oil", "control"],
        "figures": [{"count": 57, "qualifier": "at_least", "counted": "IS members killed"}],
        "status": "in_review",
        "credibility": 3,
    }
    path.write_text(json.dumps(row) + "\n" + json.dumps(dict(row, id="sana-8", places=[], tags=[])) + "\n")
    claims_import(path=path, workspace=workspace, user=alice)

    for claim in Claim.objects.filter(workspace=workspace):
        record = claim.history.get()
        for field in Claim.history.model.tracked_fields:
            assert getattr(record, field.attname) == getattr(claim, field.attname), field.name
        assert who_and_why(record)[:2] == (alice, "+")
        assert {r.place_id for r in record.places.all()} == set(claim.places.values_list("pk", flat=True))
        assert {r.actor_id for r in record.actors.all()} == set(claim.actors.values_list("pk", flat=True))
        assert {r.tag_id for r in record.tags.all()} == set(claim.tags.values_list("pk", flat=True))
        for figure in claim.figures.all():
            copied = figure.history.get()
            for field in Figure.history.model.tracked_fields:
                assert getattr(copied, field.attname) == getattr(figure, field.attname), field.name
    first = Claim.objects.get(external_id="sana-7")
    counts = (first.places.count(), first.actors.count(), first.tags.count(), first.figures.count())
    assert counts == (2, 1, 2, 1)


@pytest.mark.django_db(transaction=True)
def test_the_engines_suggestions_name_the_engine_and_no_user_even_inside_a_request(
    workspace, alice, gazetteer
) -> None:
    """Tasks run in-process here, after the view's commit, while alice's request is still open:
    the suggestion is the engine's, not hers."""
    claim_create(
        workspace=workspace,
        created_by=alice,
        text="The death toll from last night's air strikes on Deir Ezzor city, al-Mayadeen and the "
        "Albukamal desert has risen to 57, SOHR said.",
        source=SourceFactory.create(name="SOHR"),
        published=dt.date(2021, 1, 13),
    )
    arabic_source = SourceFactory.create(name="المرصد السوري")
    response = client_for(alice).post(
        reverse("claims:create", args=[workspace.slug]),
        {
            "text": "ارتفع إلى 57 عدد قتلى الغارات التي استهدفت ليل أمس "
            "مدينة دير الزور والميادين وبادية البوكمال.",
            "source": arabic_source.pk,
            "published": "2021-01-13",
            "status": "new",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    links = Link.objects.filter(origin=LinkOrigin.SUGGESTED)
    assert links.exists()
    for link in links:
        assert who_and_why(link.history.get()) == (None, "+", f"engine {ENGINE_VERSION}: suggested")
    # The claim itself is alice's.
    assert Claim.history.filter(history_user=alice, history_type="+").count() == 2
