"""The inbox, and watching claims and sources."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from claims.selectors import claim_get
from notifications.models import Notification, TargetType, Watch
from notifications.services import notifications_for, notifications_mark_read, unread_count, watch_set
from sources.models import Source
from sources.selectors import source_get
from workspaces.decorators import AuthenticatedHttpRequest, workspace_view
from workspaces.models import Membership

PAGE_SIZE = 50


@login_required
def inbox_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = (
        Notification.objects.filter(notifications_for(user=request.user))
        .select_related("workspace", "actor")
        .order_by("-created_at", "-id")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    watches = list(
        Watch.objects.filter(user=request.user, workspace__memberships__user=request.user)
        .select_related("workspace")
        .order_by("workspace__name", "target_type", "target_id")
    )
    source_names = dict(
        Source.objects.filter(
            pk__in=[w.target_id for w in watches if w.target_type == TargetType.SOURCE]
        ).values_list("pk", "name")
    )
    context = {
        "page": page,
        "unread": unread_count(user=request.user),
        "watches": [(watch, source_names.get(watch.target_id, "")) for watch in watches],
    }
    return render(request, "notifications/inbox.html", context)


@require_POST
@login_required
def mark_read_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    ids = [int(value) for value in request.POST.getlist("id") if value.isdigit()]
    notifications_mark_read(user=request.user, ids=ids or None)
    return redirect("notifications:inbox")


def _watch(request: AuthenticatedHttpRequest, membership: Membership, target_type: str, pk: int) -> bool:
    on = request.POST.get("watch") != "off"
    try:
        watch_set(
            user=request.user, workspace=membership.workspace, target_type=target_type, target_id=pk, on=on
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    return on


@require_POST
@workspace_view()
def watch_claim_view(request: AuthenticatedHttpRequest, membership: Membership, pk: int) -> HttpResponse:
    claim = claim_get(workspace=membership.workspace, pk=pk)
    on = _watch(request, membership, TargetType.CLAIM, claim.pk)
    messages.success(request, f"You {'now watch' if on else 'no longer watch'} claim #{claim.pk}.")
    return redirect("claims:detail", slug=membership.workspace.slug, pk=claim.pk)


@require_POST
@workspace_view()
def watch_source_view(
    request: AuthenticatedHttpRequest, membership: Membership, source_pk: int
) -> HttpResponse:
    source = source_get(pk=source_pk)
    on = _watch(request, membership, TargetType.SOURCE, source.pk)
    messages.success(
        request,
        f"You {'now watch' if on else 'no longer watch'} {source.name} in {membership.workspace.name}.",
    )
    return redirect("sources:detail", slug=membership.workspace.slug, pk=source.pk)
