"""The review queue: claims needing attention, filtered, sorted and paged by keyset.

A page is read by its position in the sort order (the sort value and id of the last row shown),
never by OFFSET, so page 20,000 of a million claims costs what page 1 costs: one range scan of
an index on (workspace, sort column, id). Claims without a value for the sort column (no event
date) come after all the others, in whichever database. The count shown is bounded
(`COUNT_LIMIT`), not a COUNT(*) over the whole workspace on every page view.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from claims.filters import ClaimFilter
from claims.models import Claim, Link, LinkRelation, LinkState, SavedFilter, Tag
from gazetteer.models import Place
from workspaces.models import Workspace

PAGE_SIZE = 50
COUNT_LIMIT = 1000


@dataclass(frozen=True)
class Sort:
    key: str
    label: str
    column: str
    descending: bool


SORTS: dict[str, Sort] = {
    s.key: s
    for s in (
        Sort("newest", "Newest recorded", "id", True),
        Sort("oldest", "Oldest recorded", "id", False),
        Sort("changed", "Recently changed", "updated_at", True),
        Sort("event", "Event date, latest first", "event_start", True),
        Sort("event_asc", "Event date, earliest first", "event_start", False),
    )
}
DEFAULT_SORT = "newest"
# The queue with no filter chosen: what needs someone's attention.
DEFAULT_FILTERS = {"attention": "true"}


@dataclass(frozen=True)
class Cursor:
    """A position in a sort order: the sort value and id of a row (the value None sorts last)."""

    value: Any
    id: int

    def encode(self) -> str:
        value = self.value.isoformat() if isinstance(self.value, dt.date) else self.value
        raw = json.dumps([value, self.id], separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str, sort: Sort) -> Cursor | None:
        """The cursor in a page link, or None for a token that is not one (start from the top)."""
        try:
            value, pk = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
            if not isinstance(pk, int):
                return None
            if value is not None and sort.column == "event_start":
                value = dt.date.fromisoformat(value)
            elif value is not None and sort.column == "updated_at":
                value = dt.datetime.fromisoformat(value)
            elif sort.column == "id":
                value = pk
        except (ValueError, TypeError, binascii.Error, json.JSONDecodeError):
            return None
        return cls(value, pk)

    @classmethod
    def of(cls, claim: Claim, sort: Sort) -> Cursor:
        return cls(getattr(claim, sort.column), claim.pk)


def _segments(queryset: QuerySet[Claim], sort: Sort) -> list[tuple[QuerySet[Claim], tuple[str, ...]]]:
    """The sort order as consecutive parts: rows with a sort value, then rows without one."""
    if sort.column == "id":
        return [(queryset, ("id",))]
    return [
        (queryset.filter(**{f"{sort.column}__isnull": False}), (sort.column, "id")),
        (queryset.filter(**{f"{sort.column}__isnull": True}), ("id",)),
    ]


def _ids(
    queryset: QuerySet[Claim], sort: Sort, cursor: Cursor | None, *, forward: bool, limit: int
) -> list[int]:
    """Ids of up to `limit` rows after the cursor (or before it, nearest first), one query a part."""
    descending = sort.descending == forward
    op = "lt" if descending else "gt"
    sign = "-" if descending else ""
    segments = list(enumerate(_segments(queryset.order_by(), sort)))
    if not forward:
        segments.reverse()
    cursor_part = 0 if cursor is None or sort.column == "id" or cursor.value is not None else 1
    ids: list[int] = []
    started = cursor is None
    for index, (rows, columns) in segments:
        if not started:
            if index != cursor_part:
                continue
            assert cursor is not None
            if len(columns) == 1:
                rows = rows.filter(**{f"id__{op}": cursor.id})
            else:
                # (column, id) beyond (value, id): the redundant bound on the column alone lets
                # the database start its index scan at the cursor instead of filtering from the top.
                column = columns[0]
                rows = rows.filter(**{f"{column}__{op}e": cursor.value}).filter(
                    Q(**{f"{column}__{op}": cursor.value})
                    | Q(**{column: cursor.value, f"id__{op}": cursor.id})
                )
            started = True
        ordered = rows.order_by(*(f"{sign}{c}" for c in columns)).values_list("id", flat=True)
        ids += ordered[: limit - len(ids)]
        if len(ids) >= limit:
            break
    return ids


@dataclass
class QueuePage:
    claims: list[Claim]
    sort: Sort
    next: str = ""
    previous: str = ""
    count: int = 0
    # Undecided suggestions per claim id, and the claims with a live contradiction.
    open_suggestions: Counter[int] = field(default_factory=Counter)
    contradicted: set[int] = field(default_factory=set)

    @property
    def count_capped(self) -> bool:
        return self.count > COUNT_LIMIT


def sort_get(key: str | None) -> Sort:
    return SORTS.get(key or "", SORTS[DEFAULT_SORT])


def queue_filter(
    *, workspace: Workspace, filters: Mapping[str, Any], claims: QuerySet[Claim] | None = None
) -> ClaimFilter:
    """The bound filter over a workspace's claims; an empty query means the default queue.

    `claims` narrows what is filtered (a watched filter is tried on the few claims that changed).
    """
    meaningful = any(key in ClaimFilter.base_filters for key in filters)
    bound = filters if meaningful else DEFAULT_FILTERS
    rows = Claim.objects.alive().filter(workspace=workspace)
    if claims is not None:
        rows = rows & claims
    return ClaimFilter(bound, queryset=rows, workspace=workspace)


def claim_queue(
    *,
    workspace: Workspace,
    filters: Mapping[str, Any],
    sort: str | None = None,
    after: str | None = None,
    before: str | None = None,
    page_size: int = PAGE_SIZE,
) -> tuple[ClaimFilter, QueuePage]:
    """One page of the queue: a constant number of queries whatever the workspace's size.

    `after` / `before` are cursor tokens from a previous page's `next` / `previous`.
    """
    claim_filter = queue_filter(workspace=workspace, filters=filters)
    chosen = sort_get(sort)
    if not claim_filter.is_valid():
        return claim_filter, QueuePage(claims=[], sort=chosen)
    rows = claim_filter.qs
    forward = not before
    cursor = Cursor.decode(before or after or "", chosen) if (before or after) else None
    ids = _ids(rows, chosen, cursor, forward=forward, limit=page_size + 1)
    more = len(ids) > page_size
    ids = ids[:page_size]
    if not forward:
        ids.reverse()
    claims = claims_for_rows(ids=ids)
    page = QueuePage(claims=claims, sort=chosen)
    if claims:
        first, last = Cursor.of(claims[0], chosen), Cursor.of(claims[-1], chosen)
        if forward:
            page.next = last.encode() if more else ""
            page.previous = first.encode() if cursor is not None else ""
        else:
            page.previous = first.encode() if more else ""
            page.next = last.encode()
    page.count = rows.order_by().values("pk")[: COUNT_LIMIT + 1].count()
    page.open_suggestions, page.contradicted = link_marks(ids=ids)
    return claim_filter, page


# The queue's columns (templates/claims/queue.html) and the sort columns its cursors are made of.
ROW_FIELDS = (
    "text",
    "status",
    "credibility",
    "event_start",
    "event_end",
    "event_precision",
    "updated_at",
    "source__name",
    "source__stance",
    "source__reliability",
    "source__network__name",
    "assignee__username",
)


def claims_for_rows(*, ids: list[int]) -> list[Claim]:
    if not ids:
        return []
    found = (
        Claim.objects.filter(pk__in=ids)
        .select_related("source__network", "assignee")
        .prefetch_related(
            Prefetch("places", queryset=Place.objects.only("name")),
            Prefetch("tags", queryset=Tag.objects.only("name")),
        )
        .only(*ROW_FIELDS)
        .in_bulk()
    )
    return [found[pk] for pk in ids if pk in found]


def link_marks(*, ids: list[int]) -> tuple[Counter[int], set[int]]:
    """Undecided suggestions per claim and the claims with a live contradiction: one query."""
    wanted = set(ids)
    suggestions: Counter[int] = Counter()
    contradicted: set[int] = set()
    if not ids:
        return suggestions, contradicted
    links = (
        Link.objects.filter(Q(from_claim__in=ids) | Q(to_claim__in=ids))
        .filter(
            Q(state=LinkState.SUGGESTED)
            | Q(relation=LinkRelation.CONTRADICTS, state__in=[LinkState.SUGGESTED, LinkState.ACCEPTED])
        )
        .values_list("from_claim_id", "to_claim_id", "state", "relation")
    )
    for a, b, state, relation in links:
        for end in {a, b} & wanted:
            if state == LinkState.SUGGESTED:
                suggestions[end] += 1
            if relation == LinkRelation.CONTRADICTS:
                contradicted.add(end)
    return suggestions, contradicted


def claim_queue_neighbours(
    *, workspace: Workspace, claim: Claim, filters: Mapping[str, Any], sort: str | None = None
) -> tuple[int | None, int | None]:
    """The claims before and after this one in the queue as filtered (None at either end)."""
    claim_filter = queue_filter(workspace=workspace, filters=filters)
    if not claim_filter.is_valid():
        return None, None
    chosen = sort_get(sort)
    here = Cursor.of(claim, chosen)
    previous = _ids(claim_filter.qs, chosen, here, forward=False, limit=1)
    following = _ids(claim_filter.qs, chosen, here, forward=True, limit=1)
    return (previous[0] if previous else None), (following[0] if following else None)


@dataclass(frozen=True)
class NamedFilter:
    name: str
    query: str
    pk: int | None = None  # None for the built-in ones
    builtin: int | None = None  # a built-in one's stable number (what a watch of it records)


def builtin_filters(*, user: User) -> list[NamedFilter]:
    """The built-in filters, their queries as of today for this user (they are not stored)."""
    week_ago = timezone.localdate() - dt.timedelta(days=6)
    return [
        NamedFilter("My queue", f"assignee={user.pk}&attention=true", builtin=1),
        NamedFilter("Contradictions this week", f"contradicted_since={week_ago.isoformat()}", builtin=2),
    ]


def saved_filter_list(*, workspace: Workspace, user: User) -> list[NamedFilter]:
    """The built-in filters ("My queue", "Contradictions this week"), then the user's own."""
    own = SavedFilter.objects.filter(workspace=workspace, user=user).order_by("name")
    return builtin_filters(user=user) + [NamedFilter(f.name, f.query, f.pk) for f in own]
