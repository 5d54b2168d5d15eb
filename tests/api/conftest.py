"""A small workspace for the API tests: two sources, three claims, a manual link and a suggestion."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from rest_framework.test import APIClient

from claims.models import Link, LinkOrigin, LinkRelation, LinkState
from claims.services.claims import claim_create
from tests.factories import ClaimFactory, SourceFactory


def api(user: Any = None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def ws(
    workspace: Any, other_workspace: Any, alice: Any, bob: Any, rita: Any, vera: Any, charlie: Any
) -> dict:
    anha = SourceFactory.create(name="ANHA", stance="partisan")
    sana = SourceFactory.create(name="SANA", stance="state_media")
    day = dt.date(2017, 10, 22)
    first = claim_create(
        workspace=workspace,
        created_by=alice,
        text="The SDF seized al-Omar oil field east of al-Mayadeen on Sunday.",
        source=anha,
        published=day,
        external_id="anha-omar",
        figures=[{"count": 3, "qualifier": "at_least", "counted": "fighters killed"}],
        tags=["oil"],
    )
    second = claim_create(
        workspace=workspace,
        created_by=alice,
        text="The Syrian army took control of the al-Omar oil field on Sunday.",
        source=sana,
        published=day,
        external_id="sana-omar",
        status="contested",
    )
    third = claim_create(
        workspace=workspace, created_by=alice, text="Strikes reported near al-Bukamal.", source=anha
    )
    manual = Link.objects.create(
        workspace=workspace, from_claim=first, to_claim=third, relation=LinkRelation.RELATED, created_by=alice
    )
    suggestion = Link.objects.create(
        workspace=workspace,
        from_claim=first,
        to_claim=second,
        relation=LinkRelation.CONTRADICTS,
        origin=LinkOrigin.SUGGESTED,
        state=LinkState.SUGGESTED,
        score=0.81,
        reasons=["same place: al-Omar oil field"],
        engine_version="test",
    )
    foreign = ClaimFactory.create(workspace=other_workspace, source=anha)
    return {
        "workspace": workspace,
        "anha": anha,
        "sana": sana,
        "first": first,
        "second": second,
        "third": third,
        "manual": manual,
        "suggestion": suggestion,
        "foreign": foreign,
    }
