"""GET /api/workspaces/, /api/workspaces/{slug}/ and its members (admins)."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import api


def test_the_list_shows_only_my_workspaces_with_my_role(ws: dict, alice: Any, charlie: Any) -> None:
    body = api(alice).get("/api/workspaces/").json()
    assert [(w["slug"], w["role"]) for w in body["results"]] == [("deir-ezzor", "admin")]
    assert body["next"] is None
    body = api(charlie).get("/api/workspaces/").json()
    assert [w["slug"] for w in body["results"]] == ["elsewhere"]
    assert api().get("/api/workspaces/").status_code == 401


def test_the_detail_counts_claims_links_and_open_suggestions(ws: dict, vera: Any, charlie: Any) -> None:
    response = api(vera).get("/api/workspaces/deir-ezzor/")
    assert response.status_code == 200
    body = response.json()
    assert body["role"] == "viewer"
    assert body["claim_total"] == 3
    assert body["claims_by_status"]["contested"] == 1
    assert body["claims_by_status"]["new"] == 2
    assert body["link_total"] == 2
    assert body["open_suggestions"] == 2
    assert api(charlie).get("/api/workspaces/deir-ezzor/").status_code == 404
    assert api(vera).get("/api/workspaces/no-such-place/").status_code == 404


def test_members_are_listed_for_admins_only(ws: dict, alice: Any, bob: Any, charlie: Any) -> None:
    response = api(alice).get("/api/workspaces/deir-ezzor/members/")
    assert response.status_code == 200
    members = {m["username"]: m["role"] for m in response.json()["results"]}
    assert members == {"alice": "admin", "bob": "reviewer", "rita": "researcher", "vera": "viewer"}
    forbidden = api(bob).get("/api/workspaces/deir-ezzor/members/")
    assert forbidden.status_code == 403
    assert forbidden.json()["error"]["code"] == "permission_denied"
    assert "admin role" in forbidden.json()["error"]["message"]
    assert api(charlie).get("/api/workspaces/deir-ezzor/members/").status_code == 404


def test_an_admin_adds_re_roles_and_removes_members_with_history(ws: dict, alice: Any, bob: Any) -> None:
    from tests.factories import UserFactory
    from workspaces.models import Membership

    UserFactory.create(username="nadia")
    url = "/api/workspaces/deir-ezzor/members/"
    assert api(bob).post(url, {"username": "nadia"}, format="json").status_code == 403
    response = api(alice).post(url, {"username": "nadia", "role": "viewer"}, format="json")
    assert response.status_code == 201
    member = response.json()
    assert (member["username"], member["role"]) == ("nadia", "viewer")
    again = api(alice).post(url, {"username": "nadia"}, format="json")
    assert "already a member" in again.json()["error"]["fields"]["username"][0]
    assert "username" in api(alice).post(url, {"username": "nobody"}, format="json").json()["error"]["fields"]
    response = api(alice).patch(f"{url}{member['id']}/", {"role": "reviewer"}, format="json")
    assert response.json()["role"] == "reviewer"
    assert Membership.objects.get(pk=member["id"]).history.first().history_user == alice
    assert api(alice).delete(f"{url}{member['id']}/").status_code == 204
    assert not Membership.objects.filter(pk=member["id"]).exists()
    own = Membership.objects.get(user=alice).pk
    last_admin = api(alice).patch(f"{url}{own}/", {"role": "viewer"}, format="json")
    assert last_admin.status_code == 400
    assert last_admin.json()["error"]["fields"]["role"] == ["A workspace keeps at least one admin."]
