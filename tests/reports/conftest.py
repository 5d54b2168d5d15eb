"""A small workspace with everything a report shows: Arabic and English claims, graded sources of
different stances, accepted and open links with notes, and verdicts changed over time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from claims.models import Claim, LinkRelation
from claims.services.claims import claim_create, claim_update
from claims.services.links import link_create
from gazetteer.models import Place
from sources.services import source_grade
from tests.factories import NetworkFactory, SourceFactory

ARABIC = "قصفت طائرات حربية مواقع قرب البوكمال ما أدى إلى مقتل ١٢ مدنياً"


@dataclass
class World:
    workspace: Any
    english: Claim  # corroborated, credibility 2, after review
    arabic: Claim  # corroborates english
    denial: Claim  # contradicts english, refuted
    fresh: Claim  # new, never reviewed
    old: Claim  # superseded by english
    place: Place


@pytest.fixture
def world(workspace, alice, bob) -> World:
    workspace.organisation = "Syria Desk Collective"
    workspace.save()
    monitor = SourceFactory.create(
        name="Syrian Observatory", stance="independent_monitor", url="https://www.syriahr.com/en/"
    )
    state = SourceFactory.create(
        name="SANA", stance="state_media", network=NetworkFactory.create(name="Syrian state")
    )
    local = SourceFactory.create(name="Deir Ezzor 24", stance="independent_media")
    source_grade(source=monitor, grade="B", rationale="Long record of cautious counts.", assessed_by=bob)
    source_grade(
        source=state, grade="D", rationale="Government outlet; denies strikes as a rule.", assessed_by=bob
    )
    place = Place.objects.create(name="Al-Bukamal", kind="city")

    def claim(text: str, source: Any, **fields: Any) -> Claim:
        return claim_create(
            workspace=workspace, created_by=alice, text=text, source=source, enqueue=False, **fields
        )

    english = claim(
        "Warplanes struck positions near al-Bukamal, killing 12 civilians.",
        monitor,
        external_id="sohr-1",
        language="en",
        url="https://www.syriahr.com/en/1",
        published="2017-11-09",
        event_start="2017-11-08",
        event_precision="day",
        places=[place],
    )
    arabic = claim(ARABIC, local, external_id="dez-1", language="ar", published="2017-11-09", places=[place])
    denial = claim("The army did not carry out any strikes near al-Bukamal.", state, external_id="sana-1")
    fresh = claim("Convoy seen leaving al-Mayadeen.", local, external_id="dez-2", published="2017-11-10")
    old = claim("Strikes reported near al-Bukamal, toll unknown.", monitor, external_id="sohr-0")

    claim_update(claim=english, updated_by=bob, status="in_review", enqueue=False)
    claim_update(claim=english, updated_by=bob, status="corroborated", credibility=2, enqueue=False)
    claim_update(claim=denial, updated_by=bob, status="refuted", credibility=5, enqueue=False)
    claim_update(claim=arabic, updated_by=bob, status="contested", enqueue=False)

    link_create(
        from_claim=arabic,
        to_claim=english,
        relation=LinkRelation.CORROBORATES,
        note="Local outlet independently gives the same toll.",
        created_by=bob,
        accepted=True,
    )
    link_create(
        from_claim=denial, to_claim=english, relation=LinkRelation.CONTRADICTS, created_by=bob, accepted=True
    )
    link_create(
        from_claim=english, to_claim=old, relation=LinkRelation.SUPERSEDES, created_by=bob, accepted=True
    )
    # A researcher's proposal a reviewer has not decided: not a finding, not in reports.
    link_create(from_claim=fresh, to_claim=english, relation=LinkRelation.RELATED, created_by=alice)
    for c in (english, arabic, denial, fresh, old):
        c.refresh_from_db()
    return World(workspace, english, arabic, denial, fresh, old, place)
