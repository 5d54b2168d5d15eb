from __future__ import annotations

import pytest
from django.urls import reverse

from claims.models import Claim, Link
from gazetteer.models import Place, PlaceAlias
from gazetteer.services import place_add_alias
from tests.conftest import client_for
from tests.factories import ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db


def url(name: str, workspace, **kwargs) -> str:
    return reverse(name, kwargs={"slug": workspace.slug, **kwargs})


def test_a_researcher_records_a_claim_through_the_form(
    workspace, rita, source, django_capture_on_commit_callbacks
) -> None:
    place = Place.objects.create(name="al-Bukamal")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(rita).post(
            url("claims:create", workspace),
            {
                "text": "Regime forces entered al-Bokmal city and expelled mercenaries "
                "from the city in November 8.",
                "source": source.pk,
                "published": "2017-11-12",
                "event_date": "2017-11-08",
                "places": [place.pk],
                "figures": "at least 3 vehicles seized",
                "tags": "bukamal, handover",
                # A researcher cannot set the status: the field is not on her form.
                "status": "refuted",
            },
        )
    claim = Claim.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("claims:detail", workspace, pk=claim.pk)
    assert claim.status == "new"
    assert claim.created_by == rita
    assert claim.event_precision == "day"
    assert claim.language == "en"
    assert str(claim.figures.get()) == "at least 3 vehicles seized"


def test_the_form_names_the_bad_field_and_stores_nothing(workspace, rita, source) -> None:
    response = client_for(rita).post(
        url("claims:create", workspace),
        {"text": "x", "source": source.pk, "event_date": "last week", "figures": "many dead"},
    )
    assert response.status_code == 200
    assert "is not an event date" in response.context["form"].errors["event_date"][0]
    assert "write a number" in response.context["form"].errors["figures"][0]
    assert not Claim.objects.exists()


def test_a_reviewer_sets_status_and_credibility_and_the_change_shows_in_history(
    workspace, bob, source
) -> None:
    claim = ClaimFactory.create(workspace=workspace, source=source, text="SDF liberated al-Omar oil field")
    client = client_for(bob)
    response = client.post(
        url("claims:edit", workspace, pk=claim.pk),
        # Credibility is not set through the edit form: it needs a rationale (claims:credibility).
        {"text": claim.text, "source": source.pk, "status": "corroborated", "credibility": "2"},
    )
    assert response.status_code == 302
    response = client.post(
        url("claims:credibility", workspace, pk=claim.pk),
        {"credibility": "2", "rationale": "Reuters and SOHR report the same."},
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.credibility) == ("corroborated", 2)
    page = client.get(url("claims:detail", workspace, pk=claim.pk)).content.decode()
    assert "corroborated" in page
    assert "bob" in page


def test_link_by_hand_then_accept(workspace, rita, bob, source) -> None:
    a = ClaimFactory.create(workspace=workspace, source=source)
    b = ClaimFactory.create(workspace=workspace, source=source, external_id="sana-97")
    response = client_for(rita).post(
        url("claims:link_create", workspace, pk=a.pk),
        {"other": "sana-97", "relation": "contradicts", "note": "handover"},
    )
    assert response.status_code == 302
    link = Link.objects.get()
    assert (link.from_claim, link.to_claim, link.state) == (a, b, "suggested")
    client_for(bob).post(url("claims:link_decide", workspace, link_pk=link.pk), {"state": "accepted"})
    link.refresh_from_db()
    assert (link.state, link.decided_by) == ("accepted", bob)
    page = client_for(rita).get(url("claims:detail", workspace, pk=b.pk)).content.decode()
    assert "Contradicts" in page and "handover" in page


def test_linking_to_a_claim_of_another_workspace_is_refused(workspace, other_workspace, rita, source) -> None:
    a = ClaimFactory.create(workspace=workspace, source=source)
    foreign = ClaimFactory.create(workspace=other_workspace, source=source)
    client_for(rita).post(
        url("claims:link_create", workspace, pk=a.pk),
        {"other": str(foreign.pk), "relation": "related"},
    )
    assert not Link.objects.exists()


