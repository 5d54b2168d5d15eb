"""Sources seen from a workspace: search by alias, detail with grade history, record, grade."""

from __future__ import annotations

from typing import Any

from sources.models import Source, SourceAssessment
from sources.services import source_add_alias
from tests.api.conftest import api

URL = "/api/workspaces/deir-ezzor/sources/"


def test_sources_are_found_by_any_alias_with_their_claims_here(ws: dict, vera: Any) -> None:
    source_add_alias(source=ws["anha"], alias="وكالة هاوار")
    body = api(vera).get(URL, {"q": "هاوار"}).json()
    assert [(s["name"], s["claim_count"]) for s in body["results"]] == [("ANHA", 2)]
    names = {s["name"] for s in api(vera).get(URL).json()["results"]}
    assert names >= {"ANHA", "SANA"}


def test_the_detail_has_the_grade_and_assessment_history(ws: dict, bob: Any, vera: Any) -> None:
    url = f"{URL}{ws['sana'].pk}/"
    graded = api(bob).post(f"{url}grade/", {"grade": "D", "rationale": "State media."}, format="json")
    assert graded.status_code == 201
    assert graded.json()["grade"] == "D"
    assert graded.json()["assessed_by"] == "bob"
    body = api(vera).get(url).json()
    assert body["reliability"] == "D"
    assert body["stance"] == "state_media"
    assert [(a["grade"], a["rationale"], a["workspace"]) for a in body["assessments"]] == [
        ("D", "State media.", "deir-ezzor")
    ]


def test_grading_is_for_reviewers_and_needs_a_rationale(ws: dict, rita: Any, bob: Any, charlie: Any) -> None:
    url = f"{URL}{ws['sana'].pk}/grade/"
    assert api(rita).post(url, {"grade": "A", "rationale": "x"}, format="json").status_code == 403
    assert api(charlie).post(url, {"grade": "A", "rationale": "x"}, format="json").status_code == 404
    response = api(bob).post(url, {"grade": "G", "rationale": ""}, format="json")
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"grade", "rationale"}
    assert not SourceAssessment.objects.exists()
    assert (
        api(bob).post(f"{URL}999999/grade/", {"grade": "A", "rationale": "x"}, format="json").status_code
        == 404
    )


def test_a_researcher_records_a_source_with_aliases(ws: dict, rita: Any, vera: Any) -> None:
    data = {
        "name": "Deir Ezzor 24",
        "stance": "independent_media",
        "network": "DZ24",
        "aliases": ["دير الزور 24"],
    }
    assert api(vera).post(URL, data, format="json").status_code == 403
    response = api(rita).post(URL, data, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "Deir Ezzor 24"
    assert body["network"] == "DZ24"
    assert body["reliability"] == "F"
    assert set(body["aliases"]) == {"Deir Ezzor 24", "دير الزور 24"}
    assert Source.objects.get(pk=body["id"]).history.first().history_user == rita


def test_a_known_source_is_not_recorded_twice(ws: dict, rita: Any) -> None:
    response = api(rita).post(URL, {"name": "anha"}, format="json")
    assert response.status_code == 400
    assert "already recorded as 'ANHA'" in response.json()["error"]["fields"]["name"][0]
    assert Source.objects.filter(name__iexact="anha").count() == 1
