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


def run_json_child(args: list[str], *, cwd: Path, env: dict[str, str]) -> dict[str, Any]:
    """Run a benchmark step in a fresh process; its last line of output is a JSON object."""
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"{' '.join(args[:3])} failed:\n{result.stderr[-5000:]}")
    figures: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return figures
