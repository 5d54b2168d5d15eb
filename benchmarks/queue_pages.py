#!/usr/bin/env python
"""How long the review queue takes to answer, at 100k and 1M claims (PostgreSQL).

For each size, on a fresh PostgreSQL database:

1. Load N synthetic claims (benchmarks/synthetic.py) into one workspace with COPY, with a
   spread of statuses, credibility and assignees, and one engine-like link for every fourth
   claim (suggested, accepted or rejected; a fifth of them contradictions). History is not
   loaded: this measures the queue's reads, not the importer.
2. In a fresh process, through Django's test client as a signed-in reviewer, time the queue's
   first page (the default "needs attention" queue), a deep page (a cursor at the middle of the
   workspace), a filtered page (status, stance and an event-date range) and the claim page,
   each the median of R requests after one warm-up request, and count their SQL queries.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wb_i4a_queue .venv/bin/python benchmarks/queue_pages.py
    DATABASE_URL=... .venv/bin/python benchmarks/queue_pages.py --claims 100000 1000000 --repeat 7

The named database is dropped and created for every size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

STATUSES = ["new"] * 5 + ["in_review"] * 2 + ["corroborated", "contested", "refuted", "unverifiable"]


def django_env(url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "workbench.settings",
        "DATABASE_URL": url,
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-" + "k" * 40,
        "ALLOWED_HOSTS": "localhost,testserver",
        "LOG_LEVEL": "WARNING",
    }


def setup() -> None:
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()


def load(total: int, seed: int) -> dict[str, Any]:
    import hashlib
    import random

    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone
    from synthetic import generate_claims

    from claims.matching.entities import matching_text
    from claims.models import DERIVED_VERSION, Claim, Link
    from sources.services import network_get_or_create, source_create
    from workspaces.models import Membership, Workspace

    call_command("migrate", verbosity=0)
    workspace = Workspace.objects.create(slug="bench", name="Benchmark")
    users = []
    for name in ("alice", "bob", "rita", "sam"):
        user = User.objects.create_user(name, password="x")
        Membership.objects.create(
            workspace=workspace, user=user, role="reviewer" if name != "alice" else "admin"
        )
        users.append(user.pk)
    sources: dict[str, int] = {}
    for row in generate_claims(min(total, 5000), seed=seed):
        name = str(row["source"])
        if name not in sources:
            sources[name] = source_create(
                name=name, stance=str(row["stance"]), network=network_get_or_create(name=str(row["network"]))
            ).pk
    rng = random.Random(seed)
    now = timezone.now().isoformat()
    columns = [f.column for f in Claim._meta.concrete_fields]
    start = time.perf_counter()
    raw = connection.connection
    assert raw is not None
    events: dict[int, list[int]] = {}
    claim_id = 0
    with (
        raw.cursor() as cursor,
        cursor.copy(f"COPY {Claim._meta.db_table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in generate_claims(total, seed=seed):
            name = str(row["source"])
            if name not in sources:
                continue
            claim_id += 1
            text = str(row["text"])
            normalized = matching_text(text)
            event = row.get("event_date")
            values = {
                "id": claim_id,
                "workspace_id": workspace.pk,
                "external_id": str(row["id"]),
                "text": text,
                "language": str(row["language"]),
                "source_id": sources[name],
                "url": "",
                "published": row["published"],
                "event_start": event,
                "event_end": None,
                "event_precision": "day" if event else "",
                "status": rng.choice(STATUSES),
                "credibility": rng.choice([None, None, 1, 2, 3, 4, 5, 6]),
                "assignee_id": rng.choice([None, None, None, *users]),
                "archive_url": "",
                "archive_file": "",
                "archive_sha256": "",
                "archived_at": None,
                "created_by_id": None,
                "created_at": now,
                "updated_at": now,
                "text_normalized": normalized,
                "text_sha256": hashlib.sha256(normalized.encode()).hexdigest(),
                "derived_version": DERIVED_VERSION,
            }
            copy.write_row([values[c] for c in columns])
            events.setdefault(int(str(row["event"])), []).append(claim_id)
    raw.commit()
    link_columns = [
        "workspace_id",
        "from_claim_id",
        "to_claim_id",
        "relation",
        "origin",
        "state",
        "score",
        "reasons",
        "engine_version",
        "signature",
        "note",
        "created_at",
        "decided_at",
    ]
    links = 0
    with (
        raw.cursor() as cursor,
        cursor.copy(f"COPY {Link._meta.db_table} ({', '.join(link_columns)}) FROM STDIN") as copy,
    ):
        for ids in events.values():
            for a, b in zip(ids, ids[1:], strict=False):
                if rng.random() > 0.5:
                    continue
                state = rng.choice(["suggested", "suggested", "accepted", "rejected"])
                relation = "contradicts" if rng.random() < 0.2 else "corroborates"
                copy.write_row(
                    [
                        workspace.pk,
                        a,
                        b,
                        relation,
                        "suggested",
                        state,
                        round(rng.random(), 2),
                        "[]",
                        "bench",
                        "",
                        "",
                        now,
                        None if state == "suggested" else now,
                    ]
                )
                links += 1
    raw.commit()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{Claim._meta.db_table}', 'id'), %s)", [claim_id]
        )
        cursor.execute("VACUUM ANALYZE")
    return {"claims": claim_id, "links": links, "load_seconds": time.perf_counter() - start}


def measure(repeat: int) -> dict[str, Any]:
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from claims.models import Claim
    from claims.queue import Cursor, sort_get

    setup_test_environment()
    client = Client()
    client.force_login(User.objects.get(username="bob"))
    total = Claim.objects.count()
    middle = Claim.objects.order_by("id").values_list("id", flat=True)[total // 2]
    deep = Cursor(middle, middle).encode()
    deep_event = Claim.objects.filter(pk__gte=middle, event_start__isnull=False).order_by("pk").first()
    assert deep_event is not None
    deep_by_event = Cursor.of(deep_event, sort_get("event")).encode()
    some = Claim.objects.filter(pk=middle).first()
    assert some is not None
    day = some.published or dt.date(2017, 11, 8)
    since = (day - dt.timedelta(days=365)).isoformat()
    queue = "/w/bench/claims/queue/"
    pages = {
        "first page (needs attention)": "/w/bench/claims/queue/",
        "deep page (middle, newest first)": f"/w/bench/claims/queue/?attention=&after={deep}",
        "deep page (middle, by event date)": f"{queue}?attention=&sort=event&after={deep_by_event}",
        "filtered (status, stance, dates)": f"{queue}?status=new&status=in_review&stance=state_media"
        f"&stance=partisan&event_after={since}&event_before={day.isoformat()}",
        "filtered (undecided suggestions)": "/w/bench/claims/queue/?suggestions=true",
        "filtered (contradictions, text)": "/w/bench/claims/queue/?contradictions=true&q=killed",
        "claim page": f"/w/bench/claims/{middle}/",
    }
    out: dict[str, Any] = {}
    for label, url in pages.items():
        assert client.get(url).status_code == 200, url
        times = []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        rows = len(response.context["page"].claims) if "page" in response.context else 0
        out[label] = {
            "median_ms": statistics.median(times),
            "max_ms": max(times),
            "queries": len(queries),
            "rows": rows,
        }
    return out


def run_child(step: str, total: int, seed: int, repeat: int, url: str) -> dict[str, Any]:
    from common import run_json_child

    args = [sys.executable, __file__, "--child", step, "--claims", str(total), "--seed", str(seed)]
    return run_json_child([*args, "--repeat", str(repeat)], cwd=ROOT, env=django_env(url))


def main() -> None:
    from common import recreate_database

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--claims", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--measure-only",
        action="store_true",
        help="measure the database as a previous run left it (its last size), without reloading",
    )
    parser.add_argument("--child", choices=["load", "measure"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        setup()
        result = load(args.claims[0], args.seed) if args.child == "load" else measure(args.repeat)
        print(json.dumps(result))
        return
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database this benchmark may drop and create.")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    version = subprocess.run(
        ["psql", admin, "-Atc", "SHOW server_version"], capture_output=True, text=True
    ).stdout
    load_avg = os.getloadavg()
    print(
        f"machine: {platform.node()} · {os.cpu_count()} cores · load {load_avg[0]:.1f} (shared) · "
        f"Python {platform.python_version()} · PostgreSQL {version.strip()}"
    )
    for total in args.claims:
        if args.measure_only:
            count = subprocess.run(
                ["psql", url, "-Atc", "SELECT count(*) FROM claims_claim; SELECT count(*) FROM claims_link"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
            loaded = {"claims": int(count[0]), "links": int(count[1]), "load_seconds": 0.0}
        else:
            recreate_database(url)
            loaded = run_child("load", total, args.seed, args.repeat, url)
        measured = run_child("measure", total, args.seed, args.repeat, url)
        print(
            f"\n{loaded['claims']:,} claims, {loaded['links']:,} links "
            f"(loaded in {loaded['load_seconds']:.0f} s), "
            f"median of {args.repeat} requests, load now {os.getloadavg()[0]:.1f}"
        )
        print(f"  {'page':<36} {'median ms':>9} {'max ms':>8} {'queries':>8} {'rows':>5}")
        for label, m in measured.items():
            print(
                f"  {label:<36} {m['median_ms']:>9.1f} {m['max_ms']:>8.1f} {m['queries']:>8} {m['rows']:>5}"
            )
        sys.stdout.flush()


if __name__ == "__main__":
    main()
