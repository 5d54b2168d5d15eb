from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from claims.forms import ClaimForm, LinkDecisionForm, LinkForm
from claims.models import Link
from claims.selectors import claim_engine_state, claim_get, claim_history, claim_list
from claims.services.claims import claim_create, claim_update
from claims.services.links import link_create, link_decide
from claims.views_review import claim_review_context, is_htmx, links_fragment
from workbench.forms import add_service_errors
from workbench.pagination import CappedCountPaginator
from workspaces.decorators import AuthenticatedHttpRequest, workspace_view
from workspaces.models import Membership, Role

PAGE_SIZE = 50
# The claim list's columns (templates/claims/list.html).
LIST_FIELDS = (
    "text",
    "status",
    "credibility",
    "event_start",
    "event_end",
    "event_precision",
    "source__name",
    "source__stance",
    "source__reliability",
    "source__network__name",
    "relayed_from__name",
    "relayed_from__reliability",
)


@workspace_view()
def claim_list_view(request: AuthenticatedHttpRequest, membership: Membership) -> HttpResponse:
    # Only what the rows show: no actors or tags, no assignee, no derived or archive fields.
    claim_filter, claims = claim_list(
        workspace=membership.workspace, filters=request.GET, columns=LIST_FIELDS
    )
    page = CappedCountPaginator(claims, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "membership": membership,
        "workspace": membership.workspace,
        "filter": claim_filter,
        "page": page,
        "query": query.urlencode(),
    }
    return render(request, "claims/list.html", context)


@workspace_view()
def claim_detail_view(request: AuthenticatedHttpRequest, membership: Membership, pk: int) -> HttpResponse:
    claim = claim_get(workspace=membership.workspace, pk=pk)
    context = {
        "membership": membership,
        "workspace": membership.workspace,
        "claim": claim,
        **claim_review_context(request=request, membership=membership, claim=claim),
        "history": claim_history(claim=claim),
        "engine": claim_engine_state(claim=claim),
        "link_form": LinkForm(workspace=membership.workspace),
        "can_edit": membership.has_role(Role.RESEARCHER),
        "can_decide": membership.has_role(Role.REVIEWER),
    }
    return render(request, "claims/detail.html", context)


@workspace_view(Role.RESEARCHER)
def claim_create_view(request: AuthenticatedHttpRequest, membership: Membership) -> HttpResponse:
    workspace = membership.workspace
    reviewer = membership.has_role(Role.REVIEWER)
    form = ClaimForm(request.POST or None, request.FILES or None, workspace=workspace, reviewer=reviewer)
    if request.method == "POST" and form.is_valid():
        try:
            claim = claim_create(
                workspace=workspace,
                created_by=request.user,
                archive=form.archive_copy(),
                **form.service_kwargs(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Claim #{claim.pk} recorded.")
            return redirect("claims:detail", slug=workspace.slug, pk=claim.pk)
    context = {"membership": membership, "workspace": workspace, "form": form, "claim": None}
    return render(request, "claims/form.html", context)


@workspace_view(Role.RESEARCHER)
def claim_edit_view(request: AuthenticatedHttpRequest, membership: Membership, pk: int) -> HttpResponse:
    workspace = membership.workspace
    claim = claim_get(workspace=workspace, pk=pk)
    reviewer = membership.has_role(Role.REVIEWER)
    form = ClaimForm(
        request.POST or None,
        request.FILES or None,
        workspace=workspace,
        reviewer=reviewer,
        initial=ClaimForm.initial_for(claim),
    )
    if request.method == "POST" and form.is_valid():
        try:
            claim_update(
                claim=claim, updated_by=request.user, archive=form.archive_copy(), **form.service_kwargs()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Claim #{claim.pk} saved.")
            return redirect("claims:detail", slug=workspace.slug, pk=claim.pk)
    context = {"membership": membership, "workspace": workspace, "form": form, "claim": claim}
    return render(request, "claims/form.html", context)


@require_POST
@workspace_view(Role.RESEARCHER)
def link_create_view(request: AuthenticatedHttpRequest, membership: Membership, pk: int) -> HttpResponse:
    workspace = membership.workspace
    claim = claim_get(workspace=workspace, pk=pk)
    form = LinkForm(request.POST, workspace=workspace)
    if form.is_valid():
        try:
            link_create(
                from_claim=claim,
                to_claim=form.cleaned_data["other"],
                relation=form.cleaned_data["relation"],
                note=form.cleaned_data["note"],
                created_by=request.user,
                accepted=membership.has_role(Role.REVIEWER),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Link recorded.")
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("claims:detail", slug=workspace.slug, pk=claim.pk)


@require_POST
@workspace_view(Role.REVIEWER)
def link_decide_view(request: AuthenticatedHttpRequest, membership: Membership, link_pk: int) -> HttpResponse:
    link = Link.objects.filter(workspace=membership.workspace, pk=link_pk).first()
    if link is None:
        raise Http404("No such link in this workspace.")
    form = LinkDecisionForm(request.POST)
    back = request.POST.get("claim") or link.from_claim_id
    if form.is_valid():
        link_decide(
            link=link,
            decided_by=request.user,
            state=form.cleaned_data["state"],
            relation=form.cleaned_data["relation"] or None,
            note=form.cleaned_data["note"] or None,
        )
        if is_htmx(request) and str(back).isdigit():
            claim = claim_get(workspace=membership.workspace, pk=int(back))
            return links_fragment(request, membership, claim, decided=link.pk)
        messages.success(request, f"Link {form.cleaned_data['state']}.")
    else:
        messages.error(request, "Choose accept or reject.")
    return redirect("claims:detail", slug=membership.workspace.slug, pk=back)


@workspace_view()
def claim_archive_view(request: AuthenticatedHttpRequest, membership: Membership, pk: int) -> FileResponse:
    """The archived copy, behind the same access check as the claim.

    Always an attachment, never rendered inline: a captured page may hold script, and it must
    not run in the workbench's origin.
    """
    claim = claim_get(workspace=membership.workspace, pk=pk)
    if not claim.archive_file:
        raise Http404("This claim has no archived copy.")
    return FileResponse(
        claim.archive_file.open("rb"),
        as_attachment=True,
        filename=claim.archive_file.name.rsplit("/", 1)[-1],
        content_type="application/octet-stream",
    )
