#!/usr/bin/env python
"""Time of the dashboard and the event view as the number of claims grows.

For each size, on a fresh PostgreSQL database: N synthetic claims (8 source stances, event dates
spread over 2013-2021, one or two gazetteer places each, a link for one claim in five) are
inserted straight into the tables; then the two pages are requested through Django's test
client as a signed-in member, each 7 times, and the median time and the number of queries are
printed. The queries must stay the same whatever N (the tests check it); the time shows what
the aggregates cost.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wb_pages \
        .venv/bin/python benchmarks/pages.py --claims 10000 100000

The named database is dropped and created for every size.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from common import recreate_database, run_json_child  # noqa: E402

STANCES = [
    "state_media",
    "pro_government",
    "partisan",
    "belligerent",
    "independent_monitor",
    "independent_media",
    "wire_agency",
    "unknown",
]


def child(claims: int) -> dict[str, Any]:
    os.environ.pop("REDIS_URL", None)
    import datetime as dt

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()  # the test client's response.context

    call_command("migrate", verbosity=0)
    from gazetteer.services import gazetteer_load_starter_set

    gazetteer_load_starter_set()
    from django.contrib.auth.models import User

    from claims.models import Claim, Link
    from gazetteer.models import Place
    from sources.models import Source
    from workspaces.models import Membership, Workspace

    rng = random.Random(7)
    workspace = Workspace.objects.create(slug="bench", name="Bench")
    user = User.objects.create_user("bench")
    Membership.objects.create(workspace=workspace, user=user, role="viewer")
    sources = [Source.objects.create(name=f"Source {i}", stance=STANCES[i % 8]) for i in range(40)]
    places = list(Place.objects.all())
    bukamal = Place.objects.get(name="al-Bukamal")
    start = dt.date(2013, 1, 1)
    span = (dt.date(2021, 12, 31) - start).days
    loaded = time.perf_counter()
    for offset in range(0, claims, 5000):
        batch = []
        for i in range(offset, min(offset + 5000, claims)):
            day = start + dt.timedelta(days=rng.randrange(span))
            batch.append(
                Claim(
                    workspace=workspace,
                    source=sources[i % 40],
                    text=f"Claim {i}: shelling reported, {i % 50} killed.",
                    language="en",
                    event_start=day,
                    event_precision="day",
                    status=["new", "in_review", "corroborated", "contested"][i % 4],
                )
            )
        Claim.objects.bulk_create(batch)
        through = Claim.places.through
        through.objects.bulk_create(
            [
                through(claim_id=c.pk, place_id=(bukamal if i % 30 == 0 else rng.choice(places)).pk)
                for i, c in enumerate(batch)
            ]
        )
        Link.objects.bulk_create(
            [
                Link(
                    workspace=workspace,
                    from_claim_id=a.pk,
                    to_claim_id=b.pk,
                    relation="contradicts" if j % 3 == 0 else "corroborates",
                    origin="suggested",
                    state="suggested",
                    score=0.7,
                )
                for j, (a, b) in enumerate(zip(batch[::10], batch[5::10], strict=False))
            ]
        )
    load_seconds = time.perf_counter() - loaded
    connection.cursor().execute("ANALYZE")

    client = Client()
    client.force_login(user)
    first = dt.date(2017, 11, 1)
    pages = {
        "dashboard": "/w/bench/dashboard/",
        "event view (al-Bukamal, 30 days)": (
            f"/w/bench/events/?place={bukamal.pk}&start={first}&end={first + dt.timedelta(days=29)}"
        ),
    }
    figures: dict[str, Any] = {"claims": claims, "load_seconds": round(load_seconds, 1), "pages": {}}
    for name, url in pages.items():
        assert client.get(url).status_code == 200
        times = []
        for _ in range(7):
            with CaptureQueriesContext(connection) as queries:
                began = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - began)
            assert response.status_code == 200
        shown = response.context["event"].total if response.context.get("event") else None
        figures["pages"][name] = {
            "median_ms": round(1000 * statistics.median(times), 1),
            "queries": len(queries),
            "shown": shown,
        }
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--claims", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child)))
        return
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database this benchmark may drop and create.")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "workbench.settings",
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-" + "k" * 40,
        "ALLOWED_HOSTS": "testserver,localhost",
        "LOG_LEVEL": "WARNING",
    }
    python = platform.python_version()
    print(f"machine: {platform.node()} · {os.cpu_count()} cores · Python {python} · PostgreSQL")
    print(f"{'claims':>9}  {'page':<34} {'median ms':>9} {'queries':>7} {'shown':>6}")
    for claims in args.claims:
        recreate_database(url)
        figures = run_json_child([sys.executable, __file__, "--child", str(claims)], cwd=ROOT, env=env)
        for name, page in figures["pages"].items():
            shown = "" if page["shown"] is None else page["shown"]
            print(f"{claims:>9,}  {name:<34} {page['median_ms']:>9} {page['queries']:>7} {shown:>6}")


if __name__ == "__main__":
    main()
