"""Drill: Redis is down when claims are saved. The saves succeed, the claims wait in the
database as pending, and once Redis is back the sweep and a real worker check them."""

from __future__ import annotations

import datetime as dt
import logging
import time

import pytest
from django.conf import settings
from django.urls import reverse

from claims.matching import ENGINE_VERSION
from claims.models import DERIVED_VERSION, Claim, Link, LinkOrigin, MatchState
from claims.services.claims import claim_create
from claims.services.matching import pending_claim_ids
from claims.tasks import refresh_stale_claims
from tests.conftest import client_for
from tests.drills.conftest import wait_for
from tests.factories import SourceFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

SOHR = (
    "The death toll from last night's air strikes on Deir Ezzor city, al-Mayadeen and the "
    "Albukamal desert has risen to 57, SOHR said."
)
SOHR_AR = "ارتفع إلى 57 عدد قتلى الغارات التي استهدفت ليل أمس مدينة دير الزور والميادين وبادية البوكمال."


def test_claims_saved_while_redis_is_down_are_checked_once_it_is_back(
    redis_server, start_worker, workspace, alice, gazetteer, caplog
) -> None:
    redis_server.stop()
    caplog.set_level(logging.WARNING, logger="claims.services.claims")

    # A researcher records a claim through the page: the request succeeds.
    started = time.monotonic()
    response = client_for(alice).post(
        reverse("claims:create", args=[workspace.slug]),
        {"text": SOHR, "source": SourceFactory.create(name="SOHR").pk, "published": "2021-01-13"},
    )
    took = time.monotonic() - started
    assert response.status_code == 302, response.content.decode()[:2000]
    # ... and another through the service, as an API call or a command would.
    arabic = claim_create(
        workspace=workspace,
        created_by=alice,
        text=SOHR_AR,
        source=SourceFactory.create(name="المرصد السوري"),
        published=dt.date(2021, 1, 13),
    )
    first = Claim.objects.exclude(pk=arabic.pk).get()
    assert took < 15, f"saving waited {took:.1f}s for the missing broker"
    assert any("could not enqueue claims.tasks.refresh_claim" in r.getMessage() for r in caplog.records)

    # Both are stored with their derived fields, and pending for the engine in the database.
    assert {c.derived_version for c in Claim.objects.all()} == {DERIVED_VERSION}
    assert not MatchState.objects.exists()
    assert set(pending_claim_ids(workspace_id=workspace.pk)) == {first.pk, arabic.pk}

    # Redis comes back; beat's sweep is sent and a real worker runs it and the checks it hands out.
    sweep = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == refresh_stale_claims.name
    ]
    assert sweep and float(str(sweep[0]["schedule"])) <= 10 * 60
    redis_server.start()
    worker = start_worker(redis_server.url)
    refresh_stale_claims.delay()
    assert wait_for(lambda: MatchState.objects.filter(version=ENGINE_VERSION).count() == 2, timeout=90), (
        "the claims were never checked:\n" + worker.log()
    )
    assert {c.derived_version for c in Claim.objects.all()} == {DERIVED_VERSION}
    assert pending_claim_ids(workspace_id=workspace.pk) == []
    link = Link.objects.touching(arabic).get(origin=LinkOrigin.SUGGESTED)
    assert link.other(arabic) == first
    assert link.relation == "corroborates"
    assert worker.process.poll() is None
