"""The engine's database side: reading claims for it, its shared index, storing its suggestions.

The pure engine (claims.matching) never touches the ORM; these services feed it plain values and
write what it decides. Every write is idempotent: checking a claim twice, or on two workers at
once, leaves one suggestion per pair, and a pair a reviewer rejected is not suggested again
unless one of its claims has changed since.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
import time
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from dataclasses import fields as dataclass_fields
from functools import cached_property, lru_cache
from typing import Any, TypeVar

import orjson
from cachetools import LRUCache
from django.conf import settings
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Field, Max, Q
from django.utils import timezone

from claims.matching import ENGINE_VERSION
from claims.matching.entities import Entity, Gazetteer
from claims.matching.extract import Features, extract_features
from claims.matching.keys import (
    KIND_WEIGHT,
    common_when_capped,
    index_keys,
    key_hash,
    postings_cap,
    query_keys,
    rank_candidates,
    token_counts,
)
from claims.matching.score import (
    T_RELATED,
    RankingParts,
    RankingPool,
    Verdict,
    Weight,
    compare,
    default_weight,
    idf_weight,
    ranking_parts,
)
from claims.models import (
    DERIVED_VERSION,
    Claim,
    Link,
    LinkOrigin,
    LinkRelation,
    LinkState,
    MatchKey,
    MatchState,
)
from claims.services.claims import derived_fields, write_derived_many
from claims.services.grams import gram_weights
from gazetteer.models import Actor, ActorAlias, Place, PlaceAlias
from gazetteer.services import STARTER_SET
from workbench.db import pipelined, prepared_cursor

SUGGESTIONS_PER_CLAIM = 10
CANDIDATE_QUERY_MEMORY = "32MB"
RELATED_PER_CLAIM = 3
CANDIDATES = 30
# Relations the engine suggests; "unrelated" is never stored.
SUGGESTED = (
    LinkRelation.CORROBORATES,
    LinkRelation.CONTRADICTS,
    LinkRelation.RELATED,
    LinkRelation.DUPLICATE,
)

# --- the gazetteer, as plain values --------------------------------------------------------------

_gazetteer: tuple[tuple[Any, ...], Gazetteer] | None = None
_gazetteer_checked = 0.0
GAZETTEER_RECHECK_SECONDS = 30.0


def _gazetteer_stamp() -> tuple[Any, ...]:
    stamps: list[Any] = []
    for model in (Place, Actor, PlaceAlias, ActorAlias):
        row = model.objects.aggregate(n=Max("id"))
        stamps.append((row["n"], model.objects.count()))
    stamps.append(tuple(Actor.objects.exclude(side="").values_list("id", "side").order_by("id")))
    return tuple(stamps)


def load_gazetteer(*, force: bool = False) -> Gazetteer:
    """The gazetteer as the engine sees it; rebuilt when entries or aliases change."""
    global _gazetteer, _gazetteer_checked
    now = time.monotonic()
    if not force and _gazetteer is not None and now - _gazetteer_checked < GAZETTEER_RECHECK_SECONDS:
        return _gazetteer[1]
    stamp = _gazetteer_stamp()
    _gazetteer_checked = now
    if not force and _gazetteer is not None and _gazetteer[0] == stamp:
        return _gazetteer[1]
    aliases: dict[tuple[str, int], list[str]] = {}
    for place_id, alias in PlaceAlias.objects.values_list("place_id", "alias"):
        aliases.setdefault(("place", place_id), []).append(alias)
    for actor_id, alias in ActorAlias.objects.values_list("actor_id", "alias"):
        aliases.setdefault(("actor", actor_id), []).append(alias)
    entities = [
        Entity(pk, "place", name, kind, parent, "", tuple(aliases.get(("place", pk), ())))
        for pk, name, kind, parent in Place.objects.values_list("pk", "name", "kind", "parent_id")
    ] + [
        Entity(pk, "actor", name, kind, None, side, tuple(aliases.get(("actor", pk), ())))
        for pk, name, kind, side in Actor.objects.values_list("pk", "name", "kind", "side")
    ]
    if not entities:
        entities = starter_entities()
    _gazetteer = (stamp, Gazetteer(entities))
    return _gazetteer[1]


def starter_entities() -> list[Entity]:
    """The shipped starter set as entities, for a database whose gazetteer is still empty."""
    data = json.loads(STARTER_SET.read_text(encoding="utf-8"))
    ids = {entry["name"]: -(i + 1) for i, entry in enumerate(data["places"])}
    places = [
        Entity(
            ids[e["name"]],
            "place",
            e["name"],
            e.get("kind", ""),
            ids.get(e.get("parent") or ""),
            "",
            tuple(e.get("aliases", ())),
        )
        for e in data["places"]
    ]
    actors = [
        Entity(
            -(i + 1),
            "actor",
            e["name"],
            e.get("kind", ""),
            None,
            e.get("side", ""),
            tuple(e.get("aliases", ())),
        )
        for i, e in enumerate(data["actors"])
    ]
    return places + actors


def forget_caches() -> None:
    """Drop the gazetteer and claim counts this process keeps (tests, after bulk changes)."""
    global _gazetteer
    _gazetteer = None
    _totals.clear()
    with _parsed_lock:
        _parsed.clear()


# --- reading claims ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ClaimInput:
    """What the engine reads of a stored claim."""

    id: int
    workspace_id: int
    text: str
    language: str
    published: dt.date | None
    event: tuple[dt.date, dt.date] | None
    place_ids: tuple[int, ...]
    actor_ids: tuple[int, ...]
    source_id: int

    @cached_property  # each suggestion's pair signature uses it: hashed once, not per candidate
    def signature(self) -> str:
        parts = [
            self.text,
            self.language,
            str(self.published),
            str(self.event),
            ",".join(map(str, self.place_ids)),
            ",".join(map(str, self.actor_ids)),
            str(self.source_id),
        ]
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def claim_inputs(claim_ids: Sequence[int]) -> list[ClaimInput]:
    """The engine's view of the claims; deleted claims are left out (it never checks them)."""
    return _claims_and_states(claim_ids).inputs


# What a claim's derived fields were computed as: (text_sha256, derived_version).
StoredDerived = tuple[str, int]
# Derived fields to write, as write_derived_many takes them: the rows read, their values.
DerivedWrites = tuple[list[dict[str, Any]], list[dict[str, Any]]]


