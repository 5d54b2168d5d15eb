"""The review queue page: filters, saved filters, keyset pages and bulk actions."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from claims.filters import ClaimFilter
from claims.models import Claim, ClaimStatus
from claims.queue import SORTS, claim_queue, saved_filter_list
from claims.services.queue import (
    BULK_MAX,
    BulkAction,
    bulk_value_check,
    claims_bulk_update,
    saved_filter_delete,
    saved_filter_query,
    saved_filter_save,
)
from workspaces.decorators import AuthenticatedHttpRequest, workspace_view
from workspaces.models import Membership, Role

FILTER_KEYS = frozenset(ClaimFilter.base_filters) | {"sort"}


def queue_query(params: QueryDict) -> str:
    """The queue's filters and sort as a query string (no page cursor), for links and saving."""
    return urlencode([(k, v) for k, values in params.lists() if k in FILTER_KEYS for v in values])


def queue_url(slug: str, query: str) -> str:
    url = reverse("claims:queue", kwargs={"slug": slug})
    return f"{url}?{query}" if query else url


@workspace_view()
def queue_view(request: AuthenticatedHttpRequest, membership: Membership) -> HttpResponse:
    workspace = membership.workspace
    claim_filter, page = claim_queue(
        workspace=workspace,
        filters=request.GET,
        sort=request.GET.get("sort"),
        after=request.GET.get("after"),
        before=request.GET.get("before"),
    )
    claim_filter.form.label_suffix = ""
    query = queue_query(request.GET)
    members = User.objects.filter(memberships__workspace=workspace).order_by("username")
    context = {
        "membership": membership,
        "workspace": workspace,
        "filter": claim_filter,
        "page": page,
        "rows": [(c, page.open_suggestions[c.pk], c.pk in page.contradicted) for c in page.claims],
        "sorts": SORTS.values(),
        "query": query,
        "saved": saved_filter_list(workspace=workspace, user=request.user),
        "can_tag": membership.has_role(Role.RESEARCHER),
        "can_review": membership.has_role(Role.REVIEWER),
        "members": members,
        "statuses": ClaimStatus.choices,
    }
    return render(request, "claims/queue.html", context)


def _bulk_op(request: AuthenticatedHttpRequest) -> tuple[str, str]:
    action, _, value = request.POST.get("op", "").partition(":")
    if action == BulkAction.TAG:
        value = request.POST.get("tag", "")
    return action, value


def _describe(action: str, target: object) -> str:
    if action == BulkAction.ASSIGN:
        return f"assign to {target.username}" if isinstance(target, User) else "unassign"
    if action == BulkAction.STATUS:
        return f"set status to “{ClaimStatus(str(target)).label}”"
    return f"add the tag “{target}”"


@require_POST
@workspace_view(Role.RESEARCHER)
def queue_bulk_view(request: AuthenticatedHttpRequest, membership: Membership) -> HttpResponse:
    """Step 1 shows what will change and asks to confirm; step 2 (confirm=yes) applies it."""
    workspace = membership.workspace
    back = queue_url(workspace.slug, saved_filter_query(request.POST.get("back", "")))
    action, value = _bulk_op(request)
    if action not in BulkAction.ROLE:
        messages.error(request, "Choose what to do with the chosen claims.")
        return redirect(back)
    if not membership.has_role(BulkAction.ROLE[action]):
        raise PermissionDenied(f"This needs the {Role(BulkAction.ROLE[action]).label.lower()} role.")
    ids = [int(v) for v in request.POST.getlist("claim") if v.isdigit()][: BULK_MAX + 1]
    try:
        target = bulk_value_check(workspace=workspace, action=action, value=value)
        if not ids:
            raise ValidationError({"claims": "Choose at least one claim."})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back)
    if request.POST.get("confirm") != "yes":
        claims = list(
            Claim.objects.alive().filter(workspace=workspace, pk__in=ids).select_related("source")[:BULK_MAX]
        )
        context = {
            "membership": membership,
            "workspace": workspace,
            "claims": claims,
            "what": _describe(action, target),
            "op": request.POST.get("op", ""),
            "tag": request.POST.get("tag", ""),
            "back": request.POST.get("back", ""),
            "back_url": back,
        }
        return render(request, "claims/queue_confirm.html", context)
    try:
        changed = claims_bulk_update(
            workspace=workspace, claim_ids=ids, action=action, value=value, user=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, f"Done: {_describe(action, target)} on {changed} claim{'s' if changed != 1 else ''}."
        )
    return redirect(back)


@require_POST
@workspace_view()
def saved_filter_save_view(request: AuthenticatedHttpRequest, membership: Membership) -> HttpResponse:
    workspace = membership.workspace
    query = request.POST.get("query", "")
    try:
        saved = saved_filter_save(
            workspace=workspace, user=request.user, name=request.POST.get("name", ""), query=query
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(queue_url(workspace.slug, saved_filter_query(query)))
    messages.success(request, f"Filter “{saved.name}” saved.")
    return redirect(queue_url(workspace.slug, saved.query))


@require_POST
@workspace_view()
def saved_filter_delete_view(request: AuthenticatedHttpRequest, membership: Membership) -> HttpResponse:
    # The filter's id comes in the form, not the URL: only one's own filters are found.
    pk = request.POST.get("filter", "")
    if pk.isdigit() and saved_filter_delete(workspace=membership.workspace, user=request.user, pk=int(pk)):
        messages.success(request, "Saved filter deleted.")
    else:
        messages.error(request, "No such saved filter of yours.")
    return redirect("claims:queue", slug=membership.workspace.slug)
