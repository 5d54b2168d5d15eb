#!/usr/bin/env python
"""Load: 50 signed-in users browsing claim lists and claim pages of a 100,000-claim workspace.

Builds (once) a PostgreSQL database with a workspace of N synthetic claims (benchmarks/
synthetic.py, imported with `import_claims`), starts gunicorn on 127.0.0.1, runs locust headless
against it for a bounded time (benchmarks/locust_pages.py: each user logs in, then opens a page
every 1-3 s), and prints requests, errors and p50/p95/p99 per page and overall, with the machine.

    pip install -e '.[load]'          # locust, pinned; not part of the test dependencies
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wb_load .venv/bin/python benchmarks/load_pages.py
    ... load_pages.py --claims 100000 --users 50 --seconds 60 [--rebuild] [--workers 4]

The database named by DATABASE_URL is dropped and built again when it does not hold the
workspace with exactly N claims (or with --rebuild). The engine's checks are left out of the
build (benchmarks/engine_import.py measures them): claim pages show their links and history,
not the engine's suggestions.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
import timeit
import urllib.request
from pathlib import Path

from common import recreate_database, run_json_child

ROOT = Path(__file__).resolve().parents[1]
WORKSPACE = "load"
USERNAME = "loadtester"
PASSWORD = "load-test-password-not-secret"
TARGET_P95_MS = 200

STATE = """
import json, sys, django
django.setup()
from claims.models import Claim
from workspaces.models import Workspace
ws = Workspace.objects.filter(slug=sys.argv[1]).first()
print(json.dumps({"claims": Claim.objects.filter(workspace=ws).count() if ws else 0}))
"""

BUILD = """
import json, sys, time, django
django.setup()
from django.core.management import call_command
import claims.tasks
# The engine's checks are not part of this benchmark: the import's sweep refreshes derived fields
# in-process and hands out no checks.
claims.tasks.check_claims_task.delay = lambda *args, **kwargs: None
start = time.perf_counter()
call_command("migrate", verbosity=0)
call_command("load_gazetteer", verbosity=0)
from django.contrib.auth.models import User
from workspaces.services import workspace_get_or_create
user = User.objects.create_user(sys.argv[3], password=sys.argv[4])
workspace, _ = workspace_get_or_create(slug=sys.argv[2], admin=user)
call_command("import_claims", sys.argv[1], "--workspace", sys.argv[2], "--user", sys.argv[3], verbosity=0)
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("VACUUM ANALYZE")
from claims.models import Claim
print(json.dumps({"seconds": time.perf_counter() - start, "claims": Claim.objects.count()}))
"""

# The claim ids users open, and one signed-in session per user, made here rather than by logging
# in under load: password hashing (PBKDF2, deliberately slow) is not what this measures.
IDS = """
import json, random, sys, django
django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from claims.models import Claim
ids = list(Claim.objects.filter(workspace__slug=sys.argv[1]).values_list("pk", flat=True))
user = get_user_model().objects.get(username=sys.argv[2])
sessions = []
for _ in range(int(sys.argv[3])):
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    sessions.append(session.session_key)
print(json.dumps({"ids": random.Random(7).sample(ids, min(2000, len(ids))), "sessions": sessions}))
"""


def django_env(url: str, var: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "workbench.settings",
        "DATABASE_URL": url,
        "DEBUG": "0",
        "SECRET_KEY": "load-benchmark-only-" + "k" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_COOKIES": "0",
        # Plain HTTP on 127.0.0.1: no redirect to https (a proxy terminates TLS in production).
        "SECURE_SSL_REDIRECT": "0",
        "WORKBENCH_VAR_DIR": str(var),
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    return env


def build(url: str, claims: int, env: dict[str, str], workdir: Path) -> None:
    from synthetic import write_jsonl

    recreate_database(url)
    path = workdir / f"claims-{claims}.jsonl"
    write_jsonl(path, claims)
    figures = run_json_child(
        [sys.executable, "-c", BUILD, str(path), WORKSPACE, USERNAME, PASSWORD], cwd=ROOT, env=env
    )
    print(f"built: {figures['claims']:,} claims in {figures['seconds']:.0f} s")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_up(url: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("gunicorn exited")
        try:
            urllib.request.urlopen(url + "/accounts/login/", timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    sys.exit("gunicorn did not answer")


def warm_up(host: str, session: str, ids: list[int], workers: int) -> None:
    """Every page kind a few times per worker before the measured run, as a server in service is.

    A fresh worker's first requests import modules, compile templates and open its database
    connection; those one-off seconds are not what a user of a running server waits for.
    """
    base = f"{host}/w/{WORKSPACE}/claims/"
    paths = [base, f"{base}?page=2", f"{base}?status=new", f"{base}?q=Hajin", f"{base}queue/"]
    paths += [f"{base}{pk}/" for pk in ids[:5]]
    opener = urllib.request.build_opener()
    opener.addheaders = [("Cookie", f"sessionid={session}")]
    for _ in range(3 * workers):
        for path in paths:
            with opener.open(path, timeout=30) as response:
                response.read()


def machine() -> str:
    load = os.getloadavg()
    with open("/proc/meminfo") as meminfo:
        total = int(meminfo.readline().split()[1]) / 2**20
    python = platform.python_version()
    # How fast this interpreter is: a build without PGO/LTO (pyenv's default) runs Django about
    # half as fast as the optimised builds of Debian and of the python:3.11-slim image.
    speed = min(timeit.repeat("sum(range(10**6))", number=5, repeat=5)) / 5 * 1000
    return (
        f"{platform.node()} · {os.cpu_count()} cores · {total:.0f} GB RAM · Python {python}"
        f" ({sys.executable}; sum(range(10**6)) in {speed:.1f} ms)"
        f" · load average before the run {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--wait", default="1-3", help="seconds between a user's pages, as MIN-MAX")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (it is dropped and rebuilt as needed).")
    try:
        import locust  # noqa: F401
    except ImportError:
        sys.exit("locust is not installed: pip install -e '.[load]'")

    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        env = django_env(url, workdir)
        have = 0
        if not args.rebuild:
            try:
                have = run_json_child([sys.executable, "-c", STATE, WORKSPACE], cwd=ROOT, env=env)["claims"]
            except SystemExit:
                have = 0
        if have != args.claims:
            build(url, args.claims, env, workdir)
        made = run_json_child(
            [sys.executable, "-c", IDS, WORKSPACE, USERNAME, str(args.users)], cwd=ROOT, env=env
        )

        print(f"machine: {machine()}")
        port = free_port()
        host = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "workbench.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(args.workers),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            wait_until_up(host, server)
            warm_up(host, made["sessions"][0], made["ids"], args.workers)
            locust_env = {
                **env,
                "LOAD_WORKSPACE": WORKSPACE,
                "LOAD_SESSIONS": json.dumps(made["sessions"]),
                "LOAD_CLAIM_IDS": json.dumps(made["ids"]),
                "LOAD_WAIT": args.wait,
            }
            prefix = workdir / "locust"
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "locust",
                    "-f",
                    str(ROOT / "benchmarks" / "locust_pages.py"),
                    "--headless",
                    "--users",
                    str(args.users),
                    "--spawn-rate",
                    str(max(1, args.users // 5)),
                    "--run-time",
                    f"{args.seconds}s",
                    "--host",
                    host,
                    "--csv",
                    str(prefix),
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                    "--stop-timeout",
                    "10",
                ],
                cwd=ROOT,
                env=locust_env,
                check=False,
                stdout=subprocess.DEVNULL,
            )
        finally:
            server.terminate()
            server.wait(timeout=30)
        report(prefix.with_name("locust_stats.csv"), args)


def report(stats_path: Path, args: argparse.Namespace) -> None:
    rows = list(csv.DictReader(stats_path.open()))
    print(
        f"{args.users} users, {args.seconds} s, a page every {args.wait} s per user, "
        f"gunicorn with {args.workers} workers, {args.claims:,} claims on PostgreSQL"
    )
    print(
        f"{'page':<26} {'requests':>9} {'errors':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'max ms':>7}"
    )
    browse = [row for row in rows if row["Name"] != "Aggregated"]
    for row in sorted(browse, key=lambda r: r["Name"]):
        print(
            f"{row['Name']:<26} {int(row['Request Count']):>9,} {int(row['Failure Count']):>7} "
            f"{row['50%']:>7} {row['95%']:>7} {row['99%']:>7} {float(row['Max Response Time']):>7.0f}"
        )
    total = next(row for row in rows if row["Name"] == "Aggregated")
    print(
        f"{'all pages':<26} {int(total['Request Count']):>9,} {int(total['Failure Count']):>7} "
        f"{total['50%']:>7} {total['95%']:>7} {total['99%']:>7} {float(total['Max Response Time']):>7.0f}"
    )
    worst = max(int(row["95%"]) for row in browse) if browse else 0
    verdict = "met" if worst <= TARGET_P95_MS and int(total["Failure Count"]) == 0 else "NOT met"
    print(f"target: no errors and p95 <= {TARGET_P95_MS} ms on every page: {verdict}")


if __name__ == "__main__":
    main()