def _derive(
    inputs: Sequence[ClaimInput], stored: Mapping[int, StoredDerived]
) -> tuple[list[ClaimInput], DerivedWrites]:
    """The claims' derived fields (claims.services.claims.derived_fields), computed from what
    the engine read: the inputs with the language guessed where none was given, and the
    fields to write where the stored ones differ."""
    derived_inputs = []
    rows: list[dict[str, Any]] = []
    values: list[dict[str, Any]] = []
    for item in inputs:
        fields = derived_fields(text=item.text, language=item.language)
        current = (fields["text_sha256"], DERIVED_VERSION) == stored.get(item.id)
        if not current or fields["language"] != item.language:
            rows.append({"pk": item.id, "text": item.text, "language": item.language})
            values.append(fields)
        derived_inputs.append(replace(item, language=fields["language"]))
    return derived_inputs, (rows, values)


@dataclass(frozen=True)
class _Read:
    inputs: list[ClaimInput]
    states: dict[int, tuple[str, str]]
    derived: dict[int, StoredDerived]
    unlinked: frozenset[int]
    # The workspaces, of those the claims are in, where someone watches something (None: not read).
    watched: frozenset[int] | None


def _claims_and_states(claim_ids: Sequence[int]) -> _Read:
    """The claims as claim_inputs reads them, the signature and engine version of each one's
    last check (claims never checked have none), what each one's derived fields were computed
    as, and (PostgreSQL only; none on SQLite) the claims that had no link and the workspaces
    where someone watches something: one query on PostgreSQL, three on SQLite."""
    from notifications.models import Watch

    places: dict[int, list[int]] = {}
    actors: dict[int, list[int]] = {}
    unlinked: set[int] = set()
    watched: set[int] | None = None
    columns = [
        "workspace_id",
        "text",
        "language",
        "published",
        "event_start",
        "event_end",
        "source_id",
        "text_sha256",
        "derived_version",
    ]
    if connection.vendor == "postgresql":
        # Raw SQL: this runs for every check, and the ORM's compiling costs more than the query.
        sql = f"""
            SELECT c.id, {", ".join(f"c.{column}" for column in columns)}, s.signature, s.version,
                ARRAY(SELECT place_id FROM {Claim.places.through._meta.db_table} WHERE claim_id = c.id),
                ARRAY(SELECT actor_id FROM {Claim.actors.through._meta.db_table} WHERE claim_id = c.id),
                EXISTS(SELECT FROM {Link._meta.db_table} WHERE from_claim_id = c.id)
                    OR EXISTS(SELECT FROM {Link._meta.db_table} WHERE to_claim_id = c.id),
                EXISTS(SELECT FROM {Watch._meta.db_table} WHERE workspace_id = c.workspace_id)
            FROM {Claim._meta.db_table} c LEFT JOIN {MatchState._meta.db_table} s ON s.claim_id = c.id
            WHERE c.id = ANY(%s) AND c.deleted_at IS NULL
        """
        with prepared_cursor() as cursor:
            cursor.execute(sql, [list(claim_ids)])
            rows = []
            watched = set()
            for pk, *values, signature, version, place_ids, actor_ids, linked, watch in cursor.fetchall():
                rows.append(dict(zip(["pk", *columns], [pk, *values], strict=True)))
                rows[-1].update({"match__signature": signature, "match__version": version})
                places[pk], actors[pk] = place_ids, actor_ids
                if not linked:
                    unlinked.add(pk)
                if watch:
                    watched.add(values[0])  # the workspace
    else:
        rows = list(
            Claim.objects.alive()
            .filter(pk__in=claim_ids)
            .values("pk", *columns, "match__signature", "match__version")
        )
        for claim_id, place_id in Claim.places.through.objects.filter(claim_id__in=claim_ids).values_list(
            "claim_id", "place_id"
        ):
            places.setdefault(claim_id, []).append(place_id)
        for claim_id, actor_id in Claim.actors.through.objects.filter(claim_id__in=claim_ids).values_list(
            "claim_id", "actor_id"
        ):
            actors.setdefault(claim_id, []).append(actor_id)
    inputs = []
    states = {}
    derived = {}
    for row in rows:
        derived[row["pk"]] = (row["text_sha256"], row["derived_version"])
        start, end = row["event_start"], row["event_end"]
        inputs.append(
            ClaimInput(
                id=row["pk"],
                workspace_id=row["workspace_id"],
                text=row["text"],
                language=row["language"],
                published=row["published"],
                event=(start, end or start) if start else None,
                place_ids=tuple(sorted(places.get(row["pk"], ()))),
                actor_ids=tuple(sorted(actors.get(row["pk"], ()))),
                source_id=row["source_id"],
            )
        )
        if row["match__version"] is not None:
            states[row["pk"]] = (row["match__signature"], row["match__version"])
    order = {pk: i for i, pk in enumerate(claim_ids)}
    return _Read(
        sorted(inputs, key=lambda item: order[item.id]),
        states,
        derived,
        frozenset(unlinked),
        None if watched is None else frozenset(watched),
    )


def features_for(item: ClaimInput, gazetteer: Gazetteer) -> Features:
    by_id = gazetteer.by_id
    return extract_features(
        item.text,
        gazetteer=gazetteer,
        published=item.published,
        event=item.event,
        places=[by_id[("place", pk)] for pk in item.place_ids if ("place", pk) in by_id],
        actors=[by_id[("actor", pk)] for pk in item.actor_ids if ("actor", pk) in by_id],
        language=item.language,
    )


def text_features(
    text: str, *, published: dt.date | None = None, gazetteer: Gazetteer | None = None
) -> Features:
    return extract_features(text, gazetteer=gazetteer or load_gazetteer(), published=published)


# --- the shared index --------------------------------------------------------------------------

_totals: dict[int, tuple[float, int]] = {}


def workspace_total(workspace_id: int) -> int:
    """How many claims the workspace holds, refreshed every five minutes (for key rarity)."""
    cached = _totals.get(workspace_id)
    if cached is not None and time.monotonic() - cached[0] < 300:
        return cached[1]
    total = max(1, Claim.objects.filter(workspace_id=workspace_id).count())
    _totals[workspace_id] = (time.monotonic(), total)
    return total


