"""Drill: the whole worker dies (SIGKILL to its main process and pool) half-way through a batch.

As when its machine or container is lost: nothing of the worker runs on to reject or requeue
the task, which stays taken but unacknowledged in Redis. A worker started afterwards sweeps
Redis for such tasks and puts one back on the queue once it was taken longer ago than the
visibility timeout (BROKER_VISIBILITY_TIMEOUT, two hours in use, a few seconds here); it then
finishes the batch, once. The kill lands after the batch was indexed, while its suggestions
are decided: nothing of them is written until the whole batch commits, so every claim is
pending at the kill and checked once after it, and no suggestion is half-written or stored twice.
"""

from __future__ import annotations

import json
import time
from typing import cast

import pytest
import redis

from claims.tasks import check_claims_task
from tests.drills.conftest import AtTheKill, checked_claims, indexed_claims, received, wait_for

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

PAUSE = 1.5  # seconds the first worker waits after each claim of the batch
# The new worker's timeout: longer than its own run of the batch (else it would hand its own
# running task out again), short enough for the drill. Its sweep looks every second.
VISIBILITY_TIMEOUT = 10
QUEUE = "celery"
UNACKED, UNACKED_INDEX = "unacked", "unacked_index"  # kombu's Redis keys for taken tasks


def alive(pid: int) -> bool:
    """A process that still exists and is not a zombie waiting to be reaped."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_a_whole_worker_killed_mid_batch_has_its_task_finished_once_by_a_new_worker(
    redis_server, start_worker, workspace, batch_claims
) -> None:
    ids = [claim.pk for claim in batch_claims]
    broker = redis.Redis(host="127.0.0.1", port=redis_server.port, db=0)
    first = start_worker(
        redis_server.url, pool="prefork", env={"WORKBENCH_ENGINE_CHECK_DRILL_DELAY": str(PAUSE)}
    )
    pool = first.pool_children()
    assert len(pool) == 1
    check_claims_task.delay(ids)

    # The index is committed first; the suggestions take PAUSE seconds a claim after it.
    assert wait_for(lambda: indexed_claims() == set(ids), timeout=90), (
        "the batch never started:\n" + first.log()
    )
    first.kill_whole()
    assert first.process.returncode == -9
    assert wait_for(lambda: not any(alive(pid) for pid in pool), timeout=10), "the pool outlived its worker"

    # Nothing of the worker ran on: the task is neither acknowledged nor back on the queue,
    # but held in Redis as taken, since the moment the first worker received it.
    assert broker.llen(QUEUE) == 0
    held = cast(list[tuple[bytes, float]], broker.zrange(UNACKED_INDEX, 0, -1, withscores=True))
    assert len(held) == 1, held
    ((tag, taken_at),) = held
    raw = broker.hget(UNACKED, tag)
    assert isinstance(raw, bytes)
    message, _exchange, _routing_key = json.loads(raw)
    assert message["headers"]["task"] == "claims.tasks.check_claims"
    at_the_kill = AtTheKill.take(ids)

    second = start_worker(
        redis_server.url,
        pool="prefork",
        env={"BROKER_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT), "BROKER_RESTORE_INTERVAL": "1"},
    )
    # The new worker puts the task back on the queue only once the timeout has passed, and takes
    # it (same message, same tag: held again from a later moment, or acknowledged already).
    assert wait_for(lambda: broker.zscore(UNACKED_INDEX, tag) != taken_at, timeout=VISIBILITY_TIMEOUT + 30), (
        "the new worker never took the lost task back:\n" + second.log()
    )
    assert time.time() - taken_at >= VISIBILITY_TIMEOUT
    assert wait_for(lambda: len(checked_claims()) == len(ids), timeout=60), (
        "the lost task did not run again:\n" + second.log()
    )
    # Acknowledged once it finished: nothing left taken or queued to run a third time.
    assert wait_for(lambda: broker.hlen(UNACKED) == 0, timeout=30), second.log()
    assert broker.llen(QUEUE) == 0
    assert len(received(first.log())) == 1, first.log()
    assert len(received(second.log())) == 1, second.log()
    assert second.process.poll() is None
    # Every claim checked with its suggestions; each suggestion is stored once.
    at_the_kill.assert_finished_once(workspace_id=workspace.pk)
