#!/usr/bin/env python
"""Import speed and memory: does peak memory stay flat as the file grows?

Generates JSONL files of synthetic claims (English and Arabic, 40 sources, places and actors
from the gazetteer starter set, figures, dates), imports each with `import_claims` in a fresh
process against a fresh database, and prints rows, file size, seconds, rows/s and peak RSS.
Seconds run from the command's start until the import has committed and its derived-fields
sweep (in-process, as in the embedded default with no REDIS_URL) has finished. The similarity
engine's checks are left out here; benchmarks/engine_import.py measures import and checks
together with real workers.

    .venv/bin/python benchmarks/import_claims.py                    # SQLite, 2,000 / 10,000 / 40,000 rows
    .venv/bin/python benchmarks/import_claims.py --rows 1000 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wb_bench .venv/bin/python benchmarks/import_claims.py

With DATABASE_URL the named PostgreSQL database is dropped and created for each size.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import tempfile
from pathlib import Path

from common import recreate_database, run_json_child

ROOT = Path(__file__).resolve().parents[1]
GAZETTEER = json.loads((ROOT / "gazetteer" / "data" / "eastern_syria.json").read_text(encoding="utf-8"))
STANCES = [
    "state_media",
    "pro_government",
    "partisan",
    "belligerent",
    "independent_monitor",
    "independent_media",
]
EN = [
    "{actor} forces took control of {place} after clashes with {actor2}, killing at least {n} fighters.",
    "Warplanes struck positions of {actor} near {place}; local sources reported {n} civilians killed.",
    "{actor} denied any presence in {place}, calling reports of {n} casualties fabricated.",
    "A convoy of {actor} fighters left {place} under an agreement with {actor2}.",
]
AR = [
    "سيطرت قوات {actor} على {place} بعد اشتباكات مع {actor2} أسفرت عن مقتل {n} مقاتلاً على الأقل.",
    "استهدفت طائرات حربية مواقع {actor} قرب {place} ما أدى إلى مقتل {n} مدنياً.",
]


def arabic_name(entry: dict) -> str:
    return next((a for a in entry["aliases"] if any("\u0600" <= ch <= "\u06ff" for ch in a)), entry["name"])


def generate(path: Path, rows: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    places, actors = GAZETTEER["places"], GAZETTEER["actors"]
    with path.open("w", encoding="utf-8") as out:
        for i in range(rows):
            arabic = rng.random() < 0.3
            place, actor, actor2 = rng.choice(places), rng.choice(actors), rng.choice(actors)
            template = rng.choice(AR if arabic else EN)
            name = (
                (lambda e: arabic_name(e))
                if arabic
                else (lambda e: rng.choice([e["name"], *e["aliases"][:2]]))
            )
            n = rng.randint(2, 200)
            day = f"20{rng.randint(13, 21)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            source = rng.randrange(40)
            row = {
                "id": f"bench-{i}",
                "text": template.format(actor=name(actor), actor2=name(actor2), place=name(place), n=n),
                "source": f"Bench source {source}",
                "stance": STANCES[source % len(STANCES)],
                "network": f"Bench network {source % 12}",
                "language": "ar" if arabic else "en",
                "published": day,
                "event_date": day,
                "url": f"https://example.org/{i}",
                "places": [name(place)],
                "actors": [name(actor), name(actor2)],
                "figures": [{"count": n, "qualifier": "at_least", "counted": "killed"}],
            }
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


CHILD = r"""
import json, os, resource, sys, time
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("load_gazetteer", verbosity=0)
# The importer alone: the engine's checks are measured by engine_import.py with real workers.
import claims.tasks
claims.tasks.check_claims_task.delay = lambda *args, **kwargs: None
start = time.perf_counter()
call_command("import_claims", sys.argv[1], "--workspace", "bench", verbosity=0)
seconds = time.perf_counter() - start
from claims.models import Claim
print(json.dumps({"seconds": seconds, "claims": Claim.objects.count(),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(rows: int, workdir: Path) -> dict:
    path = workdir / f"claims-{rows}.jsonl"
    generate(path, rows)
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
    url = os.environ.get("DATABASE_URL")
    if url:
        recreate_database(url)
    else:
        env["DATABASE_URL"] = f"sqlite:///{workdir}/bench-{rows}.sqlite3"
    figures = run_json_child([sys.executable, "-c", CHILD, str(path)], cwd=ROOT, env=env)
    figures.update(rows=rows, file_mb=path.stat().st_size / 2**20)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, nargs="+", default=[2_000, 10_000, 40_000])
    args = parser.parse_args()
    backend = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
    python = platform.python_version()
    print(f"machine: {platform.node()} · {os.cpu_count()} cores · Python {python} · {backend}")
    print(f"{'rows':>8} {'file MB':>8} {'seconds':>8} {'rows/s':>8} {'peak RSS MB':>12}")
    with tempfile.TemporaryDirectory() as tmp:
        for rows in args.rows:
            f = run(rows, Path(tmp))
            assert f["claims"] == rows, f
            rate = rows / f["seconds"]
            print(
                f"{rows:>8,} {f['file_mb']:>8.1f} {f['seconds']:>8.1f} {rate:>8.0f} {f['peak_rss_mb']:>12.0f}"
            )


if __name__ == "__main__":
    main()