def _postings(workspace_id: int, keys: Iterable[str], wide: bool = False) -> dict[str, list[int]]:
    """For each key, the newest claims stored under it (at most postings_cap(key)), the claim
    that asks among them when it is stored: what the lookup read, as rank_candidates counts it."""
    hashed = {key_hash(workspace_id, key): key for key in keys}
    if not hashed:
        return {}
    table = MatchKey._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT k.h, m.claim_id FROM unnest(%s::bigint[], %s::int[]) AS k(h, cap) "
                f"CROSS JOIN LATERAL (SELECT claim_id FROM {table} WHERE key = k.h "
                "ORDER BY claim_id DESC LIMIT k.cap) m",
                [list(hashed), [postings_cap(key, wide=wide) for key in hashed.values()]],
            )
        else:
            parts = [
                f"SELECT * FROM (SELECT key, claim_id FROM {table} WHERE key = %s "
                f"ORDER BY claim_id DESC LIMIT {postings_cap(key, wide=wide)})"
                for key in hashed.values()
            ]
            cursor.execute(" UNION ALL ".join(parts), list(hashed))
        rows = cursor.fetchall()
    postings: dict[str, list[int]] = {}
    for h, claim_id in rows:
        postings.setdefault(hashed[h], []).append(claim_id)
    return postings


# The version a claim's state holds while it is indexed but its suggestions are not stored yet
# (a batch indexes all its claims first). It is not ENGINE_VERSION, so the claim stays pending:
# a worker killed between the two steps leaves it to the re-delivered task or the sweep.
INDEXED_ONLY = "indexed"


def _write_indexes(checked: Sequence[tuple[ClaimInput, Features]], *, version: str = ENGINE_VERSION) -> None:
    """Replace the claims' keys and states: one statement on PostgreSQL (three on SQLite),
    however many claims."""
    now = timezone.now()
    ids = [item.id for item, _ in checked]
    pairs = {
        (key_hash(item.workspace_id, key), item.id)
        for item, features in checked
        for key in index_keys(features)
    }
    if connection.vendor == "postgresql":
        # Raw SQL, one round trip: the keys the claims no longer have go, the new ones come
        # (keys that stay are left alone: no dead rows for them), and the states are upserted.
        keys, states = MatchKey._meta.db_table, MatchState._meta.db_table
        # A batch's keys: the anti-join below wants a plan for thousands of them, not for one
        # claim's few.
        with prepared_cursor(prepare=len(checked) == 1) as cursor:
            cursor.execute(
                f"""
                WITH new(key, claim_id) AS (
                    SELECT * FROM unnest(string_to_array(%s, ',')::bigint[], string_to_array(%s, ',')::int[])
                ),
                gone AS (
                    DELETE FROM {keys} m WHERE m.claim_id = ANY(%s::int[]) AND NOT EXISTS (
                        SELECT 1 FROM new WHERE new.key = m.key AND new.claim_id = m.claim_id
                    )
                ),
                added AS (
                    INSERT INTO {keys} (key, claim_id) SELECT key, claim_id FROM new ON CONFLICT DO NOTHING
                )
                INSERT INTO {states} (claim_id, workspace_id, version, signature, features, checked_at)
                SELECT c, w, %s, s, f, %s FROM json_to_recordset(%s::json) AS t(c int, w int, s text, f jsonb)
                ON CONFLICT (claim_id) DO UPDATE SET workspace_id = excluded.workspace_id,
                    version = excluded.version, signature = excluded.signature,
                    features = excluded.features, checked_at = excluded.checked_at
                """,
                [
                    _numbers(key for key, _ in pairs),
                    _numbers(claim_id for _, claim_id in pairs),
                    ids,
                    version,
                    now,
                    # One JSON document for the states (psycopg would quote an array of 200
                    # features element by element, in Python).
                    orjson.dumps(
                        [
                            {
                                "c": item.id,
                                "w": item.workspace_id,
                                "s": item.signature,
                                "f": features.to_json(),
                            }
                            for item, features in checked
                        ]
                    ).decode(),
                ],
            )
        return
    MatchKey.objects.filter(claim_id__in=ids).delete()
    MatchKey.objects.bulk_create(
        [MatchKey(key=key, claim_id=claim_id) for key, claim_id in pairs],
        ignore_conflicts=True,
        batch_size=5000,
    )
    MatchState.objects.bulk_create(  # upserts, not a select and an update each
        [
            MatchState(
                claim_id=item.id,
                workspace_id=item.workspace_id,
                version=version,
                signature=item.signature,
                features=features.to_json(),
                checked_at=now,
            )
            for item, features in checked
        ],
        update_conflicts=True,
        unique_fields=["claim"],
        update_fields=["workspace", "version", "signature", "features", "checked_at"],
    )


def _numbers(values: Iterable[float | bool]) -> str:
    """Numbers (or booleans) for `string_to_array(%s, ',')::type[]` in SQL: one string. psycopg
    quotes a list element by element in Python, 4-5 ms for the 7,000 keys of a batch; str() of a
    float is its shortest exact form, so PostgreSQL reads back the same float8."""
    return ",".join(map(str, values))


# A query for the candidates of some claims: (the claim's id, 0 for a text; its workspace; its
# features). Every claim's candidates come out of one statement, whatever their number.
Query = tuple[int, int, Features]
# A claim's stored features (JSON), normalised text, signature, and the stamp of the rows they
# were read from ("" where unknown).
Stored = tuple[Any, str, str, str]

# Stored claims' features as parsed, by claim id, with the stamp of the rows they were parsed
# from: PostgreSQL's xmin of the claim's state and of the claim, which every write changes. An
# import's checks meet the same claims as candidates batch after batch; decoding and parsing
# their features took a fifth of a batch's time. Least recently used ones go first.
FEATURES_CACHE = 20_000
_parsed: LRUCache[int, tuple[str, Features]] = LRUCache(maxsize=FEATURES_CACHE)
_parsed_lock = threading.Lock()  # a web process with threads may run checks in-process


def _features_of(claim_id: int, stored: Stored) -> Features:
    """A stored claim's features, parsed once for as long as its rows stay unchanged."""
    data, text, _, stamp = stored
    if stamp:
        with _parsed_lock:
            hit = _parsed.get(claim_id)
        if hit is not None and hit[0] == stamp:
            return hit[1]
    # Django leaves jsonb undecoded on raw cursors; JSONField decodes it on the ORM path.
    features = Features.from_json(orjson.loads(data) if isinstance(data, str) else data, text=text)
    if stamp:
        with _parsed_lock:
            _parsed[claim_id] = (stamp, features)
    return features


