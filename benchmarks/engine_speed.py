#!/usr/bin/env python
"""Speed and memory of the engine's check for one new claim, at 10k, 100k and 1M claims.

For each size, on a fresh PostgreSQL database:

1. Load N synthetic claims (benchmarks/synthetic.py: clusters of same-event reports with
   transliteration variants, dates and figures) straight into the tables with COPY, and the
   engine's index for them (features and blocking keys, computed by two processes). The claims
   are loaded without their change history: this benchmark measures the engine, not the importer
   (benchmarks/import_claims.py does).
2. In a fresh process, like a worker: record NEW more claims through the normal service (not
   timed), then run the check task for each exactly as a worker does (derived fields, features,
   keys, candidates, verdicts, suggestions stored) and time it from the task's start to the
   suggestions stored. These claims are spread over the generated stream, so most have reports
   of the same event already in the index.

Prints p50 / p95 / max per check, suggestions stored, index size, the checking process's peak
memory (RSS), and how many of the pairs of a checked claim and another report of its event (the generator's
ground truth) were suggested, and how many of the suggestions are such pairs (of all of them, of
the corroborations, of the contradictions).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wb_speed .venv/bin/python benchmarks/engine_speed.py
    DATABASE_URL=... .venv/bin/python benchmarks/engine_speed.py --claims 100000 1000000 --new 300
    DATABASE_URL=... .venv/bin/python benchmarks/engine_speed.py --claims 1000000 --step load
    DATABASE_URL=... .venv/bin/python benchmarks/engine_speed.py --claims 1000000 --step check

The named database is dropped and created for every size.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
CHUNK = 2000


def django_env(url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "workbench.settings",
        "DATABASE_URL": url,
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-" + "k" * 40,
        "ALLOWED_HOSTS": "localhost",
        "LOG_LEVEL": "WARNING",
    }


def setup() -> None:
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()


def held_out(index: int, total: int, new: int) -> bool:
    """Every (total / new)-th claim is kept back, to be recorded and checked one by one."""
    step = max(1, total // new)
    return index % step == step // 2 and index // step < new


# --- loading -----------------------------------------------------------------------------------


def _features_for(rows: list[tuple[int, int, str, str, str | None]]) -> list[tuple[int, str, list[int]]]:
    import datetime as dt

    from claims.matching.extract import extract_features
    from claims.matching.keys import index_keys, key_hash
    from claims.services.matching import load_gazetteer

    gazetteer = load_gazetteer()
    out = []
    for claim_id, workspace_id, text, published, event in rows:
        day = dt.date.fromisoformat(published)
        window = (dt.date.fromisoformat(event),) * 2 if event else None
        features = extract_features(text, gazetteer=gazetteer, published=day, event=window)
        keys = [key_hash(workspace_id, key) for key in index_keys(features)]
        out.append((claim_id, json.dumps(features.to_json(), ensure_ascii=False), keys))
    return out


def load(total: int, new: int, seed: int) -> dict[str, Any]:
    import datetime as dt
    import multiprocessing

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone
    from synthetic import generate_claims

    from claims.matching import ENGINE_VERSION
    from claims.matching.entities import matching_text
    from claims.models import DERIVED_VERSION, Claim, MatchKey, MatchState
    from claims.services.matching import load_gazetteer
    from sources.models import Source
    from sources.services import network_get_or_create, source_create
    from workspaces.models import Workspace

    call_command("migrate", verbosity=0)
    call_command("load_gazetteer", verbosity=0)
    load_gazetteer(force=True)
    workspace = Workspace.objects.create(slug="bench", name="Benchmark")
    sources: dict[str, int] = {}
    for row in generate_claims(total + new, seed=seed):  # sources first: COPY holds the connection
        name = str(row["source"])
        if name not in sources:
            sources[name] = source_create(
                name=name, stance=str(row["stance"]), network=network_get_or_create(name=str(row["network"]))
            ).pk
    now = timezone.now().isoformat()
    claim_columns = [f.column for f in Claim._meta.concrete_fields]
    start = time.perf_counter()
    pending: list[tuple[int, int, str, str, str | None]] = []
    raw = connection.connection
    assert raw is not None
    claim_id = 0
    with (
        raw.cursor() as cursor,
        cursor.copy(f"COPY {Claim._meta.db_table} ({', '.join(claim_columns)}) FROM STDIN") as copy,
    ):
        for index, row in enumerate(generate_claims(total + new, seed=seed)):
            if held_out(index, total + new, new):
                continue
            name = str(row["source"])
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
                "status": "new",
                "credibility": None,
                "assignee_id": None,
                "relayed_from_id": None,
                "relay_origin": "",
                "relay_cue": "",
                "archive_url": "",
                "archive_file": "",
                "archive_sha256": "",
                "archived_at": None,
                "created_by_id": None,
                "created_at": now,
                "updated_at": now,
                "deleted_at": None,
                "deleted_by_id": None,
                "deletion_reason": "",
                "text_normalized": normalized,
                "text_sha256": hashlib.sha256(normalized.encode()).hexdigest(),
                "derived_version": DERIVED_VERSION,
            }
            copy.write_row([values[column] for column in claim_columns])
            pending.append(
                (claim_id, workspace.pk, text, str(row["published"]), str(event) if event else None)
            )
    raw.commit()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{Claim._meta.db_table}', 'id'), %s)", [claim_id]
        )
    claims_seconds = time.perf_counter() - start

    start = time.perf_counter()
    chunks: Iterator[list[tuple[int, int, str, str, str | None]]] = (
        pending[i : i + CHUNK] for i in range(0, len(pending), CHUNK)
    )
    keys_written = 0
    connection.close()  # forked processes must not share the parent's connection
    context = multiprocessing.get_context("fork")
    with context.Pool(2) as pool:
        raw = None
        connection.ensure_connection()
        raw = connection.connection
        assert raw is not None
        state_table, key_table = MatchState._meta.db_table, MatchKey._meta.db_table
        for results in pool.imap(_features_for, chunks):
            with raw.cursor() as cursor:
                with cursor.copy(
                    f"COPY {state_table} (claim_id, workspace_id, version, signature, features, checked_at) "
                    "FROM STDIN"
                ) as copy:
                    for cid, features, _ in results:
                        copy.write_row([cid, workspace.pk, ENGINE_VERSION, "", features, now])
                with cursor.copy(f"COPY {key_table} (key, claim_id) FROM STDIN") as copy:
                    for cid, _, keys in results:
                        for key in set(keys):
                            copy.write_row([key, cid])
                            keys_written += 1
            raw.commit()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # visibility map for index-only scans, fresh statistics
        cursor.execute(f"SELECT pg_total_relation_size('{key_table}'), pg_database_size(current_database())")
        key_bytes, db_bytes = cursor.fetchone()
    del dt, Source
    return {
        "claims": claim_id,
        "claims_seconds": claims_seconds,
        "index_seconds": time.perf_counter() - start,
        "keys": keys_written,
        "index_mb": key_bytes / 2**20,
        "database_mb": db_bytes / 2**20,
    }


# --- checking, in a fresh process like a worker ------------------------------------------------


def check(total: int, new: int, seed: int) -> dict[str, Any]:
    import datetime as dt
    import resource

    from synthetic import generate_claims

    from claims.models import Link
    from claims.services.claims import claim_create
    from claims.tasks import refresh_claim
    from sources.models import Source
    from workbench.celery import tune_worker_process
    from workspaces.models import Workspace

    workspace = Workspace.objects.get(slug="bench")
    sources = dict(Source.objects.values_list("name", "pk"))
    ids = []
    checked_events = set()
    for index, row in enumerate(generate_claims(total + new, seed=seed)):
        if not held_out(index, total + new, new):
            continue
        checked_events.add(int(row["event"]))  # type: ignore[call-overload]
        event = row.get("event_date")
        claim = claim_create(
            workspace=workspace,
            created_by=None,
            text=str(row["text"]),
            source=Source.objects.get(pk=sources[str(row["source"])]),
            language=str(row["language"]),
            published=dt.date.fromisoformat(str(row["published"])),
            event_start=dt.date.fromisoformat(str(event)) if event else None,
            event_precision="day" if event else "",
            external_id=str(row["id"]),
            enqueue=False,
        )
        ids.append(claim.pk)
    tune_worker_process()  # as a worker process does at start
    refresh_claim.run(ids[0])  # the first check loads the gazetteer: not counted
    times = []
    for claim_id in ids[1:]:
        start = time.perf_counter()
        refresh_claim.run(claim_id)  # exactly what the worker runs for a saved claim
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    suggested = (
        Link.objects.filter(from_claim_id__in=ids).count() + Link.objects.filter(to_claim_id__in=ids).count()
    )
    return {
        **same_event_recall(ids, same_events(total + new, seed, checked_events)),
        "checks": len(times),
        "p50_ms": statistics.median(times),
        "p95_ms": times[int(len(times) * 0.95) - 1],
        "max_ms": times[-1],
        "suggestions_per_claim": suggested / len(ids),
        "peak_rss_mb": peak_rss_mb,
    }


def same_events(count: int, seed: int, wanted: set[int]) -> dict[str, int]:
    """The external ids of the claims of some events (a second pass over the generator, after the
    checks, so that the map does not count in the checking process's peak memory)."""
    from synthetic import generate_claims

    return {
        str(row["id"]): int(row["event"])  # type: ignore[call-overload]
        for row in generate_claims(count, seed=seed)
        if row["event"] in wanted
    }


def same_event_recall(checked: list[int], events: dict[str, int]) -> dict[str, float]:
    """Of the pairs of a checked claim and another report of its event (the generator's ground
    truth), how many the engine suggested. Look-alike reports of other events, and claims the
    engine is right not to pair (a text naming no place, actor or date it can read), are in the
    workload too, so this is not expected to reach 1."""
    from claims.models import Claim, Link

    pk_event = {
        pk: events[ref]
        for pk, ref in Claim.objects.filter(external_id__in=list(events)).values_list("pk", "external_id")
    }
    by_event: dict[int, list[int]] = {}
    for pk, event in pk_event.items():
        by_event.setdefault(event, []).append(pk)
    gold = {(min(a, b), max(a, b)) for a in checked for b in by_event.get(pk_event.get(a, -1), []) if a != b}
    relation: dict[tuple[int, int], str] = {}
    for key in ("from_claim_id__in", "to_claim_id__in"):
        for a, b, kind in Link.objects.filter(**{key: checked}).values_list(
            "from_claim_id", "to_claim_id", "relation"
        ):
            relation[min(a, b), max(a, b)] = kind
    linked = set(relation)

    def precision(kind: str) -> float:
        pairs = {pair for pair, k in relation.items() if k == kind}
        return len(gold & pairs) / max(1, len(pairs))

    return {
        "gold_pairs": len(gold),
        "recall": len(gold & linked) / max(1, len(gold)),
        "precision": len(gold & linked) / max(1, len(linked)),
        # Of the suggested corroborations and contradictions, how many are same-event pairs.
        "corroborates_precision": precision("corroborates"),
        "contradicts_precision": precision("contradicts"),
    }


def run_child(step: str, total: int, new: int, seed: int, url: str) -> dict[str, Any]:
    from common import run_json_child

    args = [sys.executable, __file__, "--child", step, "--claims", str(total), "--new", str(new)]
    return run_json_child([*args, "--seed", str(seed)], cwd=ROOT, env=django_env(url))


def main() -> None:
    from common import engine_machine_line, postgres_settings, recreate_database

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--claims", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--new", type=int, default=300, help="claims checked one by one (default 300)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--step",
        choices=["all", "load", "check"],
        default="all",
        help="load: build the database and stop; check: time the checks on a database built by "
        "--step load (once: the checks record their claims), e.g. to keep other work off the "
        "machine only while the checks are timed",
    )
    parser.add_argument("--child", choices=["load", "check"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        setup()
        step = load if args.child == "load" else check
        print(json.dumps(step(args.claims[0], args.new, args.seed)))
        return
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database this benchmark may drop and create.")
    print(engine_machine_line(postgres_settings(url)))
    print(
        f"{'claims':>10} {'load s':>7} {'index s':>8} {'keys':>11} {'index MB':>9} {'checks':>7} "
        f"{'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'sugg/claim':>10} {'worker RSS MB':>13} "
        f"{'same-event pairs':>16} {'suggested':>9} {'of suggestions':>14} "
        f"{'of corrob.':>10} {'of contra.':>10}"
    )
    for total in args.claims:
        if args.step == "check":
            checked = run_child("check", total, args.new, args.seed, url)
            print(
                f"{total:>10,} {'':>7} {'':>8} {'':>11} {'':>9} {checked['checks']:>7} "
                f"{checked['p50_ms']:>7.1f} {checked['p95_ms']:>7.1f} {checked['max_ms']:>7.1f} "
                f"{checked['suggestions_per_claim']:>10.1f} {checked['peak_rss_mb']:>13.0f} "
                f"{checked['gold_pairs']:>16,} {checked['recall']:>9.3f} {checked['precision']:>14.3f} "
                f"{checked['corroborates_precision']:>10.3f} {checked['contradicts_precision']:>10.3f}",
                flush=True,
            )
            continue
        recreate_database(url)
        loaded = run_child("load", total, args.new, args.seed, url)
        if args.step == "load":
            print(
                f"{loaded['claims']:>10,} {loaded['claims_seconds']:>7.0f} {loaded['index_seconds']:>8.0f} "
                f"{loaded['keys']:>11,} {loaded['index_mb']:>9.0f}",
                flush=True,
            )
            continue
        checked = run_child("check", total, args.new, args.seed, url)
        print(
            f"{loaded['claims']:>10,} {loaded['claims_seconds']:>7.0f} {loaded['index_seconds']:>8.0f} "
            f"{loaded['keys']:>11,} {loaded['index_mb']:>9.0f} {checked['checks']:>7} "
            f"{checked['p50_ms']:>7.1f} {checked['p95_ms']:>7.1f} {checked['max_ms']:>7.1f} "
            f"{checked['suggestions_per_claim']:>10.1f} {checked['peak_rss_mb']:>13.0f} "
            f"{checked['gold_pairs']:>16,} {checked['recall']:>9.3f} {checked['precision']:>14.3f} "
            f"{checked['corroborates_precision']:>10.3f} {checked['contradicts_precision']:>10.3f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
