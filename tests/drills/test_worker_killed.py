"""Drill: a worker process is killed (SIGKILL) half-way through a batch of checks.

The task was acknowledged late, so the broker hands it out again. The batch's claims were
indexed (one transaction) before the kill; their suggestions and their "checked" marks are one
transaction for the whole batch, so the kill leaves every claim indexed but pending and no
suggestion written; the re-run checks them all, and no suggestion is half-written or stored twice.
"""

from __future__ import annotations

import os
import signal

import pytest

from claims.tasks import check_claims_task
from tests.drills.conftest import AtTheKill, checked_claims, indexed_claims, received, wait_for

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

PAUSE = 1.5  # seconds the worker waits after each claim of the batch


def test_a_worker_killed_mid_batch_leaves_no_half_written_suggestions_and_the_task_completes_once(
    redis_server, start_worker, workspace, batch_claims
) -> None:
    ids = [claim.pk for claim in batch_claims]
    worker = start_worker(
        redis_server.url, pool="prefork", env={"WORKBENCH_ENGINE_CHECK_DRILL_DELAY": str(PAUSE)}
    )
    (child,) = worker.pool_children()
    check_claims_task.delay(ids)

    # The index is committed first; the suggestions take PAUSE seconds a claim after it.
    assert wait_for(lambda: indexed_claims() == set(ids), timeout=90), (
        "the batch never started:\n" + worker.log()
    )
    os.kill(child, signal.SIGKILL)
    # One snapshot right after the kill (the worker starts a new pool process at once).
    at_the_kill = AtTheKill.take(ids)

    # The task is delivered again to a fresh pool process and finishes the batch.
    assert wait_for(lambda: len(checked_claims()) == len(ids), timeout=120), (
        "the task did not run again after the kill:\n" + worker.log()
    )
    log = worker.log()
    assert "signal 9" in log or "SIGKILL" in log, log
    assert len(received(log)) == 2, log  # delivered again after the kill, and only then
    assert worker.process.poll() is None
    assert child not in worker.pool_children()
    # The task completed once.
    at_the_kill.assert_finished_once(workspace_id=workspace.pk)