def _candidates_in_database(
    queries: Sequence[Query], skip: Iterable[int] = ()
) -> tuple[dict[int, list[int]], dict[int, Stored], dict[int, str]]:
    """PostgreSQL: for each query, the best CANDIDATES claims under its keys, best first.

    The same ranking as keys.rank_candidates (kind weight times rarity, summed over shared keys;
    a key common_when_capped that fills its lookup weighs nothing),
    computed where the postings are, so only the candidates travel to the worker: one statement
    for a whole batch, each key's postings read once however many of the batch's claims share
    it. Returns the candidates per query, the stored features of each candidate once (none for
    the claims in `skip`, whose features the caller has), and every candidate's signature.
    """
    owners: list[int] = []
    hashes: list[int] = []
    weights: list[float] = []
    caps: list[int] = []
    totals: list[float] = []
    weak: list[bool] = []
    for query_id, workspace_id, features in queries:
        total = float(workspace_total(workspace_id))
        for key in query_keys(features):
            owners.append(query_id)
            hashes.append(key_hash(workspace_id, key))
            weights.append(KIND_WEIGHT.get(key[0], 1.0))
            caps.append(postings_cap(key))
            totals.append(total)
            weak.append(common_when_capped(key))
    candidates: dict[int, list[int]] = {query_id: [] for query_id, _, _ in queries}
    if not hashes:
        return candidates, {}, {}
    # Each shared key's weight is rounded to an integer (billionths) before the sum, which is then
    # exact whatever order the plan adds in: a tie never breaks differently in a batch than for
    # the claim alone. (Integers also sort and sum faster here than numeric; the sum of bigints
    # is a numeric, cast back: sorting a batch's 50,000 scores took 90 ms as numeric, 55 as
    # bigint.)
    sql = f"""
        WITH q(query, h, w, cap, total, weak) AS (
            SELECT * FROM unnest(
                string_to_array(%s, ',')::int[], string_to_array(%s, ',')::bigint[],
                string_to_array(%s, ',')::float8[], string_to_array(%s, ',')::int[],
                string_to_array(%s, ',')::float8[], string_to_array(%s, ',')::bool[]
            )
        ),
        -- A key common_when_capped that fills its lookup weighs nothing: its claims are not
        -- read at all (the index is walked to the cap, nothing more).
        k AS (
            SELECT h, cap FROM (SELECT DISTINCT h, cap, weak FROM q) k WHERE NOT (weak AND EXISTS (
                -- In the index's order, so the walk is an index-only scan: unordered, the
                -- planner took a bitmap scan that read each key's claims from the table (at
                -- 100,000 claims, 230 of a batch query's 520 ms).
                SELECT FROM {MatchKey._meta.db_table} WHERE key = k.h ORDER BY claim_id DESC OFFSET k.cap - 1
            ))
        ),
        p AS (
            SELECT k.h, m.claim_id FROM k CROSS JOIN LATERAL (
                SELECT claim_id FROM {MatchKey._meta.db_table} WHERE key = k.h
                ORDER BY claim_id DESC LIMIT k.cap
            ) m
        ),
        n AS (SELECT h, count(*) AS n FROM p GROUP BY h),
        s AS (
            SELECT q.query, p.claim_id, sum(round(q.w * ln(1 + q.total / n.n) * 1e9)::bigint)::bigint AS score
            FROM q JOIN n USING (h) JOIN p USING (h) WHERE p.claim_id <> q.query
            GROUP BY q.query, p.claim_id
        ),
        r AS (
            SELECT query, claim_id, score,
                row_number() OVER (PARTITION BY query ORDER BY score DESC, claim_id DESC) AS rank
            FROM s
        ),
        top AS MATERIALIZED (
            SELECT query, claim_id, score,
                row_number() OVER (PARTITION BY claim_id ORDER BY query) = 1 AS first
            FROM r WHERE rank <= %s
        ),
        -- Each candidate read once, by its key (LIMIT 1 keeps this a nested loop of index
        -- lookups: a join the planner could choose would scan every stored claim).
        x AS (
            SELECT u.claim_id, y.* FROM (SELECT DISTINCT claim_id FROM top) u CROSS JOIN LATERAL (
                SELECT CASE WHEN u.claim_id <> ALL(%s::int[]) THEN ms.features END AS features,
                    ms.signature, c.text_normalized, ms.xmin::text || ':' || c.xmin::text AS stamp
                FROM {MatchState._meta.db_table} ms
                JOIN {Claim._meta.db_table} c ON c.id = ms.claim_id AND c.deleted_at IS NULL
                WHERE ms.claim_id = u.claim_id LIMIT 1
            ) y
        )
        SELECT top.query, top.claim_id, CASE WHEN top.first THEN x.features END,
            CASE WHEN top.first AND x.features IS NOT NULL THEN x.text_normalized END, x.signature, x.stamp
        FROM top JOIN x USING (claim_id) ORDER BY top.query, top.score DESC, top.claim_id DESC
    """
    # One claim: a prepared statement (planning took 1.2 of its 5.5 ms), whose generic plan
    # is the one every single claim gets. A batch: planned for its own arrays' sizes, which
    # the planner reads from the literal strings.
    single = len(queries) == 1
    with transaction.atomic(savepoint=False), prepared_cursor(prepare=single) as cursor:
        if not single:
            # A batch: the memory to rank its pairs without spilling to disk. (JIT compiling,
            # which a batch's costs could switch on, is off for the connection: settings.)
            cursor.execute(f"SET LOCAL work_mem = '{CANDIDATE_QUERY_MEMORY}'")
        arrays = [_numbers(values) for values in (owners, hashes, weights, caps, totals, weak)]
        cursor.execute(sql, [*arrays, CANDIDATES, list(skip)])
        rows = cursor.fetchall()
    stored: dict[int, Stored] = {}
    signatures: dict[int, str] = {}
    for query_id, claim_id, data, text, signature, stamp in rows:
        candidates[query_id].append(claim_id)
        signatures[claim_id] = signature
        if data is not None:
            stored[claim_id] = (data, text, signature, stamp)
    return candidates, stored, signatures


def _candidates_by_postings(queries: Sequence[Query]) -> dict[int, list[int]]:
    """SQLite: each query's postings read and ranked here (keys.rank_candidates)."""
    candidates = {}
    for query_id, workspace_id, features in queries:
        exclude = query_id or None
        postings = _postings(workspace_id, query_keys(features))
        ranked = rank_candidates(postings, workspace_total(workspace_id), exclude=exclude, limit=CANDIDATES)
        candidates[query_id] = [claim_id for claim_id, _ in ranked]
    return candidates


def _stored_features(claim_ids: Iterable[int]) -> dict[int, Stored]:
    """The stored features of claims that are not deleted (one query)."""
    return {
        claim_id: (data, text, signature, "")
        for claim_id, data, text, signature in MatchState.objects.filter(
            claim_id__in=list(claim_ids), claim__deleted_at__isnull=True
        ).values_list("claim_id", "features", "claim__text_normalized", "signature")
    }


