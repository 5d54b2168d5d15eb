#!/usr/bin/env python
"""Report export speed and memory: CSV and JSON of 100,000 (and 1,000,000) claims.

Builds a synthetic workspace in a fresh database (claims from benchmarks/synthetic.py, English
and Arabic, 60 sources in 20 networks, gazetteer places and actors, statuses and credibility,
an accepted link between consecutive reports of one event, one history row per claim), bulk
inserted in a fresh process. Then runs `export_report` once per format, each in a fresh process,
and prints seconds (wall clock), CPU seconds of the exporting process, peak RSS and file size.
The promise: 100,000 claims as CSV in <= 10 s on 2 cores, and <= 300 MB of memory for 1,000,000.

    .venv/bin/python benchmarks/export_report.py                          # SQLite, 100,000 claims
    .venv/bin/python benchmarks/export_report.py --claims 100000 1000000 --formats csv json
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wb_bench .venv/bin/python benchmarks/export_report.py

With DATABASE_URL the named PostgreSQL database is dropped and created for each size.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
from pathlib import Path

from common import recreate_database, run_json_child

ROOT = Path(__file__).resolve().parents[1]

BUILD = r"""
import json, random, sys, time
sys.path.insert(0, "benchmarks")
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("load_gazetteer", verbosity=0)
from django.utils import timezone
from simple_history.utils import bulk_create_with_history
from claims.models import Claim, Link
from gazetteer.models import Actor, Place
from sources.models import Network, Source
from synthetic import generate_claims
from workspaces.models import Workspace

count = int(sys.argv[1])
from django.db import connection
if connection.vendor == "sqlite":
    # A throwaway database: no fsync per batch (the exports below read it with the defaults).
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.execute("PRAGMA journal_mode=MEMORY")
start = time.perf_counter()
workspace = Workspace.objects.create(slug="bench", name="Benchmark", organisation="Benchmark desk")
places = dict(Place.objects.values_list("name", "id"))
actors = dict(Actor.objects.values_list("name", "id"))
sources, networks = {}, {}
rng = random.Random(11)
STATUSES = ["new"] * 8 + ["in_review"] * 4 + ["corroborated"] * 4 + ["contested"] * 2
STATUSES += ["refuted", "unverifiable"]
now = timezone.now()
links = 0


def source_id(row):
    name = row["source"]
    if name not in sources:
        network = networks.get(row["network"])
        if network is None:
            network = networks[row["network"]] = Network.objects.create(name=row["network"])
        sources[name] = Source.objects.create(
            name=name, stance=row["stance"], network=network, reliability=rng.choice("ABCDEF")
        ).pk
    return sources[name]


def flush(batch):
    global links
    claims = bulk_create_with_history([claim for claim, _ in batch], Claim, batch_size=2000)
    place_rows, actor_rows, link_rows, previous = [], [], [], {}
    for claim, row in zip(claims, (row for _, row in batch)):
        for n in row.get("places", []):
            if n in places:
                place_rows.append(Claim.places.through(claim_id=claim.pk, place_id=places[n]))
        for n in row.get("actors", []):
            if n in actors:
                actor_rows.append(Claim.actors.through(claim_id=claim.pk, actor_id=actors[n]))
        other = previous.get(row["event"])
        if other is not None:
            relation = "contradicts" if ("denied" in row["text"] or "نفت" in row["text"]) else "corroborates"
            link_rows.append(Link(
                workspace=workspace, from_claim_id=claim.pk, to_claim_id=other, relation=relation,
                state="accepted", decided_at=now, note="same event",
            ))
        previous[row["event"]] = claim.pk
    Claim.places.through.objects.bulk_create(place_rows, batch_size=5000)
    Claim.actors.through.objects.bulk_create(actor_rows, batch_size=5000)
    Link.objects.bulk_create(link_rows, batch_size=5000)
    links += len(link_rows)


batch = []
for row in generate_claims(count):
    status = rng.choice(STATUSES)
    event = row.get("event_date")
    claim = Claim(
        workspace=workspace, external_id=row["id"], text=row["text"], language=row["language"],
        source_id=source_id(row), published=row["published"], status=status,
        credibility=rng.randint(1, 6) if status not in ("new", "in_review") else None,
        event_start=event, event_precision="day" if event else "",
    )
    batch.append((claim, row))
    if len(batch) == 10000:
        flush(batch)
        batch = []
if batch:
    flush(batch)
print(json.dumps({"seconds": time.perf_counter() - start, "claims": Claim.objects.count(), "links": links}))
"""

EXPORT = r"""
import json, resource, sys, time
import django
django.setup()
from django.core.management import call_command
start, cpu = time.perf_counter(), time.process_time()
call_command("export_report", "--workspace", "bench", "--format", sys.argv[1], "-o", sys.argv[2], verbosity=0)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "cpu_seconds": time.process_time() - cpu, "peak_rss_mb": peak}))
"""


def environment(workdir: Path, claims: int) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "workbench.settings",
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-" + "k" * 40,
        "ALLOWED_HOSTS": "localhost",
        "WORKBENCH_VAR_DIR": str(workdir),
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    if not os.environ.get("DATABASE_URL"):
        env["DATABASE_URL"] = f"sqlite:///{workdir}/bench-{claims}.sqlite3"
    return env


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--claims", type=int, nargs="+", default=[100_000])
    parser.add_argument("--formats", nargs="+", default=["csv", "json"])
    args = parser.parse_args()
    backend = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
    load = os.getloadavg()[0]
    print(
        f"machine: {platform.node()} · {os.cpu_count()} cores · Python {platform.python_version()}"
        f" · {backend} · load average {load:.1f} at start (shared with other work)"
    )
    print(
        f"{'claims':>10} {'format':>11} {'seconds':>8} {'CPU s':>6} {'claims/s':>9} {'peak RSS MB':>12}"
        f" {'file MB':>8}"
    )
    with tempfile.TemporaryDirectory(prefix="export-bench-") as tmp:
        workdir = Path(tmp)
        for claims in args.claims:
            env = environment(workdir, claims)
            if os.environ.get("DATABASE_URL"):
                recreate_database(os.environ["DATABASE_URL"])
            built = run_json_child([sys.executable, "-c", BUILD, str(claims)], cwd=ROOT, env=env)
            assert built["claims"] == claims, built
            print(
                f"{claims:>10,} {'(build)':>11} {built['seconds']:>8.1f}"
                f"   bulk insert; {built['links']:,} accepted links",
                flush=True,
            )
            for fmt in args.formats:
                out = workdir / f"report-{claims}.{fmt}"
                f = run_json_child([sys.executable, "-c", EXPORT, fmt, str(out)], cwd=ROOT, env=env)
                size = out.stat().st_size / 2**20
                print(
                    f"{claims:>10,} {fmt:>11} {f['seconds']:>8.1f} {f['cpu_seconds']:>6.1f}"
                    f" {claims / f['seconds']:>9,.0f}"
                    f" {f['peak_rss_mb']:>12.0f} {size:>8.1f}",
                    flush=True,
                )
                out.unlink()
            if not os.environ.get("DATABASE_URL"):
                Path(env["DATABASE_URL"].removeprefix("sqlite:///")).unlink()


if __name__ == "__main__":
    main()
