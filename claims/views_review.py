"""The claim page's review loop: its links by state, the queue around it, and link search."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from claims.models import Claim
from claims.queue import claim_queue_neighbours
from claims.review import claim_link_candidates, claim_review
from claims.selectors import claim_get
from claims.views_queue import queue_query, queue_url
from workspaces.decorators import AuthenticatedHttpRequest, workspace_view
from workspaces.models import Membership, Role


def is_htmx(request: HttpRequest) -> bool:
    """Whether htmx sent the request (django-htmx's middleware sets `request.htmx`)."""
    return bool(getattr(request, "htmx", False))


def claim_review_context(*, request: HttpRequest, membership: Membership, claim: Claim) -> dict[str, Any]:
    """What the claim page shows of the review loop: links by state, and the queue's neighbours.

    The queue comes with the page's query string (the filters and sort the reviewer came from);
    without one it is the default queue.
    """
    workspace = membership.workspace
    query = queue_query(request.GET)
    previous, following = claim_queue_neighbours(
        workspace=workspace, claim=claim, filters=request.GET, sort=request.GET.get("sort")
    )

    def claim_url(pk: int | None) -> str:
        if pk is None:
            return ""
        url = reverse("claims:detail", kwargs={"slug": workspace.slug, "pk": pk})
        return f"{url}?{query}" if query else url

    review = claim_review(claim=claim)
    return {
        "review": review,
        # Every link by relation as (label, [(link, other claim)]), as the page has offered since
        # the foundation (other features may read it).
        "links": review.by_relation(),
        "queue_query": query,
        "queue_back": queue_url(workspace.slug, query),
        "previous_url": claim_url(previous),
        "next_url": claim_url(following),
    }


def links_fragment(
    request: HttpRequest, membership: Membership, claim: Claim, *, decided: int | None = None
) -> HttpResponse:
    """After an htmx decision: the decided row leaves the open list; the link sections are redrawn."""
    context = {
        "membership": membership,
        "workspace": membership.workspace,
        "claim": claim,
        "review": claim_review(claim=claim),
        "can_decide": membership.has_role(Role.REVIEWER),
        "fresh": decided,
    }
    return render(request, "claims/_decided.html", context)


@workspace_view(Role.RESEARCHER)
def link_search_view(request: AuthenticatedHttpRequest, membership: Membership, pk: int) -> HttpResponse:
    """Candidates for a link by hand, as the reviewer types (an htmx fragment)."""
    claim = claim_get(workspace=membership.workspace, pk=pk)
    text = request.GET.get("other", "")[:200]
    context = {
        "workspace": membership.workspace,
        "claim": claim,
        "text": text,
        "candidates": claim_link_candidates(claim=claim, text=text),
    }
    return render(request, "claims/_link_candidates.html", context)