@dataclass(frozen=True)
class Match:
    claim_id: int
    verdict: Verdict
    signature: str = ""  # of the other claim's inputs when it was checked
    similarity: float = 0.0  # to the question (find_similar only): how it ranks
    parts: RankingParts | None = None  # of the similarity (find_similar only)


def most_alike_first(match: Match) -> tuple[float, float, int]:
    """find_similar's order: the most alike first; ties to the stronger verdict, then to the older
    claim (the original report before its re-posts)."""
    return (-match.similarity, -match.verdict.score, match.claim_id)


def first_suggestions(matches: Iterable[Match], stored: Collection[int] = ()) -> list[Match]:
    """A claim's matches that its check decides, in order of priority: SUGGESTIONS_PER_CLAIM at
    most, of which RELATED_PER_CLAIM at most are merely related. Same place and time, neither
    agreeing nor disagreeing: context, not evidence, and mostly other events where many are
    reported (at 100,000 synthetic claims, 97% of them). A pair left out here is neither
    suggested nor withdrawn by this check (the other claim's check may suggest it), except a
    pair suggested already (`stored`: the other claims) that can no longer be suggested: it is
    decided too, wherever it ranks, and its suggestion withdrawn."""
    first: list[Match] = []
    stale: list[Match] = []
    related = 0
    for match in matches:
        if len(first) == SUGGESTIONS_PER_CLAIM:
            if not stored:
                break
            if match.claim_id in stored and not suggestable(match.verdict):
                stale.append(match)
            continue
        if match.verdict.relation == LinkRelation.RELATED and match.verdict.score >= T_RELATED:
            if related == RELATED_PER_CLAIM:
                continue
            related += 1
        first.append(match)
    return first + stale


def suggestable(verdict: Verdict) -> bool:
    """Whether the engine may suggest a pair with this verdict."""
    return verdict.relation in SUGGESTED and verdict.score >= T_RELATED


def find_matches(
    workspace_id: int,
    features: Features,
    *,
    exclude: int | None = None,
    also: Iterable[int] = (),
    limit: int = SUGGESTIONS_PER_CLAIM,
    keep_unrelated: bool = False,
    corpus_weights: bool = False,
) -> list[Match]:
    """The claims of the workspace that concern the same event as `features`, best first.

    Suggestions are judged pair by pair with corpus-free word weights, so a pair gets the same
    verdict whichever of its claims is checked, and whenever (the check is idempotent).
    `corpus_weights` weighs words by their rarity in the workspace instead: better for ranking
    one question against everything (find_similar), but it changes as claims come in.
    """
    total = workspace_total(workspace_id)
    weight: Weight = default_weight
    stored: dict[int, Stored] = {}
    if connection.vendor == "postgresql" and not corpus_weights:
        # One round trip: postings, ranking and the candidates' features, all in the database.
        by_query, stored, _ = _candidates_in_database([(exclude or 0, workspace_id, features)])
        ids = by_query[exclude or 0]
    else:
        # A question (find_similar) reads more of each word's postings: wording decides there.
        postings = _postings(workspace_id, query_keys(features), wide=corpus_weights)
        ranked = rank_candidates(postings, total, exclude=exclude, limit=CANDIDATES, wide=corpus_weights)
        ids = [claim_id for claim_id, _ in ranked]
        if corpus_weights:
            weight = idf_weight(token_counts(postings), total)
    more = [pk for pk in also if pk not in ids and pk != exclude]
    ids += more
    missing = [pk for pk in ids if pk not in stored]
    if missing:
        stored.update(_stored_features(missing))
    others = {
        claim_id: (_features_of(claim_id, stored[claim_id]), stored[claim_id][2])
        for claim_id in ids
        if claim_id in stored
    }
    pool = None
    if corpus_weights:
        # A question ranks its candidates by wording: BM25 over words, rare character 3-5-grams
        # (rarity in the workspace, where counted: claims.services.grams), word counts and word
        # pairs (rarity among the question and its candidates), claim length against the
        # candidates' average.
        texts = [other for other, _ in others.values()]
        pool = RankingPool.of(features, texts, chars=gram_weights(workspace_id, [features, *texts]))
    matches = []
    for claim_id, (other, signature) in others.items():
        verdict = compare(features, other, weight, suggestable_only=not keep_unrelated)
        if keep_unrelated or (verdict.relation != "unrelated" and verdict.score >= T_RELATED):
            parts = ranking_parts(features, other, weight, pool) if pool is not None else None
            similarity = parts.score() if parts is not None else 0.0
            matches.append(Match(claim_id, verdict, signature, round(similarity, 3), parts))
    if corpus_weights:
        matches.sort(key=most_alike_first)
    else:
        matches.sort(key=lambda m: (-m.verdict.priority, m.claim_id))  # contradictions first
    # Ties go to the older claim: the original report before its re-posts.
    return matches[:limit]


# --- checking claims and storing suggestions ---------------------------------------------------


def engine_reason() -> str:
    """How the engine's changes to links are named in their history: "engine 2026.11.6"."""
    return f"engine {ENGINE_VERSION}"


def pair_signature(a: str, b: str) -> str:
    first, second = sorted((a, b))
    return hashlib.sha256(f"{first}|{second}".encode()).hexdigest()[:32]


@dataclass
class CheckResult:
    claim_id: int
    checked: bool = False
    created: int = 0
    updated: int = 0
    reopened: int = 0
    removed: int = 0


