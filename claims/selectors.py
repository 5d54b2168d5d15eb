from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from claims.filters import ClaimFilter, LinkFilter
from claims.history import HistoryEntry, history_entries
from claims.models import Claim, Link
from gazetteer.models import Place
from workspaces.models import Workspace


def claim_list(
    *,
    workspace: Workspace,
    filters: Mapping[str, Any] | None = None,
    columns: tuple[str, ...] | None = None,
) -> tuple[ClaimFilter, QuerySet[Claim]]:
    """A workspace's claims, filtered; returns the bound filter (for the form) and the rows.

    Whole claims with their sources, places, actors and tags; with `columns` (a page's), only
    those fields, their sources and relays, and the places' names.
    """
    base = Claim.objects.alive().filter(workspace=workspace).order_by("-published", "-id")
    if columns is None:
        base = base.select_related("source", "source__network", "relayed_from", "assignee").prefetch_related(
            "places", "actors", "tags"
        )
    else:
        base = (
            base.select_related("source__network", "relayed_from")
            .prefetch_related(Prefetch("places", queryset=Place.objects.only("name")))
            .only(*columns)
        )
    claim_filter = ClaimFilter(filters or None, queryset=base, workspace=workspace)
    return claim_filter, claim_filter.qs


def claim_get(*, workspace: Workspace, pk: int) -> Claim:
    claim = (
        Claim.objects.filter(workspace=workspace, pk=pk)
        .select_related("source", "source__network", "relayed_from", "assignee", "created_by")
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


def claim_suggestions(*, claim: Claim) -> dict[str, Any]:
    """The engine's suggestions touching a claim (open and decided), strongest first."""
    from claims.matching import ENGINE_VERSION
    from claims.models import LinkOrigin, MatchState

    links = list(
        Link.objects.touching(claim)
        .filter(origin=LinkOrigin.SUGGESTED)
        .select_related("from_claim", "to_claim")
        .order_by("-score", "-id")
    )
    state = MatchState.objects.filter(claim=claim).values("version", "checked_at").first()
    return {
        "claim": claim.external_id or claim.pk,
        "id": claim.pk,
        "engine_version": ENGINE_VERSION,
        "checked": state is not None and state["version"] == ENGINE_VERSION,
        "checked_at": state["checked_at"] if state else None,
        "suggestions": [
            {
                "link": link.pk,
                "other": link.other(claim).external_id or link.other(claim).pk,
                "other_id": link.other(claim).pk,
                "relation": link.relation,
                "score": link.score,
                "reasons": link.reasons,
                "state": link.state,
                "engine_version": link.engine_version,
            }
            for link in links
        ],
    }


def claim_engine_state(*, claim: Claim) -> dict[str, Any]:
    """Whether the engine has checked the claim as it is now, and with which version."""
    from claims.matching import ENGINE_VERSION
    from claims.models import MatchState

    state = MatchState.objects.filter(claim=claim).values("version", "checked_at").first()
    return {
        "version": ENGINE_VERSION,
        "checked": state is not None and state["version"] == ENGINE_VERSION,
        "checked_at": state["checked_at"] if state else None,
    }


def link_list(
    *, workspace: Workspace, filters: Mapping[str, Any] | None = None, origin: str | None = None
) -> tuple[LinkFilter, QuerySet[Link]]:
    """A workspace's links (only the engine's suggestions with `origin="suggested"`), filtered."""
    base = Link.objects.filter(workspace=workspace).select_related(
        "workspace", "from_claim", "to_claim", "created_by", "decided_by"
    )
    if origin is not None:
        base = base.filter(origin=origin)
    link_filter = LinkFilter(filters or None, queryset=base)
    return link_filter, link_filter.qs
