"""What the benchmark scripts share."""

from __future__ import annotations

import os
import subprocess


def recreate_database(url: str) -> None:
    """Drop and create the PostgreSQL database a DATABASE_URL names (benchmarks start clean)."""
    name, admin = url.rsplit("/", 1)[-1], url.rsplit("/", 1)[0] + "/postgres"
    quiet = {**os.environ, "PGOPTIONS": "--client-min-messages=warning"}
    subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True, env=quiet)
    subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True, env=quiet)
