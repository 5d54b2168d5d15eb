"""Claims: the queue's filters with cursor pages, detail, record and edit through the services."""

from __future__ import annotations

from typing import Any

from claims.models import Claim, MatchState
from claims.services.claims import claim_create
from gazetteer.models import Place
from tests.api.conftest import api

URL = "/api/workspaces/deir-ezzor/claims/"


def ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.json()
    return [claim["id"] for claim in response.json()["results"]]


def test_the_list_takes_the_queues_filters(ws: dict, vera: Any) -> None:
    first, second, third = ws["first"], ws["second"], ws["third"]
    assert ids(api(vera).get(URL)) == [third.pk, second.pk, first.pk]
    assert ids(api(vera).get(URL, {"status": "contested"})) == [second.pk]
    assert ids(api(vera).get(URL, {"status": ["contested", "new"]})) == [third.pk, second.pk, first.pk]
    assert ids(api(vera).get(URL, {"stance": "state_media"})) == [second.pk]
    assert ids(api(vera).get(URL, {"source": ws["anha"].pk})) == [third.pk, first.pk]
    assert ids(api(vera).get(URL, {"q": "AL-OMAR"})) == [second.pk, first.pk]
    assert ids(api(vera).get(URL, {"published_after": "2017-10-23"})) == []


def test_a_bad_filter_is_a_400_naming_it(ws: dict, vera: Any) -> None:
    response = api(vera).get(URL, {"status": "maybe", "published_after": "yesterday"})
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"status", "published_after"}


def test_the_list_is_paged_by_cursor(ws: dict, vera: Any) -> None:
    seen = []
    page = api(vera).get(URL, {"page_size": 2}).json()
    seen += [claim["id"] for claim in page["results"]]
    assert page["previous"] is None
    assert "cursor=" in page["next"]
    page = api(vera).get(page["next"]).json()
    seen += [claim["id"] for claim in page["results"]]
    assert page["next"] is None
    assert seen == [ws["third"].pk, ws["second"].pk, ws["first"].pk]


