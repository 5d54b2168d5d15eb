#!/usr/bin/env python
"""Import and check N claims end to end, with real Celery workers, PostgreSQL and Redis.

Generates N synthetic claims (benchmarks/synthetic.py), starts a Celery worker with two
processes against a fresh PostgreSQL database and Redis, runs `import_claims` (which commits,
then hands the engine's checks to the workers in batches of 200), and waits until every claim
is checked. Prints the import time, the time until the last check, suggestions stored, the
workers' peak memory, and (from the generator's ground truth, after the timing) how many of the
pairs of two reports of one event were suggested and how many of the suggestions are such pairs;
last, how much of the whole machine's CPU was idle during the import step and during the checks
(Linux's /proc/stat; `?` elsewhere).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wb_import REDIS_URL=redis://127.0.0.1:6379/13 \\
        .venv/bin/python benchmarks/engine_import.py --claims 10000 100000

The named database is dropped and created, and the Redis database flushed, for every size.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

CHILD = r"""
import json, sys, time
import django
django.setup()
from django.core.management import call_command
from claims.models import Claim, DERIVED_VERSION, Link
from claims.services.matching import pending_claim_ids
from workspaces.models import Workspace

def cpu_times():
    # The whole machine's (idle, all) CPU time so far, from /proc/stat (Linux), else None.
    try:
        with open("/proc/stat") as stat:
            ticks = [int(n) for n in stat.readline().split()[1:]]
    except OSError:
        return None
    return ticks[3] + ticks[4], sum(ticks[:8])  # idle + iowait; user..steal

def idle_between(a, b):
    return None if a is None or b is None else (b[0] - a[0]) / max(1, b[1] - a[1])

cpu_start = cpu_times()
start = time.perf_counter()
call_command("import_claims", sys.argv[1], "--workspace", "bench", verbosity=0)
imported = time.perf_counter() - start
cpu_imported = cpu_times()
workspace = Workspace.objects.get(slug="bench")
while pending_claim_ids(workspace_id=workspace.pk, limit=1) or Claim.objects.filter(
    workspace=workspace, derived_version__lt=DERIVED_VERSION
).exists():
    time.sleep(1)
checked = time.perf_counter() - start
cpu_checked = cpu_times()
# The generator's ground truth (each row's event), after the timing: how many of the pairs of
# two reports of one event were suggested, and how many of the suggestions are such pairs.
with open(sys.argv[1], encoding="utf-8") as rows:
    event_of = {row["id"]: row["event"] for row in map(json.loads, rows)}
by_event = {}
for pk, ref in Claim.objects.filter(workspace=workspace).values_list("pk", "external_id"):
    by_event.setdefault(event_of[ref], []).append(pk)
gold = {(a, b) for pks in by_event.values() for a in pks for b in pks if a < b}
suggested = {
    (min(a, b), max(a, b))
    for a, b in Link.objects.filter(workspace=workspace).values_list("from_claim_id", "to_claim_id")
}
print(json.dumps({
    "imported_s": imported,
    "checked_s": checked,
    # How much of the machine was idle during the import step, and during the checks after it.
    "idle_import": idle_between(cpu_start, cpu_imported),
    "idle_checks": idle_between(cpu_imported, cpu_checked),
    "claims": sum(map(len, by_event.values())),
    "suggestions": len(suggested),
    "gold_pairs": len(gold),
    "recall": len(gold & suggested) / max(1, len(gold)),
    "precision": len(gold & suggested) / max(1, len(suggested)),
}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--claims", type=int, nargs="+", default=[10_000])
    args = parser.parse_args()
    url, redis_url = os.environ.get("DATABASE_URL", ""), os.environ.get("REDIS_URL", "")
    if not url.startswith("postgres") or not redis_url:
        sys.exit("Set DATABASE_URL (a PostgreSQL database this may drop) and REDIS_URL.")
    from common import engine_machine_line, postgres_settings, recreate_database, run_json_child
    from synthetic import write_jsonl

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "workbench.settings",
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-" + "k" * 40,
        "ALLOWED_HOSTS": "localhost",
        "LOG_LEVEL": "WARNING",
    }
    print(engine_machine_line(postgres_settings(url)))
    print(
        f"{'claims':>9} {'import s':>9} {'checked s':>10} {'suggestions':>12} {'worker RSS MB':>14} "
        f"{'same-event pairs':>16} {'suggested':>9} {'of suggestions':>14} {'idle: import / checks':>22}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for total in args.claims:
            path = Path(tmp) / f"claims-{total}.jsonl"
            write_jsonl(path, total)
            recreate_database(url)
            subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
            subprocess.run(
                [sys.executable, "manage.py", "load_gazetteer", "-v0"], cwd=ROOT, env=env, check=True
            )
            subprocess.run(
                [sys.executable, "-m", "celery", "-A", "workbench", "purge", "-f"],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
            )
            log = (Path(tmp) / "worker.log").open("w")
            worker = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "workbench",
                    "worker",
                    "--concurrency",
                    "2",
                    "--loglevel",
                    "WARNING",
                    "--without-gossip",
                    "--without-mingle",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            try:
                wait_for_worker(env)
                figures = run_json_child([sys.executable, "-c", CHILD, str(path)], cwd=ROOT, env=env)
                rss = peak_rss_mb(worker.pid)
            finally:
                worker.terminate()
                worker.wait(timeout=60)
                log.close()
            print(
                f"{figures['claims']:>9,} {figures['imported_s']:>9.0f} {figures['checked_s']:>10.0f} "
                f"{figures['suggestions']:>12,} {rss:>14.0f} {figures['gold_pairs']:>16,} "
                f"{figures['recall']:>9.3f} {figures['precision']:>14.3f} "
                f"{percent(figures['idle_import']):>12} / {percent(figures['idle_checks']):>7}",
                flush=True,
            )


def percent(fraction: float | None) -> str:
    return "?" if fraction is None else f"{100 * fraction:.0f}%"


def wait_for_worker(env: dict[str, str], timeout: float = 60.0) -> None:
    """Until the worker answers a ping: its queue is being consumed from then on."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ping = subprocess.run(
            [sys.executable, "-m", "celery", "-A", "workbench", "inspect", "ping", "--timeout", "1"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            check=False,
        )
        if ping.returncode == 0:
            return
    sys.exit("the worker did not start")


def peak_rss_mb(pid: int) -> float:
    """The largest peak resident memory (VmHWM) among the worker and its pool processes."""
    peaks = []
    children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    for process in [str(pid), *children]:
        try:
            status = Path(f"/proc/{process}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]) / 1024)
    return max(peaks, default=0.0)


if __name__ == "__main__":
    main()
