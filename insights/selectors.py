"""Reads behind the event view, the link graph and the dashboard.

Every function here costs a fixed number of queries whatever the number of rows: aggregates in
the database, prefetches for the rows shown, and caps on what a page draws.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth

from claims.models import Claim, ClaimStatus, Link, LinkRelation, LinkState
from claims.selectors import claim_list
from gazetteer.models import Place
from gazetteer.services import GazetteerResolver
from sources.models import Stance
from workspaces.models import Workspace

EVENT_CLAIMS_LIMIT = 300
GRAPH_RELATIONS = (LinkRelation.CORROBORATES, LinkRelation.CONTRADICTS)
GRAPH_MAX_NODES = 30
GRAPH_MAX_CHILDREN = 12  # neighbours of the claim drawn; each of them brings at most GRAPH_MAX_GRANDCHILDREN
GRAPH_MAX_GRANDCHILDREN = 3


def place_find(*, query: str) -> Place | None:
    """A place by its id, name or any alias (Latin or Arabic), as imports resolve names."""
    query = query.strip()
    if not query:
        return None
    if query.isdigit():
        return Place.objects.filter(pk=int(query)).first()
    return GazetteerResolver(create_missing=False).place(query)


@dataclass
class LinkMarker:
    relation: str
    state: str
    other: int


@dataclass
class EventColumn:
    stance: str
    label: str
    claims: list[Claim]


@dataclass
class EventView:
    columns: list[EventColumn]
    silent: list[str]  # stance labels with no claim in the window
    markers: dict[int, list[LinkMarker]]
    total: int
    truncated: bool


def event_claims(*, workspace: Workspace, place: Place, start: dt.date, end: dt.date) -> EventView:
    """The claims about a place (and what lies within it) whose event window meets [start, end],
    in one column per source stance, with the links between the claims shown."""
    _, claims = claim_list(
        workspace=workspace,
        filters={"place": str(place.pk), "event_after": start.isoformat(), "event_before": end.isoformat()},
    )
    rows = list(
        claims.prefetch_related("figures").order_by("event_start", "published", "id")[
            : EVENT_CLAIMS_LIMIT + 1
        ]
    )
    truncated = len(rows) > EVENT_CLAIMS_LIMIT
    rows = rows[:EVENT_CLAIMS_LIMIT]
    by_stance: dict[str, list[Claim]] = defaultdict(list)
    for claim in rows:
        by_stance[claim.source.stance].append(claim)
    columns = [
        EventColumn(value, label, by_stance[value]) for value, label in Stance.choices if by_stance[value]
    ]
    silent = [label for value, label in Stance.choices if not by_stance[value] and value != Stance.UNKNOWN]
    ids = [claim.pk for claim in rows]
    markers: dict[int, list[LinkMarker]] = defaultdict(list)
    if ids:
        links = (
            Link.objects.filter(workspace=workspace, from_claim_id__in=ids, to_claim_id__in=ids)
            .exclude(state=LinkState.REJECTED)
            .values_list("from_claim_id", "to_claim_id", "relation", "state")
        )
        for a, b, relation, state in links:
            markers[a].append(LinkMarker(relation, state, b))
            markers[b].append(LinkMarker(relation, state, a))
    for claim_markers in markers.values():
        claim_markers.sort(key=lambda m: (m.relation != LinkRelation.CONTRADICTS, m.relation, m.other))
    return EventView(columns, silent, dict(markers), len(rows), truncated)


@dataclass
class GraphEdge:
    a: int
    b: int
    relation: str
    state: str
    tree: bool = False  # the link through which the farther claim was reached


@dataclass
class ClaimGraph:
    root: int
    rings: list[dict[int, list[int]]]
    claims: dict[int, Claim]
    edges: list[GraphEdge]
    truncated: bool = False
    depth: dict[int, int] = field(default_factory=dict)


def claim_graph(*, claim: Claim, depth: int = 2, max_nodes: int = GRAPH_MAX_NODES) -> ClaimGraph:
    """A claim's corroborating and contradicting neighbours, and theirs, breadth first.

    Rejected links are left out; suggested ones are kept (drawn dashed). One query per ring,
    one for the claims drawn: the cost does not grow with the size of the workspace.
    """
    seen = {claim.pk: 0}
    frontier = [claim.pk]
    rings: list[dict[int, list[int]]] = []
    edges: dict[tuple[int, int], GraphEdge] = {}
    truncated = False
    for level in range(1, depth + 1):
        if not frontier:
            break
        links = (
            Link.objects.filter(workspace_id=claim.workspace_id, relation__in=GRAPH_RELATIONS)
            .exclude(state=LinkState.REJECTED)
            .filter(Q(from_claim_id__in=frontier) | Q(to_claim_id__in=frontier))
            # Accepted before suggested, strongest first: what the cap keeps.
            .order_by("state", F("score").desc(nulls_last=True), "id")
            .values_list("from_claim_id", "to_claim_id", "relation", "state")
        )
        ring: dict[int, list[int]] = defaultdict(list)
        in_frontier = set(frontier)
        for a, b, relation, state in links:
            for parent, child in ((a, b), (b, a)):
                if parent not in in_frontier:
                    continue
                tree = False
                if child not in seen:
                    cap = GRAPH_MAX_CHILDREN if level == 1 else GRAPH_MAX_GRANDCHILDREN
                    if len(seen) >= max_nodes or len(ring[parent]) >= cap:
                        truncated = True
                        continue
                    seen[child] = level
                    ring[parent].append(child)
                    tree = True
                key = (min(a, b), max(a, b))
                if key not in edges:
                    edges[key] = GraphEdge(a, b, relation, state, tree)
        rings.append(dict(ring))
        frontier = [child for children in ring.values() for child in children]
    claims = {
        c.pk: c for c in Claim.objects.filter(pk__in=list(seen)).select_related("source", "source__network")
    }
    return ClaimGraph(claim.pk, rings, claims, list(edges.values()), truncated, seen)


@dataclass
class Dashboard:
    status_counts: list[tuple[str, str, int]]
    claim_total: int
    open_suggestions: int
    contradictions_open: int
    unassigned_new: int
    timeline: dict[dt.date, dict[str, int]]
    undated: int


def workspace_dashboard(*, workspace: Workspace) -> Dashboard:
    """Counts for the dashboard: four aggregate queries, whatever the number of claims."""
    by_status = dict(
        Claim.objects.alive()
        .filter(workspace=workspace)
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    links = (
        Link.objects.filter(workspace=workspace, state=LinkState.SUGGESTED)
        .order_by()
        .aggregate(
            open=Count("id"),
            contradictions=Count("id", filter=Q(relation=LinkRelation.CONTRADICTS)),
        )
    )
    unassigned_new = (
        Claim.objects.alive()
        .filter(workspace=workspace, status=ClaimStatus.NEW, assignee__isnull=True)
        .order_by()
        .count()
    )
    timeline: dict[dt.date, dict[str, int]] = defaultdict(dict)
    undated = 0
    rows = (
        Claim.objects.alive()
        .filter(workspace=workspace)
        .order_by()
        .annotate(month=TruncMonth("event_start"))
        .values_list("month", "source__stance")
        .annotate(n=Count("id"))
    )
    for month, stance, n in rows:
        if month is None:
            undated += n
            continue
        if isinstance(month, dt.datetime):
            month = month.date()
        timeline[month][stance] = timeline[month].get(stance, 0) + n
    counts = [(value, label, by_status.get(value, 0)) for value, label in ClaimStatus.choices]
    return Dashboard(
        status_counts=counts,
        claim_total=sum(by_status.values()),
        open_suggestions=links["open"],
        contradictions_open=links["contradictions"],
        unassigned_new=unassigned_new,
        timeline=dict(timeline),
        undated=undated,
    )
