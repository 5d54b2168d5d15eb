from __future__ import annotations

import pytest
from django.urls import reverse

from sources.models import SourceAssessment
from sources.services import source_create
from tests.conftest import client_for
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def test_a_reviewer_grades_a_source_and_its_page_shows_grade_history_and_claims(workspace, bob, vera) -> None:
    sana = source_create(name="SANA", stance="state_media", aliases=["Syrian Arab News Agency", "سانا"])
    ClaimFactory.create(
        workspace=workspace, source=sana, text="Control was established over the Nour Hospital"
    )
    detail = reverse("sources:detail", kwargs={"slug": workspace.slug, "pk": sana.pk})
    response = client_for(bob).post(
        reverse("sources:grade", kwargs={"slug": workspace.slug, "pk": sana.pk}),
        {"grade": "E", "rationale": "State media; claims of 97% control were not borne out."},
    )
    assert response.status_code == 302
    assessment = SourceAssessment.objects.get()
    assert (assessment.grade, assessment.assessed_by, assessment.workspace) == ("E", bob, workspace)
    page = client_for(vera).get(detail).content.decode()
    assert "97% control were not borne out" in page
    assert "سانا" in page
    assert "Nour Hospital" in page


def test_a_viewer_cannot_grade(workspace, vera) -> None:
    sana = source_create(name="SANA", stance="state_media")
    response = client_for(vera).post(
        reverse("sources:grade", kwargs={"slug": workspace.slug, "pk": sana.pk}),
        {"grade": "A", "rationale": "x"},
    )
    assert response.status_code == 403
    assert not SourceAssessment.objects.exists()


def test_source_list_searches_aliases_in_arabic(workspace, vera) -> None:
    source_create(name="ANHA", stance="partisan", aliases=["وكالة هاوار"])
    source_create(name="SANA", stance="state_media")
    response = client_for(vera).get(reverse("sources:list", kwargs={"slug": workspace.slug}), {"q": "هاوار"})
    assert [s.name for s in response.context["page"]] == ["ANHA"]


def test_a_researcher_records_a_source_with_network_and_arabic_aliases(workspace, rita) -> None:
    from sources.models import Source

    response = client_for(rita).post(
        reverse("sources:create", kwargs={"slug": workspace.slug}),
        {
            "name": "Enab Baladi",
            "kind": "website",
            "stance": "independent_media",
            "network": "Enab Baladi",
            "url": "enabbaladi.net",
            "aliases": "Enab Baladi English, عنب بلدي",
        },
    )
    source = Source.objects.get(name="Enab Baladi")
    assert response.status_code == 302
    assert source.network is not None
    assert (source.stance, source.network.name, source.url, source.reliability) == (
        "independent_media",
        "Enab Baladi",
        "https://enabbaladi.net",
        "F",
    )
    assert sorted(source.aliases.values_list("alias", flat=True)) == [
        "Enab Baladi",
        "Enab Baladi English",
        "عنب بلدي",
    ]
    assert source.history.get().history_user == rita


def test_recording_a_source_twice_points_at_the_existing_one(workspace, rita) -> None:
    source_create(name="SANA", stance="state_media", aliases=["سانا"])
    response = client_for(rita).post(
        reverse("sources:create", kwargs={"slug": workspace.slug}),
        {"name": "سانا", "kind": "state_media", "stance": "state_media"},
    )
    assert response.status_code == 200
    assert "already recorded as 'SANA'" in response.context["form"].errors["name"][0]
