from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import render

from claims.models import ClaimStatus, Link, LinkState
from workspaces.decorators import AuthenticatedHttpRequest, workspace_view
from workspaces.models import Membership


@login_required
def workspace_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("workspace")
        .annotate(claim_count=Count("workspace__claims"))
        .order_by("workspace__name")
    )
    return render(request, "workspaces/list.html", {"memberships": memberships})


@workspace_view()
def workspace_detail(request: AuthenticatedHttpRequest, membership: Membership) -> HttpResponse:
    workspace = membership.workspace
    by_status = dict(
        workspace.claims.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    counts = [(value, label, by_status.get(value, 0)) for value, label in ClaimStatus.choices]
    links = Link.objects.filter(workspace=workspace)
    context = {
        "membership": membership,
        "workspace": workspace,
        "status_counts": counts,
        "claim_total": sum(by_status.values()),
        "link_total": links.count(),
        "open_suggestions": links.filter(state=LinkState.SUGGESTED).count(),
        "members": workspace.memberships.select_related("user").order_by("user__username"),
    }
    return render(request, "workspaces/detail.html", context)
