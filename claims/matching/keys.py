"""Blocking keys: how the engine finds candidates among a million claims without reading them.

Every checked claim is stored under a few dozen keys in one PostgreSQL table (an inverted index
every worker shares). A new claim looks up its own keys, reads at most `POSTINGS_CAP` claims per
key (the newest), and ranks the claims it met by the weight of the keys they share: a place in
the same week weighs more than a word, a rare word more than a common one.

Keys are strings here and 64-bit integers in the table (`key_hash`), salted with the workspace,
so a workspace's keys never meet another's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Iterable, Mapping

from claims.matching.extract import Features, is_anchor_token

POSTINGS_CAP = 300
QUESTION_CAP = 400  # find_similar: more of every key, the wording decides
# Words and event concepts are common: their newest 100 claims are enough, and reading more
# costs time at a million claims. Names, places-in-a-week, counts and texts keep 300.
WEAK_KINDS_CAP = 100
WEAK_KINDS = ("t", "c")
MAX_WEEKS = 6
MAX_MONTHS = 12
# How much sharing a key of each kind says about two claims being about one event.
KIND_WEIGHT = {"p": 3.0, "a": 1.5, "n": 2.0, "t": 1.0, "h": 20.0, "c": 0.3}


def _weeks(window: tuple[dt.date, dt.date], pad: int) -> list[str]:
    first, last = window[0].toordinal() // 7, window[1].toordinal() // 7
    if last - first > MAX_WEEKS:
        # A month or a year: one key per month (at most MAX_MONTHS), never dozens of weeks.
        start, end = window[0].year * 12 + window[0].month - 1, window[1].year * 12 + window[1].month - 1
        if end - start >= MAX_MONTHS:
            return [f"y{year}" for year in range(window[0].year, window[1].year + 1)][:MAX_MONTHS]
        return [f"m{month // 12}-{month % 12 + 1}" for month in range(start, end + 1)]
    return [f"w{week}" for week in range(first - pad, last + pad + 1)]


def _coarser(window: tuple[dt.date, dt.date], when: list[str]) -> list[str]:
    """The coarser periods a claim's window lies in: a claim dated to days or weeks meets claims
    dated only to a month ("in September 2017") or to a span of years ("since October 2015"),
    and one dated to a month meets those dated to years. Only looked up, never stored."""
    if not when or when[0].startswith("y"):
        return []
    years = sorted({f"y{d.year}" for d in window})
    if when[0].startswith("w"):
        return sorted({f"m{d.year}-{d.month}" for d in window}) + years
    return years


def _keys(features: Features, pad: int) -> set[str]:
    keys: set[str] = set()
    when = _weeks(features.event, pad) if features.event else ["none"]
    if pad and features.event:
        when = when + _coarser(features.event, when)
    for place in features.places:
        if place not in features.wide_places:
            keys.update(f"p{place}@{w}" for w in when)
            keys.add(f"p{place}")  # any time: for questions without a date
    for actor in features.actors:
        keys.update(f"a{actor}@{w}" for w in when)
    for token in features.tokens:
        if token.startswith("#"):
            keys.update(f"n{token[1:]}@{w}" for w in when)
        elif token.startswith("c:"):
            keys.update(f"c{token[2:]}@{w}" for w in when)
        elif not is_anchor_token(token):
            keys.add(f"t{token}")
    if features.text_hash:
        keys.add(f"h{features.text_hash}")
    return keys


def index_keys(features: Features) -> set[str]:
    """The keys a claim is stored under."""
    return _keys(features, pad=0)


def query_keys(features: Features) -> set[str]:
    """The keys a claim looks up: its own, with the neighbouring weeks too."""
    return _keys(features, pad=1)


def postings_cap(key: str, *, wide: bool = False) -> int:
    """How many of a key's newest claims a lookup reads; `wide` for a question (find_similar),
    where the wording decides and a word's older claims matter too."""
    if wide:
        return QUESTION_CAP
    return WEAK_KINDS_CAP if key[0] in WEAK_KINDS else POSTINGS_CAP


def key_hash(workspace_id: int, key: str) -> int:
    digest = hashlib.blake2b(f"{workspace_id}|{key}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def common_when_capped(key: str) -> bool:
    """Whether a key says nothing once it fills its lookup: a word, an event concept, a place at
    any time. The claims read under such a key are then merely the newest of many that carry
    it, no likelier than any others to report this event. (A place or actor in a week, a
    figure, a text say something even then: few claims share them, and the newest are the
    nearest in time.)"""
    return key[0] in WEAK_KINDS or (key[0] == "p" and "@" not in key)


def key_weight(key: str, postings: int, total: int, *, wide: bool = False) -> float:
    """Weight of a shared key: its kind, times how rare it is (`postings`: how many claims its
    lookup read); nothing for a key common_when_capped that filled its lookup.

    Counting those let recent claims that shared a handful of common words, or only the town,
    crowd out older reports of the same event: at 100,000 synthetic claims 17% of same-event
    claims fell outside the 30 candidates, 4% since (benchmarks/engine_speed.py).
    """
    if common_when_capped(key) and postings >= postings_cap(key, wide=wide):
        return 0.0
    rarity = math.log(1 + total / max(1, postings))
    return KIND_WEIGHT.get(key[0], 1.0) * rarity


def rank_candidates(
    postings: Mapping[str, Iterable[int]],
    total: int,
    exclude: int | None = None,
    limit: int = 40,
    *,
    wide: bool = False,
) -> list[tuple[int, float]]:
    """Claims met under the keys, best first, with the summed weight of the keys they share.

    `postings` are the claims read under each key (postings_cap(key, wide=wide) at most), the
    excluded claim among them: a key's count is what its lookup read."""
    scores: dict[int, float] = {}
    for key, claim_ids in postings.items():
        ids = list(claim_ids)
        weight = key_weight(key, len(ids), total, wide=wide)
        if not weight:
            continue
        for claim_id in ids:
            scores[claim_id] = scores.get(claim_id, 0.0) + weight
    if exclude is not None:
        scores.pop(exclude, None)
    return sorted(scores.items(), key=lambda item: (-item[1], -item[0]))[:limit]


def token_counts(postings: Mapping[str, Iterable[int]]) -> dict[str, int]:
    """How many claims carry each word, read from the postings (capped, see postings_cap)."""
    counts = {key[1:]: len(list(ids)) for key, ids in postings.items() if key.startswith("t")}
    # Places at any time ("p85") weigh by how many claims name them too.
    counts.update({key: len(list(ids)) for key, ids in postings.items() if key[0] == "p" and "@" not in key})
    return counts
