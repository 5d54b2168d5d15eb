"""What the benchmark scripts share."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


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


def cpu_reference_ms() -> float:
    """How fast this machine runs the engine's Python, for comparing figures across machines: a
    fixed piece of the engine's own work, timed (best of ten rounds, in ms). The features of
    the 66 demo claims (no gazetteer) parsed from their stored form afresh each round, and the
    verdicts on every pair of them (2,145). No database; the speed figures of a check scale
    with it. It measures the engine's code too: compare machines with the same code. (The VMs
    these benchmarks ran on differed by up to 2x from one day to the next.)"""
    sys.path.insert(0, str(ROOT))
    from claims.matching.entities import Gazetteer
    from claims.matching.extract import Features, extract_features
    from claims.matching.score import compare

    with (ROOT / "claims" / "demo_data" / "claims.jsonl").open(encoding="utf-8") as rows:
        texts = [json.loads(line)["text"] for line in rows if line.strip()]
    gazetteer = Gazetteer(())
    extracted = [extract_features(text, gazetteer=gazetteer) for text in texts]
    stored = [(features.to_json(), features.text) for features in extracted]
    best = float("inf")
    for _ in range(10):
        start = time.perf_counter()
        features = [Features.from_json(data, text=text) for data, text in stored]
        for i, a in enumerate(features):
            for b in features[i + 1 :]:
                compare(a, b)
        best = min(best, time.perf_counter() - start)
    return best * 1000


def engine_machine_line(*details: str) -> str:
    """The engine benchmarks' first line: the machine, its CPU reference, and `details`."""
    return " · ".join(
        [
            f"machine: {platform.node()}",
            f"{os.cpu_count()} cores",
            f"Python {platform.python_version()}",
            f"engine CPU reference {cpu_reference_ms():.0f} ms",
            *details,
        ]
    )