def test_claim_list_filters_by_status_stance_source_place_dates_and_text(workspace, vera) -> None:
    sana = SourceFactory.create(name="SANA", stance="state_media")
    anha = SourceFactory.create(name="ANHA", stance="partisan")
    city = Place.objects.create(name="Deir ez-Zor")
    hamidiya = Place.objects.create(name="al-Hamidiya", parent=city)
    place_add_alias(place=city, alias="دير الزور")
    regained = ClaimFactory.create(
        workspace=workspace,
        source=sana,
        text="أعلن الجيش استعادة حي الحميدية في دير الزور",
        status="contested",
    )
    regained.places.set([hamidiya])
    taken = ClaimFactory.create(
        workspace=workspace, source=anha, text="SDF took al-Omar oil field", status="new"
    )
    taken.event_start = taken.published = __import__("datetime").date(2017, 10, 22)
    taken.event_precision = "day"
    taken.save()
    from claims.services.claims import claims_refresh_stale

    claims_refresh_stale()
    client = client_for(vera)

    def shown(**params) -> set[int]:
        response = client.get(url("claims:list", workspace), params)
        assert response.status_code == 200
        return {claim.pk for claim in response.context["page"]}

    assert shown() == {regained.pk, taken.pk}
    assert shown(status="contested") == {regained.pk}
    assert shown(stance="partisan") == {taken.pk}
    assert shown(source=sana.pk) == {regained.pk}
    # A city includes its neighbourhoods.
    assert shown(place=city.pk) == {regained.pk}
    assert shown(event_after="2017-10-01", event_before="2017-10-31") == {taken.pk}
    # Text search folds Arabic letter forms: "استعاده" finds "استعادة".
    assert shown(q="استعاده") == {regained.pk}
    assert shown(q="OMAR oil") == {taken.pk}
    assert PlaceAlias.objects.filter(place=city).exists()


def test_claim_list_costs_the_same_queries_for_many_rows(
    workspace, vera, django_assert_max_num_queries
) -> None:
    client = client_for(vera)
    sources = [SourceFactory.create(name=f"S{i}") for i in range(3)]
    for i in range(3):
        ClaimFactory.create(workspace=workspace, source=sources[i % 3])
    client.get(url("claims:list", workspace))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url("claims:list", workspace))
    for i in range(40):
        ClaimFactory.create(workspace=workspace, source=sources[i % 3]).places.add(
            Place.objects.get_or_create(name=f"P{i}")[0]
        )
    with django_assert_max_num_queries(len(few)):
        response = client.get(url("claims:list", workspace))
    assert len(response.context["page"]) == 43


def test_claim_page_history_names_places_sources_and_statuses(workspace, alice, bob, source) -> None:
    from claims.services.claims import claim_create, claim_update

    sana = SourceFactory.create(name="SANA", stance="state_media")
    city = Place.objects.create(name="Deir ez-Zor")
    claim = claim_create(
        workspace=workspace, created_by=alice, text="97% of Deir ez-Zor taken", source=source
    )
    claim_update(claim=claim, updated_by=bob, source=sana, status="contested", places=[city])
    response = client_for(alice).get(url("claims:detail", workspace, pk=claim.pk))
    changes = {(c.field, c.old, c.new) for entry in response.context["history"] for c in entry.changes}
    assert ("source", "ANHA", "SANA") in changes
    assert ("status", "New", "Contested") in changes
    assert ("places", "", "Deir ez-Zor") in changes
    assert {entry.who for entry in response.context["history"]} == {"alice", "bob"}


def test_archived_copy_downloads_as_an_attachment_with_its_hash(
    workspace, alice, vera, source, settings, tmp_path
) -> None:
    import hashlib

    from claims.services.claims import claim_attach_archive

    settings.MEDIA_ROOT = tmp_path
    claim = ClaimFactory.create(workspace=workspace, source=source)
    content = b"<html><script>alert(1)</script>captured</html>"
    claim_attach_archive(claim=claim, content=content, filename="capture.html", attached_by=alice)
    claim.refresh_from_db()
    assert claim.archive_sha256 == hashlib.sha256(content).hexdigest()
    response = client_for(vera).get(url("claims:archive", workspace, pk=claim.pk))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/octet-stream"
    assert response.getvalue() == content


def test_an_archived_copy_uploaded_with_the_form_is_stored_with_its_hash(
    workspace, rita, source, settings, tmp_path
) -> None:
    import hashlib

    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    page = b"<html><body>Deir ez-Zor: 97% regained, says SANA</body></html>"
    response = client_for(rita).post(
        url("claims:create", workspace),
        {
            "text": "97% of Deir ez-Zor taken",
            "source": source.pk,
            "archive_upload": SimpleUploadedFile("sana.html", page, content_type="text/html"),
        },
    )
    claim = Claim.objects.get()
    assert response.status_code == 302
    assert claim.archive_sha256 == hashlib.sha256(page).hexdigest()
    assert claim.history.first().history_user == rita

    settings.ARCHIVE_UPLOAD_MAX_BYTES = 10
    response = client_for(rita).post(
        url("claims:edit", workspace, pk=claim.pk),
        {"text": claim.text, "source": source.pk, "archive_upload": SimpleUploadedFile("big.html", page)},
    )
    assert response.status_code == 200
    assert "may be at most" in response.context["form"].errors["archive_upload"][0]
    claim.refresh_from_db()
    assert claim.archive_sha256 == hashlib.sha256(page).hexdigest()