def test_the_list_costs_the_same_queries_for_many_claims(ws: dict, vera: Any, gazetteer: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api(vera)
    with CaptureQueriesContext(connection) as few:
        assert len(ids(client.get(URL))) == 3
    place = Place.objects.get(name="al-Mayadeen")
    for n in range(12):
        claim_create(
            workspace=ws["workspace"],
            created_by=vera,
            text=f"Report {n} from al-Mayadeen.",
            source=ws["sana"],
            places=[place],
            tags=["x", f"t{n}"],
            figures=[{"count": n, "counted": "killed"}],
        )
    with CaptureQueriesContext(connection) as many:
        assert len(ids(client.get(URL))) == 15
    assert len(many) == len(few)


def test_the_detail_shows_the_claim_with_its_source_figures_and_tags(
    ws: dict, vera: Any, charlie: Any
) -> None:
    response = api(vera).get(f"/api/claims/{ws['first'].pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["external_id"] == "anha-omar"
    assert body["workspace"] == "deir-ezzor"
    assert body["source"]["name"] == "ANHA"
    assert body["source"]["stance"] == "partisan"
    assert body["figures"] == [{"count": 3, "qualifier": "at_least", "counted": "fighters killed"}]
    assert body["tags"] == ["oil"]
    assert body["created_by"] == "alice"
    assert api(charlie).get(f"/api/claims/{ws['first'].pk}/").status_code == 404
    assert api(vera).get(f"/api/claims/{ws['foreign'].pk}/").status_code == 404


def test_a_researcher_records_a_claim_and_the_engine_checks_it_after_commit(
    ws: dict, rita: Any, gazetteer: Any, django_capture_on_commit_callbacks: Any
) -> None:
    place = Place.objects.get(name="al-Mayadeen")
    data = {
        "text": "Clashes near al-Mayadeen; at least 4 civilians killed.",
        "source": ws["anha"].pk,
        "published": "2017-10-23",
        "event_date": "2017-10-22/2017-10-23",
        "places": [place.pk],
        "figures": [{"count": 4, "qualifier": "at_least", "counted": "civilians killed"}],
        "tags": ["Clashes"],
        "external_id": "anha-clashes",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = api(rita).post(URL, data, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["event_start"] == "2017-10-22"
    assert body["event_end"] == "2017-10-23"
    assert body["event_precision"] == "range"
    assert body["event_date"] == "2017-10-22/2017-10-23"
    assert body["places"] == [{"id": place.pk, "name": "al-Mayadeen"}]
    assert body["tags"] == ["clashes"]
    assert body["status"] == "new"
    claim = Claim.objects.get(pk=body["id"])
    record = claim.history.first()
    assert (record.history_user, record.history_change_reason) == (rita, "created")
    assert MatchState.objects.filter(claim=claim).exists()  # the engine's check ran after commit


def test_a_researcher_may_not_set_a_verdict(ws: dict, rita: Any, bob: Any) -> None:
    data = {"text": "A claim.", "source": ws["anha"].pk, "status": "refuted", "credibility": 5}
    response = api(rita).post(URL, data, format="json")
    assert response.status_code == 403
    assert "status, credibility" in response.json()["error"]["message"]
    assert Claim.objects.count() == 4  # the three and the foreign one
    response = api(bob).post(URL, {**data, "assignee": "rita"}, format="json")
    assert response.status_code == 201
    assert (response.json()["status"], response.json()["credibility"], response.json()["assignee"]) == (
        "refuted",
        5,
        "rita",
    )


def test_bad_input_names_the_field_and_stores_nothing(ws: dict, rita: Any, bob: Any) -> None:
    cases = [
        ({"source": ws["anha"].pk}, "text"),
        ({"text": "x", "source": 999999}, "source"),
        ({"text": "x", "source": ws["anha"].pk, "event_date": "last week"}, "event_date"),
        (
            {"text": "x", "source": ws["anha"].pk, "figures": [{"qualifier": "exact", "counted": "dead"}]},
            "figures",
        ),
        ({"text": "x", "source": ws["anha"].pk, "external_id": "anha-omar"}, "__all__"),
    ]
    for data, field in cases:
        response = api(rita).post(URL, data, format="json")
        assert response.status_code == 400, data
        error = response.json()["error"]
        assert error["code"] == "invalid"
        if field == "__all__":
            assert "external_id" in error["message"], error  # the per-workspace unique constraint
        else:
            assert field in error["fields"], error
    response = api(bob).post(
        URL, {"text": "x", "source": ws["anha"].pk, "assignee": "charlie"}, format="json"
    )
    assert response.status_code == 400
    assert "assignee" in response.json()["error"]["fields"]
    assert Claim.objects.count() == 4


def test_an_edit_goes_through_the_service_with_history(
    ws: dict, rita: Any, vera: Any, charlie: Any, django_capture_on_commit_callbacks: Any
) -> None:
    url = f"/api/claims/{ws['third'].pk}/"
    assert api(vera).patch(url, {"text": "Changed."}, format="json").status_code == 403
    assert api(charlie).patch(url, {"text": "Changed."}, format="json").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = api(rita).patch(
            url, {"text": "Air strikes reported near al-Bukamal.", "tags": ["strikes"]}, format="json"
        )
    assert response.status_code == 200, response.json()
    assert response.json()["text"] == "Air strikes reported near al-Bukamal."
    assert response.json()["tags"] == ["strikes"]
    assert response.json()["source"]["name"] == "ANHA"  # untouched
    claim = Claim.objects.get(pk=ws["third"].pk)
    assert claim.history.first().history_user == rita
    assert claim.history.first().history_change_reason == "edited"
    assert claim.derived_version > 0  # re-derived after commit
    response = api(rita).patch(url, {"published": "not a date"}, format="json")
    assert response.status_code == 400
    assert "published" in response.json()["error"]["fields"]
