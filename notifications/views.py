"""The inbox, and watching claims, sources and the review queue's filters."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from claims.models import SavedFilter
from claims.queue import builtin_filters, saved_filter_list
from claims.selectors import claim_get
from claims.services.queue import saved_filter_query
from claims.views_queue import queue_url
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
    filters = _watched_filter_names(request.user, watches)
    context = {
        "page": page,
        "unread": unread_count(user=request.user),
        "watches": [
            (watch, source_names.get(watch.target_id, ""), filters.get(watch.pk, ("", "")))
            for watch in watches
        ],
    }
    return render(request, "notifications/inbox.html", context)


def _watched_filter_names(user: User, watches: list[Watch]) -> dict[int, tuple[str, str]]:
    """The name and queue address of each watched filter, by watch id (one query for all)."""
    saved = SavedFilter.objects.filter(
        user=user, pk__in=[w.target_id for w in watches if w.target_type == TargetType.SAVED_FILTER]
    ).in_bulk()
    builtins = {f.builtin: f for f in builtin_filters(user=user)}
    named: dict[int, tuple[str, str]] = {}
    for watch in watches:
        if watch.target_type == TargetType.SAVED_FILTER and watch.target_id in saved:
            own = saved[watch.target_id]
            named[watch.pk] = (own.name, queue_url(watch.workspace.slug, own.query))
        elif watch.target_type == TargetType.BUILTIN_FILTER and watch.target_id in builtins:
            builtin = builtins[watch.target_id]
            named[watch.pk] = (builtin.name, queue_url(watch.workspace.slug, builtin.query))
    return named


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


@require_POST
@workspace_view()
def watch_filter_view(request: AuthenticatedHttpRequest, membership: Membership) -> HttpResponse:
    """Watch one of the queue's filters: `filter` (one's own saved filter) or `builtin` (its number)."""
    workspace = membership.workspace
    back = queue_url(workspace.slug, saved_filter_query(request.POST.get("back", "")))
    saved, builtin = request.POST.get("filter", ""), request.POST.get("builtin", "")
    if not saved and not builtin:
        messages.error(request, "Choose the filter to watch (filter or builtin).")
        return redirect(back)
    chosen = [
        f
        for f in saved_filter_list(workspace=workspace, user=request.user)
        if (saved.isdigit() and f.pk == int(saved)) or (builtin.isdigit() and f.builtin == int(builtin))
    ]
    if not chosen:
        # Another member's filter is as unknown here as one that never existed.
        raise Http404("No such filter of yours in this workspace.")
    named = chosen[0]
    if named.pk is not None:
        target_type, target_id = TargetType.SAVED_FILTER, named.pk
    else:
        assert named.builtin is not None
        target_type, target_id = TargetType.BUILTIN_FILTER, named.builtin
    on = _watch(request, membership, target_type, target_id)
    messages.success(request, f"You {'now watch' if on else 'no longer watch'} the filter “{named.name}”.")
    return redirect(back)
