"""What the benchmark scripts share."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any


def recreate_database(url: str) -> None:
    """Drop and create the PostgreSQL database a DATABASE_URL names (benchmarks start clean)."""
    name, admin = url.rsplit("/", 1)[-1], url.rsplit("/", 1)[0] + "/postgres"
    quiet = {**os.environ, "PGOPTIONS": "--client-min-messages=warning"}
    subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True, env=quiet)
    subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True, env=quiet)


def postgres_settings(url: str) -> str:
    """The server's version and autovacuum setting, for the machine line: with autovacuum off (as
    some CI images set it) tables are never analyzed or vacuumed while a benchmark fills them,
    and the engine's queries run on stale plans and visibility maps."""
    admin = url.rsplit("/", 1)[0] + "/postgres"
    result = subprocess.run(
        ["psql", admin, "-Atc", "SELECT current_setting('server_version'), current_setting('autovacuum')"],
        capture_output=True,
        text=True,
        check=True,
    )
    version, autovacuum = result.stdout.strip().split("|")
    return f"PostgreSQL {version} · autovacuum {autovacuum}"


def run_json_child(args: list[str], *, cwd: Path, env: dict[str, str]) -> dict[str, Any]:
    """Run a benchmark step in a fresh process; its last line of output is a JSON object."""
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"{' '.join(args[:3])} failed:\n{result.stderr[-5000:]}")
    figures: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return figures
