from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from claims.models import Claim
from sources.models import Source
from workspaces.models import Workspace


def source_list(*, workspace: Workspace, query: str = "") -> QuerySet[Source]:
    """Sources with their claim counts in this workspace; those with claims here first."""
    sources = Source.objects.select_related("network").annotate(
        claim_count=Count("claims", filter=Q(claims__workspace=workspace))
    )
    if query:
        sources = sources.filter(Q(name__icontains=query) | Q(aliases__alias__icontains=query)).distinct()
    return sources.order_by("-claim_count", "name")


def source_get(*, pk: int) -> Source:
    source = Source.objects.select_related("network").prefetch_related("aliases").filter(pk=pk).first()
    if source is None:
        raise Http404("No such source.")
    return source


def source_claims(*, source: Source, workspace: Workspace) -> QuerySet[Claim]:
    return (
        Claim.objects.alive()
        .filter(source=source, workspace=workspace)
        .prefetch_related("places")
        .order_by("-published", "-id")
    )
