"""find_similar's character n-gram counts: how many of a workspace's claims hold each n-gram.

find_similar ranks a question's candidates partly by the character 3- to 5-grams they share
with it, each weighed by how rare it is. Among the 31 texts ranked, an n-gram that the question
and a few candidates hold looks rare though a tenth of the workspace may hold it; counted over
the whole workspace it weighs what it says (CheckThat! train, MAP@5: 2021 0.850 -> 0.858, 2020
0.857 -> 0.866, with the ranking mix re-chosen). The counts are rebuilt whole for a workspace by
one task (`refresh_gram_counts`, hourly for the workspaces whose claims changed by a tenth, and
the `refresh_gram_counts` command), in PostgreSQL where it runs there; every worker reads them.
Until a workspace is first counted, find_similar weighs n-grams among the texts it ranks.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, QuerySet
from django.utils import timezone

from claims.matching.extract import TRIGRAM_TEXT_LIMIT, Features, char_grams
from claims.matching.score import Weight, counted_ngram_weights
from claims.models import Claim, GramCount, GramStats

# N-grams fewer claims hold are not stored: they weigh as held by one (counted_ngram_weights).
# At 13,825 claims (CheckThat! 2021): 81,030 distinct n-grams, 55,144 of them held by two or more.
MIN_CLAIMS = 2
# A workspace is counted again once its claims differ by this share (or STALE_MIN claims) from
# the number counted; and a week after its last count if any claim was saved since.
STALE_SHARE = 0.1
STALE_MIN = 50
STALE_AGE_DAYS = 7

# The n-grams of every claim of one workspace, each once per claim, counted (PostgreSQL): the
# same cut as char_grams (the text's first TRIGRAM_TEXT_LIMIT characters, split at spaces, each
# word padded with a space). text_normalized holds words joined by single spaces. Each claim's
# n-grams are made distinct on their own (LATERAL): one DISTINCT over the whole workspace's
# (claim, n-gram) pairs spilled 8 GB to disk at 1,000,000 claims and took 372 s, this 275 s.
_COUNT_SQL = f"""
    INSERT INTO {GramCount._meta.db_table} (workspace_id, gram, claims)
    SELECT %(workspace)s, g.gram, count(*)
    FROM {Claim._meta.db_table} c
    CROSS JOIN LATERAL (
        SELECT DISTINCT substr(w.padded, i, n) AS gram
        FROM (
            SELECT ' ' || word || ' ' AS padded
            FROM regexp_split_to_table(left(c.text_normalized, %(limit)s), ' ') AS word
            WHERE word <> ''
        ) w,
        generate_series(3, 5) AS n,
        generate_series(1, length(w.padded) - n + 1) AS i
    ) g
    WHERE c.workspace_id = %(workspace)s AND c.deleted_at IS NULL AND c.text_normalized <> ''
    GROUP BY g.gram HAVING count(*) >= %(min)s
"""


def _counted(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    """The claims a count covers: not deleted, and with their normalised text (an imported
    claim has none until its derived fields are refreshed, a moment after the import)."""
    return claims.filter(deleted_at__isnull=True).exclude(text_normalized="")


def gram_counts_rebuild(*, workspace_id: int) -> int:
    """Count the n-grams of the workspace's claims (deleted ones aside) afresh, in one
    transaction: find_similar reads the old counts until it commits. Claims not yet normalised
    are left for the next count. Two rebuilds of one workspace queue behind each other (the
    stats row is locked). Returns how many claims were counted."""
    with transaction.atomic():
        stats, _ = GramStats.objects.select_for_update().get_or_create(workspace_id=workspace_id)
        GramCount.objects.filter(workspace_id=workspace_id).delete()
        claims = _counted(Claim.objects.filter(workspace_id=workspace_id))
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    _COUNT_SQL,
                    {"workspace": workspace_id, "limit": TRIGRAM_TEXT_LIMIT, "min": MIN_CLAIMS},
                )
            counted = claims.count()
        else:
            counts: Counter[str] = Counter()
            counted = 0
            for text in claims.values_list("text_normalized", flat=True).iterator(chunk_size=2000):
                counted += 1
                counts.update(set(char_grams(text)))
            GramCount.objects.bulk_create(
                (
                    GramCount(workspace_id=workspace_id, gram=gram, claims=n)
                    for gram, n in counts.items()
                    if n >= MIN_CLAIMS
                ),
                batch_size=2000,
            )
        stats.claims = counted
        stats.built_at = timezone.now()
        stats.save(update_fields=["claims", "built_at"])
    return counted


def stale_workspaces() -> list[int]:
    """The workspaces whose n-gram counts are due: never counted, or their claims differ from
    the number counted by STALE_SHARE (at least STALE_MIN), or counted more than STALE_AGE_DAYS
    ago with a claim saved since. Claims count as _counted does; workspaces without any are
    left alone."""
    stats = {s.workspace_id: s for s in GramStats.objects.all()}
    now = timezone.now()
    due = []
    rows = (
        _counted(Claim.objects.all())
        .order_by("workspace_id")
        .values_list("workspace_id")
        .annotate(claims=Count("id"))
    )
    for workspace_id, claims in rows:
        known = stats.get(workspace_id)
        if known is None or known.built_at is None:
            due.append(workspace_id)
            continue
        changed = abs(claims - known.claims) >= max(STALE_MIN, STALE_SHARE * known.claims)
        if changed or (
            (now - known.built_at).days >= STALE_AGE_DAYS
            and Claim.objects.filter(workspace_id=workspace_id, updated_at__gt=known.built_at).exists()
        ):
            due.append(workspace_id)
    return due


def gram_weights(workspace_id: int, texts: Iterable[Features]) -> Weight | None:
    """The weights of the texts' character n-grams by their rarity in the workspace
    (counted_ngram_weights), or None where the workspace was never counted. Two queries,
    whatever the number of n-grams."""
    counted = (
        GramStats.objects.filter(workspace_id=workspace_id, built_at__isnull=False)
        .values_list("claims", flat=True)
        .first()
    )
    if not counted:
        return None
    grams = list({gram for text in texts for gram in text.char_counts})
    # Thousands of n-grams for a question and its 30 candidates: one array (one JSON array on
    # SQLite) rather than a placeholder each.
    table = GramCount._meta.db_table
    if connection.vendor == "postgresql":
        sql = f"SELECT gram, claims FROM {table} WHERE workspace_id = %s AND gram = ANY(%s)"
        values: Any = grams
    else:
        sql = (
            f"SELECT gram, claims FROM {table} "
            "WHERE workspace_id = %s AND gram IN (SELECT value FROM json_each(%s))"
        )
        values = json.dumps(grams)
    with connection.cursor() as cursor:
        cursor.execute(sql, [workspace_id, values])
        counts = dict(cursor.fetchall())
    return counted_ngram_weights(counts, counted)
