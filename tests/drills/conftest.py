"""Failure drills: real processes, killed and restarted on purpose.

Each drill starts its own redis-server on a spare loopback port (never the shared one), points
Celery's broker at it, and starts real `celery worker` processes against the test database.
Without redis-server the drills are skipped with the reason; under CI (CI=true) they fail
instead, so CI can never silently skip them.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import redis

from claims.matching import ENGINE_VERSION
from claims.models import Claim, Link, LinkOrigin, MatchState
from claims.services.claims import claim_create
from claims.services.matching import INDEXED_ONLY, pending_claim_ids
from tests.factories import SourceFactory
from tests.test_worker import ROOT, worker_database_url
from workbench.celery import app


def require(condition: bool, reason: str) -> None:
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the failure drills: {reason}")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(predicate: Callable[[], object], timeout: float = 60.0, every: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(every)
    return False


@dataclass
class RedisServer:
    """A redis-server of the test's own: no persistence, on a loopback port nobody else uses."""

    port: int
    log: Path
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def ping(self) -> bool:
        try:
            return bool(redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=0.5).ping())
        except redis.exceptions.ConnectionError:
            return False

    def start(self) -> None:
        assert self.process is None, "already running"
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                [
                    "redis-server",
                    "--port",
                    str(self.port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--daemonize",
                    "no",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        if not wait_for(self.ping, timeout=20):
            raise AssertionError("redis-server did not start:\n" + self.log.read_text())

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None
        assert not self.ping()


def use_broker(url: str | None) -> None:
    """Point this process's Celery app at a broker (None: back to the test settings)."""
    from django.conf import settings

    app.conf.update(broker_url=url or settings.CELERY_BROKER_URL, task_always_eager=url is None)
    # The app keeps one pool of broker connections and one of producers, made on first use for
    # the broker of the day (Celery has no public reset): drop both so the next send picks the
    # pools of the new URL. Not closed: kombu keeps them per URL and hands them out again.
    vars(app)["_pool"] = None
    vars(app.amqp)["_producer_pool"] = None


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    require(shutil.which("redis-server") is not None, "redis-server is not installed")
    server = RedisServer(port=free_port(), log=tmp_path / "redis.log")
    server.start()
    use_broker(server.url)
    try:
        yield server
    finally:
        use_broker(None)
        server.stop()


@dataclass
class Worker:
    process: subprocess.Popen
    log_path: Path
    _log: object = field(repr=False, default=None)

    def log(self) -> str:
        return self.log_path.read_text()

    def pool_children(self) -> list[int]:
        """The prefork pool's processes (the ones that run tasks)."""
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in path.read_text().split()] if path.exists() else []

    def kill_whole(self) -> None:
        """SIGKILL to the main process and its pool at once, as when the machine or container
        dies: nothing of the worker runs on to acknowledge, reject or requeue its task."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        print(self.log()[-4000:])


@pytest.fixture
def start_worker(tmp_path: Path) -> Iterator[Callable[..., Worker]]:
    started: list[Worker] = []

    def start(broker_url: str, *, pool: str = "solo", env: dict[str, str] | None = None) -> Worker:
        log_path = tmp_path / f"worker-{len(started)}.log"
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "workbench",
                "worker",
                "--pool",
                pool,
                "--concurrency",
                "1",
                "--loglevel",
                "INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--hostname",
                f"drill-{os.getpid()}-{len(started)}@%h",
            ],
            cwd=ROOT,
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "workbench.settings",
                "DATABASE_URL": worker_database_url(),
                "REDIS_URL": broker_url,
                "DEBUG": "0",
                "SECRET_KEY": "worker-in-drills-" + "x" * 32,
                "ALLOWED_HOSTS": "localhost",
                **(env or {}),
            },
            stdout=log_path.open("w"),
            stderr=subprocess.STDOUT,
            # A process group of its own (the pool's processes join it), so a drill can kill the
            # whole worker with one killpg and nothing else.
            process_group=0,
        )
        worker = Worker(process, log_path)
        started.append(worker)
        if not wait_for(lambda: app.control.ping(timeout=0.5) or process.poll() is not None, timeout=60):
            pytest.fail("the worker did not answer:\n" + worker.log())
        if process.poll() is not None:
            pytest.fail("the worker exited:\n" + worker.log())
        return worker

    try:
        yield start
    finally:
        for worker in started:
            worker.stop()


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


@pytest.fixture
def batch_claims(workspace: Any, alice: Any, gazetteer: Any) -> list[Claim]:
    """The seven claims of REPORTS, saved without enqueueing their checks: one batch to check."""
    return [
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


def checked_claims() -> dict[int, dt.datetime]:
    """The claims the current engine has checked, and when."""
    return dict(MatchState.objects.filter(version=ENGINE_VERSION).values_list("claim_id", "checked_at"))


def received(log: str, task: str = "claims.tasks.check_claims") -> list[str]:
    """A worker log's lines for each delivery of a task it received."""
    return [line for line in log.splitlines() if f"{task}[" in line and "received" in line]


def indexed_claims() -> set[int]:
    """The claims indexed by a batch check that has not yet stored their suggestions."""
    return set(MatchState.objects.filter(version=INDEXED_ONLY).values_list("claim_id", flat=True))


@dataclass
class AtTheKill:
    """What a batch check had stored when its worker was killed.

    A batch is indexed first (one transaction), then its suggestions, their history and the
    claims' "checked" marks are decided and written in one transaction for the whole batch.
    """

    ids: list[int]

    @classmethod
    def take(cls, ids: list[int]) -> AtTheKill:
        """Right after the kill, checking that it landed mid-batch and left nothing half-written:
        every claim indexed only and still pending, no suggestion and no history of one."""
        snapshot = dict(MatchState.objects.values_list("claim_id", "version"))
        assert snapshot == dict.fromkeys(ids, INDEXED_ONLY), "the kill did not land mid-batch"
        assert not Link.objects.filter(origin=LinkOrigin.SUGGESTED).exists()
        assert not Link.history.exists()
        return cls(list(ids))

    def assert_finished_once(self, *, workspace_id: int) -> None:
        """After the re-run: every claim checked with its suggestions, each suggestion stored
        once with one creation record, nothing left pending."""
        assert set(checked_claims()) == set(self.ids)
        for claim_id in self.ids:
            assert Link.objects.touching(Claim(pk=claim_id)).filter(origin=LinkOrigin.SUGGESTED).exists()
        links = Link.objects.filter(origin=LinkOrigin.SUGGESTED)
        pairs = [frozenset((link.from_claim_id, link.to_claim_id)) for link in links]
        assert len(pairs) == len(set(pairs))
        for link in links:
            assert link.history.filter(history_type="+").count() == 1
        assert Link.history.filter(history_type="+").count() == links.count()
        assert pending_claim_ids(workspace_id=workspace_id) == []
