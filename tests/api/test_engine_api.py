"""The engine's API: suggestions of a claim and similar claims of a workspace, per role."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims.services.claims import claim_create
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db(transaction=True)  # checks run after commit


@pytest.fixture
def pair(workspace: Any, alice: Any, gazetteer: Any) -> tuple[Any, Any]:
    day = dt.date(2017, 10, 22)
    first = claim_create(
        workspace=workspace,
        created_by=alice,
        text="The SDF seized al-Omar oil field east of al-Mayadeen on Sunday.",
        source=SourceFactory.create(name="ANHA"),
        published=day,
        external_id="anha-omar",
    )
    second = claim_create(
        workspace=workspace,
        created_by=alice,
        text="The Syrian army took control of the al-Omar oil field on Sunday.",
        source=SourceFactory.create(name="SANA"),
        published=day,
        external_id="sana-omar",
    )
    return first, second


def api(user: Any = None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_a_member_reads_a_claims_suggestions(pair: tuple, vera: Any) -> None:
    first, second = pair
    response = api(vera).get(f"/api/claims/{second.pk}/suggestions/")
    assert response.status_code == 200
    body = response.json()
    assert body["claim"] == "sana-omar"
    assert body["checked"] is True
    [suggestion] = body["suggestions"]
    assert suggestion["other"] == "anha-omar"
    assert suggestion["relation"] == "contradicts"
    assert suggestion["state"] == "suggested"
    assert any("al-Omar" in reason for reason in suggestion["reasons"])


def test_a_token_works_like_a_session(pair: tuple, bob: Any) -> None:
    token = Token.objects.create(user=bob)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get(f"/api/claims/{pair[0].pk}/suggestions/").status_code == 200


def test_outsiders_and_strangers_learn_nothing(pair: tuple, charlie: Any) -> None:
    url = f"/api/claims/{pair[0].pk}/suggestions/"
    assert api().get(url).status_code == 401
    assert api(charlie).get(url).status_code == 404
    assert api(charlie).get("/api/workspaces/deir-ezzor/similar/", {"text": "al-Omar"}).status_code == 404
    assert api().get("/api/workspaces/deir-ezzor/similar/", {"text": "al-Omar"}).status_code == 401


def test_similar_claims_of_a_workspace(pair: tuple, vera: Any) -> None:
    response = api(vera).get(
        "/api/workspaces/deir-ezzor/similar/",
        {"text": "قسد تسيطر على حقل العمر النفطي", "top": 1, "published": "2017-10-22"},
    )
    assert response.status_code == 200
    body = response.json()
    assert len(body["matches"]) == 1
    assert body["matches"][0]["claim"] in {"anha-omar", "sana-omar"}


def test_similar_names_the_bad_field(pair: tuple, vera: Any) -> None:
    response = api(vera).get("/api/workspaces/deir-ezzor/similar/", {"text": "x", "top": 500})
    assert response.status_code == 400
    assert "top" in response.json()["error"]["fields"]
    response = api(vera).get("/api/workspaces/deir-ezzor/similar/", {"published": "2017-10-22"})
    assert response.status_code == 400
    assert "text" in response.json()["error"]["fields"]
