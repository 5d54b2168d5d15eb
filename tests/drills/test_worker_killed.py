"""Drill: a worker process is killed (SIGKILL) half-way through a batch of checks.

The task was acknowledged late, so the broker hands it out again; the claims checked before
the kill stay checked (each claim's suggestions and its "checked" mark are one transaction),
the others are checked by the re-run, and no suggestion is half-written or stored twice.
"""

from __future__ import annotations

import datetime as dt
import os
import signal

import pytest

from claims.matching import ENGINE_VERSION
from claims.models import Claim, Link, LinkOrigin, MatchState
from claims.services.claims import claim_create
from claims.services.matching import INDEXED_ONLY, pending_claim_ids
from claims.tasks import check_claims_task
from tests.drills.conftest import wait_for
from tests.factories import SourceFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

D = dt.date
# Three events, two or three reports each: every claim has something to suggest.
REPORTS = [
    (
        "SOHR",
        D(2021, 1, 13),
        "The death toll from last night's air strikes on Deir Ezzor city, al-Mayadeen "
        "and the Albukamal desert has risen to 57, SOHR said.",
    ),
    (
        "المرصد السوري",
        D(2021, 1, 13),
        "ارتفع إلى 57 عدد قتلى الغارات التي استهدفت ليل أمس مدينة دير الزور والميادين وبادية البوكمال.",
    ),
    (
        "SANA",
        D(2021, 1, 13),
        "A military source said the aggression at dawn on Deir Ezzor city, al-Mayadeen "
        "and the Albu Kamal area caused only material damage and no one was killed.",
    ),
    ("ANHA", D(2017, 10, 22), "The SDF seized al-Omar oil field east of al-Mayadeen on Sunday."),
    ("al-Masdar", D(2017, 10, 22), "The Syrian army took control of the al-Omar oil field on Sunday."),
    (
        "DeirEzzor24",
        D(2019, 3, 23),
        "The SDF announced the fall of Baghouz, the last IS pocket east of the Euphrates.",
    ),
    (
        "Reuters",
        D(2019, 3, 23),
        "US-backed forces declared victory over Islamic State in Baghouz on Saturday.",
    ),
]
PAUSE = 1.5  # seconds the worker waits after each claim of the batch


def test_a_worker_killed_mid_batch_leaves_no_half_written_suggestions_and_the_task_completes_once(
    redis_server, start_worker, workspace, alice, gazetteer
) -> None:
    claims = [
        claim_create(
            workspace=workspace,
            created_by=alice,
            text=text,
            source=SourceFactory.create(name=source),
            published=published,
            enqueue=False,
        )
        for source, published, text in REPORTS
    ]
    ids = [claim.pk for claim in claims]
    worker = start_worker(
        redis_server.url, pool="prefork", env={"WORKBENCH_ENGINE_CHECK_DRILL_DELAY": str(PAUSE)}
    )
    (child,) = worker.pool_children()
    check_claims_task.delay(ids)

    def checked() -> dict[int, object]:
        return dict(MatchState.objects.filter(version=ENGINE_VERSION).values_list("claim_id", "checked_at"))

    assert wait_for(lambda: len(checked()) >= 1, timeout=90), "the batch never started:\n" + worker.log()
    os.kill(child, signal.SIGKILL)
    # One snapshot right after the kill (the worker starts a new pool process at once).
    snapshot = dict(MatchState.objects.values_list("claim_id", "version"))
    before = {pk: at for pk, at in checked().items() if snapshot.get(pk) == ENGINE_VERSION}
    assert 1 <= len(before) < len(ids), "the kill did not land mid-batch"
    # The others are indexed but still pending (not ENGINE_VERSION), not skipped as checked.
    assert set(snapshot) == set(ids)
    assert {pk for pk, version in snapshot.items() if version == INDEXED_ONLY} == set(ids) - set(before)
    links_before = set(Link.objects.values_list("pk", flat=True))
    for claim_id in before:  # a checked claim's suggestions are all there, none half-written
        assert Link.objects.touching(Claim(pk=claim_id)).filter(origin=LinkOrigin.SUGGESTED).exists()

    # The task is delivered again to a fresh pool process and finishes the batch.
    assert wait_for(lambda: len(checked()) == len(ids), timeout=120), (
        "the task did not run again after the kill:\n" + worker.log()
    )
    after = checked()
    log = worker.log()
    assert "signal 9" in log or "SIGKILL" in log, log
    received = [
        line for line in log.splitlines() if "claims.tasks.check_claims[" in line and "received" in line
    ]
    assert len(received) == 2, log  # delivered again after the kill, and only then
    assert worker.process.poll() is None
    assert child not in worker.pool_children()
    # Claims checked before the kill were not checked again: the task completed once.
    assert {pk: after[pk] for pk in before} == before
    # Each suggestion exists once, with one creation record; those from before the kill stand.
    links = Link.objects.filter(origin=LinkOrigin.SUGGESTED)
    assert links_before <= set(links.values_list("pk", flat=True))
    pairs = [frozenset((link.from_claim_id, link.to_claim_id)) for link in links]
    assert len(pairs) == len(set(pairs))
    for link in links:
        assert link.history.filter(history_type="+").count() == 1
    assert Link.history.filter(history_type="+").count() == links.count()
    assert pending_claim_ids(workspace_id=workspace.pk) == []
