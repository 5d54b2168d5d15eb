"""Links and suggestions: per workspace and per claim, link by hand, accept and reject."""

from __future__ import annotations

from typing import Any

from claims.models import Link, LinkOrigin, LinkState
from tests.api.conftest import api


def link_ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.json()
    return [link["id"] for link in response.json()["results"]]


def test_the_workspaces_links_and_suggestions(ws: dict, vera: Any, charlie: Any) -> None:
    manual, suggestion = ws["manual"], ws["suggestion"]
    assert link_ids(api(vera).get("/api/workspaces/deir-ezzor/links/")) == [suggestion.pk, manual.pk]
    assert link_ids(api(vera).get("/api/workspaces/deir-ezzor/links/", {"origin": "manual"})) == [manual.pk]
    assert link_ids(api(vera).get("/api/workspaces/deir-ezzor/links/", {"claim": ws["third"].pk})) == [
        manual.pk
    ]
    assert link_ids(api(vera).get("/api/workspaces/deir-ezzor/links/", {"relation": "contradicts"})) == [
        suggestion.pk
    ]
    response = api(vera).get("/api/workspaces/deir-ezzor/suggestions/", {"state": "suggested"})
    assert link_ids(response) == [suggestion.pk]
    body = response.json()["results"][0]
    assert body["from_claim"] == {"id": ws["first"].pk, "external_id": "anha-omar"}
    assert (body["relation"], body["origin"], body["score"]) == ("contradicts", "suggested", 0.81)
    assert body["reasons"] == ["same place: al-Omar oil field"]
    assert api(vera).get("/api/workspaces/deir-ezzor/links/", {"state": "perhaps"}).status_code == 400
    assert api(charlie).get("/api/workspaces/deir-ezzor/suggestions/").status_code == 404


def test_a_claims_links_and_suggestions(ws: dict, vera: Any) -> None:
    response = api(vera).get(f"/api/claims/{ws['first'].pk}/links/")
    assert response.status_code == 200
    assert {link["id"] for link in response.json()} == {ws["manual"].pk, ws["suggestion"].pk}
    response = api(vera).get(f"/api/claims/{ws['second'].pk}/suggestions/")
    assert [s["link"] for s in response.json()["suggestions"]] == [ws["suggestion"].pk]


def test_a_researcher_proposes_a_link_and_a_reviewers_is_accepted(
    ws: dict, rita: Any, bob: Any, vera: Any
) -> None:
    url = f"/api/claims/{ws['second'].pk}/links/"
    data = {"to_claim": ws["third"].pk, "relation": "related", "note": "same week"}
    assert api(vera).post(url, data, format="json").status_code == 403
    response = api(rita).post(url, data, format="json")
    assert response.status_code == 201, response.json()
    assert (response.json()["state"], response.json()["origin"], response.json()["created_by"]) == (
        "suggested",
        "manual",
        "rita",
    )
    again = api(bob).post(
        f"/api/claims/{ws['third'].pk}/links/",
        {"to_claim": ws["second"].pk, "relation": "duplicate"},
        format="json",
    )
    assert again.status_code == 400
    assert "already linked" in again.json()["error"]["fields"]["to_claim"][0]
    Link.objects.filter(pk=response.json()["id"]).delete()
    response = api(bob).post(url, data, format="json")
    assert response.json()["state"] == "accepted"
    assert response.json()["decided_by"] == "bob"


def test_a_link_to_a_claim_elsewhere_or_itself_is_refused(ws: dict, bob: Any) -> None:
    url = f"/api/claims/{ws['second'].pk}/links/"
    for other in (ws["foreign"].pk, ws["second"].pk, 999999):
        response = api(bob).post(url, {"to_claim": other, "relation": "related"}, format="json")
        assert response.status_code == 400
        assert "to_claim" in response.json()["error"]["fields"]
    assert Link.objects.filter(workspace=ws["workspace"]).count() == 2


def test_a_reviewer_accepts_or_rejects_a_suggestion_with_history(
    ws: dict, bob: Any, rita: Any, charlie: Any
) -> None:
    url = f"/api/links/{ws['suggestion'].pk}/decide/"
    assert api(rita).post(url, {"state": "accepted"}, format="json").status_code == 403
    assert api(charlie).post(url, {"state": "accepted"}, format="json").status_code == 404
    bad = api(bob).post(url, {"state": "maybe"}, format="json")
    assert bad.status_code == 400
    assert "state" in bad.json()["error"]["fields"]
    response = api(bob).post(
        url, {"state": "accepted", "relation": "corroborates", "note": "checked"}, format="json"
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["state"], body["relation"], body["note"], body["decided_by"]) == (
        "accepted",
        "corroborates",
        "checked",
        "bob",
    )
    link = Link.objects.get(pk=ws["suggestion"].pk)
    assert link.origin == LinkOrigin.SUGGESTED
    assert link.history.first().history_user == bob
    response = api(bob).post(url, {"state": "rejected"}, format="json")
    assert response.json()["state"] == LinkState.REJECTED
    assert api(bob).get(f"/api/links/{link.pk}/").json()["state"] == "rejected"
