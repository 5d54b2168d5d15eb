"""Drill: a worker process is killed (SIGKILL) half-way through a batch of checks.

The task was acknowledged late, so the broker hands it out again. The batch's claims were
indexed (one transaction) before the kill; their suggestions and their "checked" marks are one
transaction for the whole batch, so the kill leaves every claim indexed but pending and no
suggestion written; the re-run checks them all, and no suggestion is half-written or stored twice.
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

    def indexed() -> set[int]:
        return set(MatchState.objects.filter(version=INDEXED_ONLY).values_list("claim_id", flat=True))

    # The index is committed first; the suggestions take PAUSE seconds a claim after it.
    assert wait_for(lambda: indexed() == set(ids), timeout=90), "the batch never started:\n" + worker.log()
    os.kill(child, signal.SIGKILL)
    # One snapshot right after the kill (the worker starts a new pool process at once).
    snapshot = dict(MatchState.objects.values_list("claim_id", "version"))
    assert snapshot == dict.fromkeys(ids, INDEXED_ONLY), "the kill did not land mid-batch"
    # Nothing of the batch's suggestions was written: they commit with the "checked" marks.
    assert not Link.objects.filter(origin=LinkOrigin.SUGGESTED).exists()
    assert not Link.history.exists()

    # The task is delivered again to a fresh pool process and finishes the batch.
    assert wait_for(lambda: len(checked()) == len(ids), timeout=120), (
        "the task did not run again after the kill:\n" + worker.log()
    )
    log = worker.log()
    assert "signal 9" in log or "SIGKILL" in log, log
    received = [
        line for line in log.splitlines() if "claims.tasks.check_claims[" in line and "received" in line
    ]
    assert len(received) == 2, log  # delivered again after the kill, and only then
    assert worker.process.poll() is None
    assert child not in worker.pool_children()
    # Every claim has its suggestions; each exists once, with one creation record.
    for claim_id in ids:
        assert Link.objects.touching(Claim(pk=claim_id)).filter(origin=LinkOrigin.SUGGESTED).exists()
    links = Link.objects.filter(origin=LinkOrigin.SUGGESTED)
    pairs = [frozenset((link.from_claim_id, link.to_claim_id)) for link in links]
    assert len(pairs) == len(set(pairs))
    for link in links:
        assert link.history.filter(history_type="+").count() == 1
    assert Link.history.filter(history_type="+").count() == links.count()
    assert pending_claim_ids(workspace_id=workspace.pk) == []
