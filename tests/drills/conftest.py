"""Failure drills: real processes, killed and restarted on purpose.

Each drill starts its own redis-server on a spare loopback port (never the shared one), points
Celery's broker at it, and starts real `celery worker` processes against the test database.
Without redis-server the drills are skipped with the reason; under CI (CI=true) they fail
instead, so CI can never silently skip them.
"""

from __future__ import annotations

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

import pytest
import redis

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