def check_claims(claim_ids: Sequence[int], *, force: bool = False, derive: bool = False) -> list[CheckResult]:
    """Check claims: index each, then find, decide and store its suggestions.

    Claims whose inputs and engine version are unchanged since their last check are skipped
    unless `force`. Indexing a whole batch first lets claims of one import find each other.
    With `derive`, the claims' derived fields are refreshed too (claim_refresh_derived), from
    the same read and in the same transaction as their index (deleted claims are left alone).
    """
    gazetteer = load_gazetteer()
    read = _claims_and_states(claim_ids)
    inputs, states = read.inputs, read.states
    derived: DerivedWrites = ([], [])  # nothing to write unless `derive`
    if derive:
        inputs, derived = _derive(inputs, read.derived)
    todo: list[tuple[ClaimInput, Features]] = []
    results = {pk: CheckResult(pk) for pk in claim_ids}
    for item in inputs:
        if not force and states.get(item.id) == (item.signature, ENGINE_VERSION):
            continue
        todo.append((item, features_for(item, gazetteer)))
    if not todo:
        write_derived_many(*derived)
        return [results[pk] for pk in claim_ids]
    batch = _Batch(todo)
    # Whether anyone watches something in the checked claims' workspaces (read with the claims),
    # for the contradiction notifications; None where the read does not tell (SQLite).
    watched = None if read.watched is None else any(item.workspace_id in read.watched for item, _ in todo)
    if len(todo) == 1:
        # One claim (a save): its derived fields, index and suggestions in one transaction.

        attempts = 0

        def index_and_store() -> dict[int, CheckResult]:
            nonlocal attempts
            attempts += 1
            write_derived_many(*derived)
            # One round trip for the transaction's BEGIN (unless the derived fields began it),
            # the index written and the candidate query that reads it.
            with pipelined():
                _write_indexes(todo)
                batch.find_candidates()
            # A claim that had no link when it was read (a new one, mostly) has none to read
            # now, unless one was made meanwhile: one for a pair this check suggests too refuses
            # the check's insert (the unique pair index), and the check runs again, reading
            # them; one for another pair is left as it is, as if made after the check.
            read_links = attempts > 1 or todo[0][0].id not in read.unlinked
            return batch.store(mark_checked=False, read_links=read_links, watched=watched)

        results.update(_retrying(index_and_store))
        return [results[pk] for pk in claim_ids]
    # A batch (an import): index every claim first, so the batch's claims find each other; then
    # one query finds every claim's candidates, and one transaction stores all the suggestions
    # and marks the claims checked, so a worker killed half-way leaves them all pending (the
    # re-delivered task or the sweep checks them again) and nothing half-written.
    with transaction.atomic():
        write_derived_many(*derived)
        _write_indexes(todo, version=INDEXED_ONLY)
    batch.find_candidates()
    results.update(_retrying(lambda: batch.store(mark_checked=True, watched=watched)))
    return [results[pk] for pk in claim_ids]


class _Batch:
    """The claims of one check, their candidates, and the verdicts on their pairs.

    Each claim is decided exactly as if the claims were checked one after the other (a claim
    sees the suggestions the claims before it made), but every candidate's features are read
    and parsed once, a pair's verdict is computed once (compare is symmetric and depends on
    the two claims only), and the writes are a few statements for the whole batch.
    """

    def __init__(self, todo: Sequence[tuple[ClaimInput, Features]]) -> None:
        self.todo = list(todo)
        self.ids = [item.id for item, _ in todo]
        # Every claim the batch meets: its features and signature (the batch's own as extracted).
        self.known: dict[int, tuple[Features, str]] = {item.id: (f, item.signature) for item, f in todo}
        self.candidates: dict[int, list[int]] = {}
        self.verdicts: dict[tuple[int, int], Verdict] = {}

    def find_candidates(self) -> None:
        queries = [(item.id, item.workspace_id, features) for item, features in self.todo]
        if connection.vendor == "postgresql":
            self.candidates, stored, _ = _candidates_in_database(queries, skip=self.ids)
        else:
            self.candidates = _candidates_by_postings(queries)
            stored = _stored_features(
                {pk for ids in self.candidates.values() for pk in ids} - set(self.known)
            )
            self.candidates = {
                query: [pk for pk in ids if pk in stored or pk in self.known]
                for query, ids in self.candidates.items()
            }
        self._learn(stored)

    def _learn(self, stored: Mapping[int, Stored]) -> None:
        for claim_id, row in stored.items():
            if claim_id not in self.known:
                self.known[claim_id] = (_features_of(claim_id, row), row[2])

    def verdict(self, a: int, b: int) -> Verdict:
        pair = (a, b) if a < b else (b, a)
        verdict = self.verdicts.get(pair)
        if verdict is None:
            # Unrelated pairs only count for their order (first_suggestions): their reasons
            # are never stored, so their comparison ends as soon as it is known.
            verdict = self.verdicts[pair] = compare(self.known[a][0], self.known[b][0], suggestable_only=True)
        return verdict

    def matches(self, claim_id: int, also: Collection[int]) -> list[Match]:
        """As find_matches(keep_unrelated=True): the candidates and the claims already
        suggested with this one, the first_suggestions among them."""
        ids = self.candidates.get(claim_id, [])
        ids = ids + [pk for pk in also if pk not in ids and pk != claim_id]
        matches = [Match(pk, self.verdict(claim_id, pk), self.known[pk][1]) for pk in ids if pk in self.known]
        matches.sort(key=lambda m: (-m.verdict.priority, m.claim_id))  # contradictions first
        return first_suggestions(matches, stored=set(also))

    def store(
        self, *, mark_checked: bool, read_links: bool = True, watched: bool | None = None
    ) -> dict[int, CheckResult]:
        """Decide and write every claim's suggestions, from the links stored now (in the
        caller's transaction; a race with another worker rolls it back and it runs again), or
        from none where the caller knows there are none (`read_links` False). `watched`:
        whether anyone watches something in the claims' workspace, where the caller read it."""
        results = {pk: CheckResult(pk, checked=True) for pk in self.ids}
        existing: dict[int, dict[int, Link | NewSuggestion]] = {pk: {} for pk in self.ids}
        for stored in _links_of(self.ids) if read_links else ():
            if stored.from_claim_id in existing:
                existing[stored.from_claim_id][stored.to_claim_id] = stored
            if stored.to_claim_id in existing:
                existing[stored.to_claim_id][stored.from_claim_id] = stored
        unknown = {
            other
            for links in existing.values()
            for other, link in links.items()
            if link.origin == LinkOrigin.SUGGESTED and other not in self.known
        }
        if unknown:
            self._learn(_stored_features(unknown))
        new: list[NewSuggestion] = []
        changed: dict[int, Link] = {}
        removed: dict[int, Link] = {}
        for item, _ in self.todo:
            result = results[item.id]
            mine = existing[item.id]
            also = [pk for pk, link in mine.items() if link.origin == LinkOrigin.SUGGESTED]
            kept = 0
            for match in self.matches(item.id, also):
                verdict = match.verdict
                link = mine.get(match.claim_id)
                suggest = suggestable(verdict) and kept < SUGGESTIONS_PER_CLAIM
                signature = pair_signature(item.signature, match.signature)
                kept += suggest
                if link is None:
                    if suggest:
                        link = _suggestion(item, match, signature)
                        new.append(link)
                        mine[match.claim_id] = link
                        if match.claim_id in existing:  # the other claim is in the batch too
                            existing[match.claim_id][item.id] = link
                elif link.origin == LinkOrigin.SUGGESTED and link.state == LinkState.SUGGESTED:
                    if not suggest:
                        del mine[match.claim_id]
                        existing.get(match.claim_id, {}).pop(item.id, None)
                        if isinstance(link, NewSuggestion):  # by a claim before it in the batch
                            new.remove(link)
                        else:
                            changed.pop(link.pk, None)
                            removed[link.pk] = link
                        result.removed += 1
                    elif _refresh(link, verdict, signature):
                        if isinstance(link, Link):
                            changed.setdefault(link.pk, link)
                        result.updated += 1
                elif (
                    isinstance(link, Link)
                    and link.state == LinkState.REJECTED
                    and link.origin == LinkOrigin.SUGGESTED
                    and suggest
                    and link.signature != signature
                ):
                    _refresh(link, verdict, signature, reopen=True)
                    changed.setdefault(link.pk, link)
                    result.reopened += 1
            if mark_checked:
                _drill_delay()
        for link in removed.values():
            link._history_user = None  # type: ignore[attr-defined]
            link._change_reason = f"{engine_reason()}: no longer suggested"  # type: ignore[attr-defined]
            link.delete()
        for link in changed.values():
            link.save()
        if new:
            # Two statements for all new suggestions: the links, then their history records; in
            # the order of their pairs, so two workers writing overlapping batches never deadlock.
            new.sort(
                key=lambda link: (
                    min(link.from_claim_id, link.to_claim_id),
                    max(link.from_claim_id, link.to_claim_id),
                )
            )
            _insert_suggestions(new, reason=f"{engine_reason()}: suggested")
            for link in new:
                results[link.from_claim_id].created += 1
            # notifications: new suggested contradictions, told to those watching either claim.
            from notifications.services import notify_contradictions

            notify_contradictions(
                links=[s.link() for s in new if s.relation == LinkRelation.CONTRADICTS],
                actor=None,
                watched=watched,
            )
        if mark_checked:
            MatchState.objects.filter(claim_id__in=self.ids).update(version=ENGINE_VERSION)
        return results


