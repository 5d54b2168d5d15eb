from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db.models import Count, QuerySet

from claims.models import ClaimStatus, Link, LinkState
from workspaces.models import Membership, Workspace


def membership_list(*, user: User) -> QuerySet[Membership]:
    """The user's memberships, with their workspaces: the workspaces he may see."""
    return Membership.objects.filter(user=user).select_related("workspace")


def workspace_summary(*, workspace: Workspace) -> dict[str, Any]:
    """Claims by status, links, and suggestions awaiting a decision."""
    by_status = dict(
        workspace.claims.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    links = Link.objects.filter(workspace=workspace)
    return {
        "claims_by_status": {value: by_status.get(value, 0) for value in ClaimStatus.values},
        "claim_total": sum(by_status.values()),
        "link_total": links.count(),
        "open_suggestions": links.filter(state=LinkState.SUGGESTED).count(),
    }


def member_list(*, workspace: Workspace) -> QuerySet[Membership]:
    return workspace.memberships.select_related("user")
