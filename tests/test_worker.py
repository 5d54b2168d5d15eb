"""A real Celery worker process, against the real Redis and the test database.

Needs REDIS_URL. On a machine without Redis the test is skipped with the reason; under CI
(CI=true) a missing REDIS_URL fails instead, so CI can never silently skip it.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from claims.matching import ENGINE_VERSION
from claims.models import DERIVED_VERSION, Claim, MatchState
from claims.services.claims import claim_create, claim_update
from claims.services.matching import claim_inputs
from workbench.celery import app

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[1]


def worker_database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    return f"postgres://{auth}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


@pytest.fixture
def celery_worker_process(tmp_path: Path) -> Iterator[subprocess.Popen]:
    redis_url = settings.REDIS_URL
    if not redis_url:
        if os.environ.get("CI"):
            pytest.fail("CI must run the worker test: set REDIS_URL")
        pytest.skip("REDIS_URL is not set: no Redis for a real worker (CI sets it)")
    # test_settings points the broker at REDIS_URL already; tasks stop running in-process.
    assert app.conf.broker_url == redis_url
    app.conf.task_always_eager = False
    app.control.purge()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "workbench.settings",
        "DATABASE_URL": worker_database_url(),
        "REDIS_URL": redis_url,
        "DEBUG": "0",
        "SECRET_KEY": "worker-in-tests-" + "x" * 32,
        "ALLOWED_HOSTS": "localhost",
    }
    log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "workbench",
            "worker",
            "--pool",
            "solo",
            "--loglevel",
            "INFO",
            "--without-gossip",
            "--without-mingle",
            "--hostname",
            f"test-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(timeout=0.5):
            if worker.poll() is not None or time.monotonic() > deadline:
                pytest.fail("the worker did not start:\n" + (tmp_path / "worker.log").read_text())
        yield worker
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
        log.close()
        print((tmp_path / "worker.log").read_text()[-3000:])
        app.conf.task_always_eager = True


def wait_for(predicate, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_worker_runs_the_task_a_service_enqueued_after_commit(
    celery_worker_process, workspace, alice, source
) -> None:
    claim = claim_create(
        workspace=workspace,
        created_by=alice,
        text="قوات سوريا الديمقراطية تسيطر على حقل العمر",
        source=source,
    )
    checked = MatchState.objects.filter(claim_id=claim.pk, version=ENGINE_VERSION)
    assert wait_for(checked.exists), "the worker never checked the claim"
    stored = Claim.objects.get(pk=claim.pk)  # its derived fields were saved with it
    assert (stored.derived_version, stored.language) == (DERIVED_VERSION, "ar")
    assert stored.text_normalized == "قوات سوريا الديمقراطيه تسيطر علي حقل العمر"
    first = checked.get().signature

    # An edit is checked again; the worker reads the row as it is now.
    claim_update(claim=stored, updated_by=alice, text="SDF seized al-Omar oil field")
    assert Claim.objects.get(pk=claim.pk).text_normalized == "sdf seized al omar oil field"
    assert wait_for(lambda: checked.get().signature != first), "the worker never checked the edit"
    (item,) = claim_inputs([claim.pk])
    assert checked.get().signature == item.signature
    assert celery_worker_process.poll() is None


def test_the_worker_stores_suggestions_for_a_new_claim(
    celery_worker_process, workspace, alice, source, gazetteer
) -> None:
    from claims.models import Link, LinkOrigin, MatchState

    first = claim_create(
        workspace=workspace,
        created_by=alice,
        text="The SDF seized al-Omar oil field east of al-Mayadeen on Sunday.",
        source=source,
        published=dt.date(2017, 10, 22),
    )
    assert wait_for(lambda: MatchState.objects.filter(claim=first).exists()), "the worker never checked it"
    second = claim_create(
        workspace=workspace,
        created_by=alice,
        text="The Syrian army took control of the al-Omar oil field on Sunday.",
        source=source,
        published=dt.date(2017, 10, 22),
    )
    assert wait_for(lambda: Link.objects.touching(second).filter(origin=LinkOrigin.SUGGESTED).exists()), (
        "no suggestion was stored"
    )
    link = Link.objects.touching(second).get(origin=LinkOrigin.SUGGESTED)
    assert link.other(second) == first
    assert link.relation == "contradicts"
    assert any("control of" in reason for reason in link.reasons)
    assert celery_worker_process.poll() is None


def test_the_worker_counts_find_similars_ngrams_where_beat_asks(
    celery_worker_process, workspace, alice, source
) -> None:
    from claims.models import GramCount, GramStats
    from claims.tasks import refresh_gram_counts

    for text in ("The SDF seized al-Omar oil field.", "The army took the al-Omar oil field."):
        claim = claim_create(workspace=workspace, created_by=alice, text=text, source=source)
    assert wait_for(lambda: MatchState.objects.filter(claim=claim).exists()), "the worker never checked it"
    refresh_gram_counts.delay()  # as beat sends it: every workspace that is due
    counted = GramStats.objects.filter(workspace=workspace, built_at__isnull=False)
    assert wait_for(counted.exists), "the worker never counted the workspace's n-grams"
    assert counted.get().claims == 2
    assert GramCount.objects.get(workspace=workspace, gram="omar").claims == 2
    assert celery_worker_process.poll() is None