def _links_of(claim_ids: Sequence[int]) -> list[Link]:
    """The links from or to the claims. On PostgreSQL a raw query (Django still builds the
    instances): compiling the ORM's OR of two lookups took half of its 1.2 ms."""
    if connection.vendor != "postgresql":
        return list(Link.objects.filter(Q(from_claim_id__in=claim_ids) | Q(to_claim_id__in=claim_ids)))
    ids = list(claim_ids)
    sql = f"SELECT * FROM {Link._meta.db_table} WHERE from_claim_id = ANY(%s) OR to_claim_id = ANY(%s)"
    return list(Link.objects.raw(sql, [ids, ids]))


def _drill_delay() -> None:
    """Failure drills only (settings.ENGINE_CHECK_DRILL_DELAY, 0 in use): a pause after each
    claim of a batch is decided, so a test can kill the worker deterministically half-way
    through one."""
    delay = settings.ENGINE_CHECK_DRILL_DELAY
    if delay:
        time.sleep(delay)


def check_claim(claim_id: int, *, force: bool = False) -> CheckResult:
    return check_claims([claim_id], force=force)[0]


T = TypeVar("T")
DEADLOCK = "40P01"


def _retrying(write: Callable[[], T]) -> T:
    """Run a write in a transaction; if another worker stored a suggestion for one of the same
    pairs meanwhile, the unique pair index refuses ours (or PostgreSQL breaks a deadlock with
    it), and the write is done again from what is stored now."""
    for attempt in range(3):
        try:
            with transaction.atomic():
                return write()
        except (IntegrityError, OperationalError) as error:
            retry = isinstance(error, IntegrityError) or getattr(error.__cause__, "sqlstate", "") == DEADLOCK
            if attempt == 2 or not retry:
                raise
    raise AssertionError("unreachable")


def _insert_suggestions(suggestions: Sequence[NewSuggestion], *, reason: str) -> None:
    """Insert new suggestions with their history records (created, by no user, for `reason`),
    and set their ids: on PostgreSQL one statement, as bulk_create and bulk_history_create
    would write them in two."""
    if connection.vendor != "postgresql":
        links = [suggestion.link() for suggestion in suggestions]
        Link.objects.bulk_create(links)
        Link.history.bulk_history_create(links, default_change_reason=reason)
        for suggestion, link in zip(suggestions, links, strict=True):
            suggestion.pk = link.pk
        return
    sql, fields = _suggestions_sql()
    # The columns a suggestion leaves to the model's defaults (the note, the creation time...),
    # prepared once from one Link; then each suggestion's own values.
    template = suggestions[0].link()
    defaults = {field.column: field.get_prep_value(getattr(template, field.attname)) for field in fields}
    own = [(field.column, field.attname) for field in fields if field.attname in _SUGGESTION_FIELDS]
    # One JSON document for all the rows, written in C (datetimes as PostgreSQL reads them),
    # where psycopg would quote each column's array element by element in Python (100 ms for
    # the 1,500 suggestions of a batch).
    rows = orjson.dumps(
        [{**defaults, **{column: getattr(s, attname) for column, attname in own}} for s in suggestions]
    ).decode()
    with prepared_cursor() as cursor:
        cursor.execute(sql, [rows, timezone.now(), reason])
        ids = {(from_id, to_id): pk for pk, from_id, to_id in cursor.fetchall()}
    for suggestion in suggestions:
        suggestion.pk = ids[suggestion.from_claim_id, suggestion.to_claim_id]


@lru_cache(maxsize=1)
def _suggestions_sql() -> tuple[str, tuple[Field[Any, Any], ...]]:
    """The statement of _insert_suggestions, from the models' metadata: the links from a JSON
    array of rows (objects keyed by column), and a history record of each link as inserted
    (RETURNING *), with every column the historical model tracks."""
    quote = connection.ops.quote_name
    fields = tuple(field for field in Link._meta.concrete_fields if not field.primary_key)
    columns = ", ".join(quote(field.column) for field in fields)
    history = Link.history.model
    tracked = ", ".join(quote(field.column) for field in history.tracked_fields)
    own = ", ".join(
        quote(history._meta.get_field(name).column)
        for name in ("history_date", "history_change_reason", "history_type", "history_user")
    )
    sql = f"""
        WITH new AS (
            INSERT INTO {quote(Link._meta.db_table)} ({columns})
            SELECT {columns} FROM json_to_recordset(%s::json)
                AS t({", ".join(f"{quote(field.column)} {field.db_type(connection)}" for field in fields)})
            RETURNING *
        )
        INSERT INTO {quote(history._meta.db_table)} ({tracked}, {own})
        SELECT {tracked}, %s, %s, '+', NULL FROM new
        RETURNING {quote("id")}, {quote(Link._meta.get_field("from_claim").column)},
            {quote(Link._meta.get_field("to_claim").column)}
    """
    return sql, fields


