from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from claims.filters import ClaimFilter
from claims.history import HistoryEntry, history_entries
from claims.models import Claim, Link
from workspaces.models import Workspace


def claim_list(
    *, workspace: Workspace, filters: Mapping[str, Any] | None = None
) -> tuple[ClaimFilter, QuerySet[Claim]]:
    """A workspace's claims, filtered; returns the bound filter (for the form) and the rows."""
    base = (
        Claim.objects.filter(workspace=workspace)
        .select_related("source", "source__network", "assignee")
        .prefetch_related("places", "actors", "tags")
        .order_by("-published", "-id")
    )
    claim_filter = ClaimFilter(filters or None, queryset=base)
    return claim_filter, claim_filter.qs


def claim_get(*, workspace: Workspace, pk: int) -> Claim:
    claim = (
        Claim.objects.filter(workspace=workspace, pk=pk)
        .select_related("source", "source__network", "assignee", "created_by")
        .prefetch_related("places", "actors", "tags", "figures")
        .first()
    )
    if claim is None:
        raise Http404("No such claim in this workspace.")
    return claim


def claim_links(*, claim: Claim) -> list[Link]:
    related = Claim.objects.select_related("source", "source__network")
    return list(
        Link.objects.touching(claim)
        .select_related("decided_by", "created_by")
        .prefetch_related(Prefetch("from_claim", queryset=related), Prefetch("to_claim", queryset=related))
        .order_by("relation", "-created_at")
    )


def claim_history(*, claim: Claim, limit: int = 100) -> list[HistoryEntry]:
    # One record more than shown, so the oldest shown one can be diffed too.
    records = list(
        claim.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    return history_entries(records, Claim)[:limit]
