"""Backup and restore as docs/backup.md says: pg_dump -Fc of a filled database and a copy of the
media files, pg_restore into a fresh database, and the checks the document lists.

Runs against the real PostgreSQL server (127.0.0.1:5432, or the server of a PostgreSQL
DATABASE_URL) on every test run, the SQLite one included, with scratch databases of its own:
their names start with `wb_<checkout folder>_`, so checkouts sharing one server never collide.
Skipped without pg_dump or the server; under CI (CI=true) that fails instead.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

pytestmark = pytest.mark.services

ROOT = Path(__file__).resolve().parents[1]


def server_url() -> str:
    """The server and user to work with, without a database name."""
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("postgresql"):
        auth = db.get("USER") or "postgres"
        if db.get("PASSWORD"):
            auth += f":{db['PASSWORD']}"
        return f"postgres://{auth}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"
    return "postgres://postgres@127.0.0.1:5432"


PREFIX = "wb_" + "".join(c if c.isalnum() else "_" for c in ROOT.name.lower())


def require(condition: bool, reason: str) -> None:
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the restore test: {reason}")
    pytest.skip(reason)


def admin_connection() -> psycopg.Connection:
    return psycopg.connect(f"{server_url()}/postgres", autocommit=True, connect_timeout=5)


@pytest.fixture
def scratch() -> Iterator[dict[str, str]]:
    require(bool(shutil.which("pg_dump") and shutil.which("pg_restore")), "pg_dump/pg_restore not installed")
    try:
        admin_connection().close()
    except psycopg.OperationalError as exc:
        require(False, f"no PostgreSQL server at {server_url()}: {exc}")
    names = {"source": f"{PREFIX}_restore_src", "target": f"{PREFIX}_restore_dst"}
    with admin_connection() as conn:
        for name in names.values():
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{names["source"]}"')
    try:
        yield names
    finally:
        with admin_connection() as conn:
            for name in names.values():
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(database: str, var: Path, *args: str) -> str:
    env = {
        **{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
        "DJANGO_SETTINGS_MODULE": "workbench.settings",
        "DATABASE_URL": f"{server_url()}/{database}",
        "DEBUG": "1",
        "SECRET_KEY": "restore-test-only-" + "k" * 40,
        "WORKBENCH_VAR_DIR": str(var),
        "MEDIA_ROOT": str(var / "media"),
        # The seeds the test checked for (the seeds_dir fixture): the demo archives them.
        "WORKBENCH_SEEDS_DIR": str(settings.SEEDS_DIR),
        "LOG_LEVEL": "WARNING",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def table_counts(database: str) -> dict[str, int]:
    with psycopg.connect(f"{server_url()}/{database}") as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        counts = {}
        for table in tables:
            (counts[table],) = conn.execute(f'SELECT count(*) FROM "{table}"').fetchall()[0]
        return counts


def history_of(database: str, external_id: str) -> list[tuple]:
    with psycopg.connect(f"{server_url()}/{database}") as conn:
        return conn.execute(
            "SELECT history_id, history_date, history_type, history_user_id, history_change_reason, "
            "text, deleted_at, deletion_reason FROM claims_historicalclaim "
            "WHERE external_id = %s ORDER BY history_id",
            [external_id],
        ).fetchall()


DELETE_ONE = """
from claims.models import Claim
from claims.services.deletion import claim_delete
from django.contrib.auth.models import User
claim = Claim.objects.exclude(external_id="").filter(archive_sha256="").order_by("pk").first()
alice = User.objects.get(username="alice")
claim_delete(claim=claim, by=alice, reason="restore test: deleted before the backup")
print(claim.external_id)
"""


def test_a_dump_restored_into_a_fresh_database_has_every_row_history_and_file(
    scratch: dict[str, str], seeds_dir: Path, tmp_path: Path
) -> None:
    source, target = scratch["source"], scratch["target"]
    var = tmp_path / "var"
    manage(source, var, "demo", "--url", "http://127.0.0.1:8000/")  # migrates, then fills
    deleted = manage(source, var, "shell", "--command", DELETE_ONE).strip().splitlines()[-1]

    # The backup, as docs/backup.md gives it: a custom-format dump and an archive of the media.
    dump = tmp_path / "workbench.dump"
    subprocess.run(["pg_dump", "-Fc", "-f", str(dump), f"{server_url()}/{source}"], check=True)
    media = tmp_path / "media.tar.gz"
    with tarfile.open(media, "w:gz") as archive:
        archive.add(var / "media", arcname="media")

    # The restore: a fresh database, pg_restore, the media unpacked where MEDIA_ROOT points.
    with admin_connection() as conn:
        conn.execute(f'CREATE DATABASE "{target}"')
    subprocess.run(
        ["pg_restore", "--no-owner", "--exit-on-error", "-d", f"{server_url()}/{target}", str(dump)],
        check=True,
    )
    restored_var = tmp_path / "restored"
    restored_var.mkdir()
    with tarfile.open(media) as archive:
        try:
            archive.extractall(restored_var, filter="data")
        except TypeError:  # a Python 3.11 older than 3.11.4 (Debian's 3.11.2-6+deb12u6): no filters
            archive.extractall(restored_var)  # noqa: S202 - the archive this test just wrote

    # What the document says to verify.
    counts = table_counts(source)
    assert counts["claims_claim"] >= 66 and counts["claims_link"] > 0
    assert table_counts(target) == counts
    history = history_of(source, deleted)
    assert [row[2] for row in history][-1] == "~"
    assert history[-1][7] == "restore test: deleted before the backup"
    assert history_of(target, deleted) == history
    assert "[ ]" not in manage(target, restored_var, "showmigrations", "--plan")  # nothing unapplied
    manage(target, restored_var, "check")
    with psycopg.connect(f"{server_url()}/{target}") as conn:
        files = conn.execute(
            "SELECT archive_file, archive_sha256 FROM claims_claim WHERE archive_file <> ''"
        ).fetchall()
    assert files, "the demo attaches archived copies"
    for name, sha256 in files:
        assert hashlib.sha256((restored_var / "media" / name).read_bytes()).hexdigest() == sha256
    # The restored database takes new rows (its sequences came along): record a claim in it.
    manage(
        target,
        restored_var,
        "shell",
        "--command",
        "from claims.models import Claim; from claims.services.claims import claim_create; "
        "c = Claim.objects.first(); "
        "claim_create(workspace=c.workspace, created_by=None, text='after the restore', source=c.source, "
        "enqueue=False)",
    )
    assert table_counts(target)["claims_claim"] == counts["claims_claim"] + 1