@dataclass(eq=False)
class NewSuggestion:
    """A suggestion a check makes, until it is stored (then `pk` is set): the values of its
    Link that are its own. A Link instance for each cost 4% of an import's checks (Django's
    Model.__init__ for about six suggestions a claim)."""

    workspace_id: int
    from_claim_id: int
    to_claim_id: int
    relation: str
    score: float
    reasons: list[str]
    signature: str
    engine_version: str = ENGINE_VERSION
    origin: str = LinkOrigin.SUGGESTED
    state: str = LinkState.SUGGESTED
    pk: int | None = None

    def link(self) -> Link:
        """The Link it is (stored, once `pk` is set)."""
        link = Link(pk=self.pk, **{name: getattr(self, name) for name in _SUGGESTION_FIELDS})
        # The engine's history records name no user, even when a check runs inside a request
        # (tasks in-process): simple-history would otherwise take the signed-in user.
        link._history_user = None  # type: ignore[attr-defined]
        if self.pk is not None:
            link._state.adding = False
            link._state.db = connection.alias
        return link


# A suggestion's own Link fields (its attribute names are the Link's), its id aside.
_SUGGESTION_FIELDS = tuple(field.name for field in dataclass_fields(NewSuggestion) if field.name != "pk")


def _suggestion(item: ClaimInput, match: Match, signature: str) -> NewSuggestion:
    return NewSuggestion(
        workspace_id=item.workspace_id,
        from_claim_id=item.id,
        to_claim_id=match.claim_id,
        relation=match.verdict.relation,
        score=match.verdict.score,
        reasons=list(match.verdict.reasons),
        signature=signature,
    )


def _refresh(link: Link | NewSuggestion, verdict: Verdict, signature: str, *, reopen: bool = False) -> bool:
    """Set a suggestion's verdict (and reopen it); the caller saves it. The reason of its first
    change in a check names it in the history record."""
    values: Mapping[str, Any] = {
        "relation": verdict.relation,
        "score": verdict.score,
        "reasons": list(verdict.reasons),
        "engine_version": ENGINE_VERSION,
        "signature": signature,
    }
    if not reopen and all(getattr(link, name) == value for name, value in values.items()):
        return False
    for name, value in values.items():
        setattr(link, name, value)
    if reopen:
        assert isinstance(link, Link)  # only a stored, rejected suggestion is reopened
        link.state = LinkState.SUGGESTED
        link.decided_by = None
        link.decided_at = None
    if isinstance(link, Link):  # stored: its history record says why it changed, and by no user
        if getattr(link, "_change_reason", None) is None:
            link._change_reason = (  # type: ignore[attr-defined]
                f"{engine_reason()}: suggested again, a claim changed since it was rejected"
                if reopen
                else f"{engine_reason()}: re-checked"
            )
        link._history_user = None  # type: ignore[attr-defined]
    return True


# --- pending claims ----------------------------------------------------------------------------


def pending_claim_ids(*, workspace_id: int | None = None, limit: int | None = None) -> list[int]:
    """Claims never checked, or checked by another engine version, oldest first."""
    claims = Claim.objects.alive().filter(Q(match__isnull=True) | ~Q(match__version=ENGINE_VERSION))
    if workspace_id is not None:
        claims = claims.filter(workspace_id=workspace_id)
    ids = claims.order_by("pk").values_list("pk", flat=True)
    return list(ids[:limit] if limit else ids)


def check_pending(*, workspace_id: int | None = None, batch_size: int = 200) -> int:
    """Check every pending claim in batches, in this process; returns how many were checked."""
    checked = 0
    while ids := pending_claim_ids(workspace_id=workspace_id, limit=batch_size):
        results = check_claims(ids, force=True)
        checked += sum(r.checked for r in results)
        if not any(r.checked for r in results):
            break
    return checked


def mark_stale(*, workspace_id: int) -> int:
    """Make every claim of a workspace pending again, so the next sweep re-checks it."""
    return MatchState.objects.filter(workspace_id=workspace_id).update(version="")


# --- read-only questions: the commands and the API ---------------------------------------------


def claim_refs(claim_ids: Iterable[int]) -> dict[int, str | int]:
    """How claims are named outside: their external id where they have one, else their id."""
    return {
        pk: external_id or pk
        for pk, external_id in Claim.objects.filter(pk__in=set(claim_ids)).values_list("pk", "external_id")
    }


def suggestion_rows(
    *, workspace_id: int, states: Sequence[str] = (LinkState.SUGGESTED,)
) -> list[dict[str, Any]]:
    """The engine's suggestions in a workspace, strongest first, as the commands print them."""
    links = list(
        Link.objects.filter(workspace_id=workspace_id, origin=LinkOrigin.SUGGESTED, state__in=states)
        .order_by("-score", "from_claim_id", "to_claim_id")
        .values("from_claim_id", "to_claim_id", "relation", "score", "reasons", "state", "engine_version")
    )
    refs = claim_refs([pk for link in links for pk in (link["from_claim_id"], link["to_claim_id"])])
    return [
        {
            "claim": refs.get(link["from_claim_id"], link["from_claim_id"]),
            "other": refs.get(link["to_claim_id"], link["to_claim_id"]),
            "relation": link["relation"],
            "score": link["score"],
            "reasons": link["reasons"],
            **({"state": link["state"]} if len(states) > 1 else {}),
        }
        for link in links
    ]


def similar_to_text(
    *, workspace_id: int, text: str, top: int, published: dt.date | None = None
) -> list[dict[str, Any]]:
    """find_similar: the workspace's claims closest to a text, best first; writes nothing."""
    features = text_features(text, published=published, gazetteer=load_gazetteer())
    matches = find_matches(workspace_id, features, limit=top, keep_unrelated=True, corpus_weights=True)
    refs = claim_refs(m.claim_id for m in matches)
    return [
        {
            "claim": refs.get(m.claim_id, m.claim_id),
            "score": m.similarity,
            "relation": m.verdict.relation,
        }
        for m in matches
    ]


def relate_texts(
    a: str, b: str, *, a_published: dt.date | None = None, b_published: dt.date | None = None
) -> Verdict:
    """The relation of two texts, decided as for a suggested link; writes nothing."""
    gazetteer = load_gazetteer()
    return compare(
        text_features(a, published=a_published, gazetteer=gazetteer),
        text_features(b, published=b_published, gazetteer=gazetteer),
    )
