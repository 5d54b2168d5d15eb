"""Drill: an import process is killed (SIGKILL) half-way through a file.

The file is fed through a named pipe, so the import is certainly mid-way, with batches of
claims written inside its open transaction, when it is killed: nothing of it is left behind.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from claims.models import Claim
from gazetteer.models import Place
from sources.models import Source
from tests.drills.conftest import use_broker, wait_for
from tests.test_worker import ROOT, worker_database_url

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

ROWS = 1_200  # more than two batches of 500, and more than a pipe's buffer


def row(i: int) -> str:
    return (
        json.dumps(
            {
                "id": f"feed-{i}",
                "text": f"Report {i}: shelling on the outskirts of Hajin, {i % 7 + 1} civilians wounded.",
                "source": f"Feed outlet {i % 5}",
                "places": [f"Unlisted hamlet {i % 3}"],
            }
        )
        + "\n"
    )


def open_for_writing(fifo: Path, process: subprocess.Popen) -> int:
    """Open the pipe once the importer has opened it for reading (never block on a dead one)."""
    descriptor = -1

    def opened() -> bool:
        nonlocal descriptor
        try:
            descriptor = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError as exc:
            if exc.errno != errno.ENXIO or process.poll() is not None:
                raise
            return False
        return True

    assert wait_for(opened, timeout=60), "the importer never opened the file"
    os.set_blocking(descriptor, True)
    return descriptor


def writer_transaction_open() -> bool:
    """Another connection holds a write transaction open on the test database."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND state = 'idle in transaction' AND pid <> pg_backend_pid()"
            )
            return bool(cursor.fetchone()[0])
    probe = sqlite3.connect(connection.settings_dict["NAME"], timeout=0)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.rollback()
        return False
    except sqlite3.OperationalError as exc:
        return "locked" in str(exc)
    finally:
        probe.close()


def test_an_import_killed_half_way_leaves_nothing_behind(workspace, alice, tmp_path: Path) -> None:
    fifo = tmp_path / "feed.jsonl"
    os.mkfifo(fifo)
    sources, places = Source.objects.count(), Place.objects.count()
    log = tmp_path / "import.log"
    process = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "import_claims",
            str(fifo),
            "--workspace",
            workspace.slug,
            "--user",
            "alice",
        ],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
            "DJANGO_SETTINGS_MODULE": "workbench.settings",
            "DATABASE_URL": worker_database_url(),
            "DEBUG": "0",
            "SECRET_KEY": "import-in-drills-" + "x" * 32,
            "ALLOWED_HOSTS": "localhost",
        },
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        descriptor = open_for_writing(fifo, process)
        with os.fdopen(descriptor, "w", encoding="utf-8") as pipe:
            for i in range(ROWS):
                pipe.write(row(i))
            pipe.flush()
            # The writes returned, so the importer has read past the first batch of 500 and
            # written it; it now waits for more lines with its transaction open.
            assert wait_for(writer_transaction_open, timeout=60), (
                "no open import transaction:\n" + log.read_text()
            )
            assert process.poll() is None
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
    except BrokenPipeError:
        pytest.fail("the importer stopped reading:\n" + log.read_text())
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == -signal.SIGKILL

    assert wait_for(lambda: not writer_transaction_open(), timeout=30)
    assert not Claim.objects.filter(workspace=workspace).exists()
    assert not Claim.history.exists()
    assert (Source.objects.count(), Place.objects.count()) == (sources, places)

    # The same file imports whole afterwards: nothing half-written stands in its way.
    complete = tmp_path / "complete.jsonl"
    complete.write_text("".join(row(i) for i in range(ROWS)), encoding="utf-8")
    from claims.services.imports import claims_import

    use_broker("memory://localhost/")  # the engine's sweep is queued, not run here: not this drill's
    try:
        result = claims_import(path=complete, workspace=workspace, user=alice)
    finally:
        use_broker(None)
    assert result.created == ROWS
    assert Claim.objects.filter(workspace=workspace).count() == ROWS
