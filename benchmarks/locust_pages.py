"""The locustfile benchmarks/load_pages.py runs: signed-in users browsing the workbench.

Each user is signed in already (a session made by load_pages.py) and opens a page every LOAD_WAIT
seconds, the way a researcher reads: claim list pages, a filtered list, a search, claim pages. Not meant to be
run by hand (load_pages.py starts the server, passes the claim ids and reads the figures), but
`locust -f benchmarks/locust_pages.py --host URL` works with LOAD_* set.
"""

from __future__ import annotations

import itertools
import json
import os
import random

from locust import HttpUser, between, task

SLUG = os.environ.get("LOAD_WORKSPACE", "load")
# Signed-in sessions, one per user, made by load_pages.py (logging in is not what is measured).
SESSIONS: list[str] = json.loads(os.environ.get("LOAD_SESSIONS", "[]"))
_USERS = itertools.count()
CLAIM_IDS: list[int] = json.loads(os.environ.get("LOAD_CLAIM_IDS", "[]"))
WAIT = tuple(float(x) for x in os.environ.get("LOAD_WAIT", "1-3").split("-"))
SEARCH_WORDS = ["Hajin", "Mayadeen", "oil field", "دير الزور", "civilians", "SDF", "البوكمال"]

# Which pages a user opens and how often; each entry's key is the name its figures are listed
# under. To load a new page (the queue, reports), add it here and in PAGES below.
WEIGHTS = {
    "claim list": 4,
    "claim list, page 2-50": 3,
    "claim list, by status": 2,
    "claim list, search": 1,
    "claim page": 8,
    "review queue": 3,
}


def _url(name: str) -> str:
    base = f"/w/{SLUG}/claims/"
    if name == "claim list":
        return base
    if name == "claim list, page 2-50":
        return f"{base}?page={random.randint(2, 50)}"
    if name == "claim list, by status":
        return f"{base}?status={random.choice(['new', 'in_review', 'corroborated', 'contested'])}"
    if name == "claim list, search":
        return f"{base}?q={random.choice(SEARCH_WORDS)}"
    if name == "claim page":
        return f"{base}{random.choice(CLAIM_IDS)}/"
    if name == "review queue":
        return f"{base}queue/"
    raise KeyError(name)


class Researcher(HttpUser):
    wait_time = between(*WAIT)

    def on_start(self) -> None:
        self.client.cookies.set("sessionid", SESSIONS[next(_USERS) % len(SESSIONS)])

    @task
    def browse(self) -> None:
        name = random.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]
        with self.client.get(_url(name), name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            elif "/accounts/login/" in response.url:
                response.failure("signed out")
