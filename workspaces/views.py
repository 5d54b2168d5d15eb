from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from claims.models import ClaimStatus, Link, LinkState
from workspaces.decorators import AuthenticatedHttpRequest, workspace_view
from workspaces.forms import MemberForm, RoleForm
from workspaces.models import Membership, Role
from workspaces.services import membership_remove, membership_set


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
        workspace.claims.alive().values_list("status").annotate(n=Count("id")).values_list("status", "n")
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


@workspace_view(Role.ADMIN)
def member_list_view(request: AuthenticatedHttpRequest, membership: Membership) -> HttpResponse:
    """Members of the workspace; an admin adds, re-roles and removes them here."""
    workspace = membership.workspace
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership_set(
                workspace=workspace,
                user=form.cleaned_data["username"],
                role=form.cleaned_data["role"],
                changed_by=request.user,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"{form.cleaned_data['username'].username} is now a member.")
            return redirect("workspaces:members", slug=workspace.slug)
    members = workspace.memberships.select_related("user").order_by("user__username")
    context = {
        "membership": membership,
        "workspace": workspace,
        "members": members,
        "form": form,
        "roles": Role.choices,
    }
    return render(request, "workspaces/members.html", context)


@require_POST
@workspace_view(Role.ADMIN)
def member_update_view(
    request: AuthenticatedHttpRequest, membership: Membership, member_pk: int
) -> HttpResponse:
    workspace = membership.workspace
    target = Membership.objects.filter(workspace=workspace, pk=member_pk).select_related("user").first()
    if target is None:
        raise Http404("No such member.")
    try:
        if request.POST.get("remove"):
            membership_remove(membership=target, removed_by=request.user)
            messages.success(request, f"{target.user.username} was removed.")
        else:
            form = RoleForm(request.POST)
            if form.is_valid():
                membership_set(
                    workspace=workspace,
                    user=target.user,
                    role=form.cleaned_data["role"],
                    changed_by=request.user,
                )
                messages.success(request, f"{target.user.username} is now {form.cleaned_data['role']}.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("workspaces:members", slug=workspace.slug)
