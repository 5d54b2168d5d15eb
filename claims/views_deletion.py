"""Pages for deleting and restoring claims: workspace admins only, a reason always asked."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from claims.models import Claim
from claims.selectors import claim_get
from claims.services.deletion import MAX_REASON_LENGTH, claim_delete, claim_restore
from workbench.forms import add_service_errors
from workspaces.decorators import AuthenticatedHttpRequest, workspace_view
from workspaces.models import Membership, Role

PAGE_SIZE = 50


class ClaimDeleteForm(forms.Form):
    reason = forms.CharField(
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text="Kept in the claim's history with your name and the time.",
    )


@workspace_view(Role.ADMIN)
def claim_delete_view(request: AuthenticatedHttpRequest, membership: Membership, pk: int) -> HttpResponse:
    workspace = membership.workspace
    claim = claim_get(workspace=workspace, pk=pk)
    if claim.deleted_at is not None:
        messages.info(request, f"Claim #{claim.pk} is deleted already.")
        return redirect("claims:detail", slug=workspace.slug, pk=claim.pk)
    form = ClaimDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            claim_delete(claim=claim, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Claim #{claim.pk} deleted. An admin can restore it.")
            return redirect("claims:deleted", slug=workspace.slug)
    context = {"membership": membership, "workspace": workspace, "claim": claim, "form": form}
    return render(request, "claims/delete.html", context)


@require_POST
@workspace_view(Role.ADMIN)
def claim_restore_view(request: AuthenticatedHttpRequest, membership: Membership, pk: int) -> HttpResponse:
    workspace = membership.workspace
    claim = claim_get(workspace=workspace, pk=pk)
    try:
        claim_restore(claim=claim, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Claim #{claim.pk} restored.")
    return redirect("claims:detail", slug=workspace.slug, pk=claim.pk)


@workspace_view(Role.ADMIN)
def deleted_claims_view(request: AuthenticatedHttpRequest, membership: Membership) -> HttpResponse:
    workspace = membership.workspace
    claims = (
        Claim.objects.deleted()
        .filter(workspace=workspace)
        .select_related("source", "deleted_by")
        .order_by("-deleted_at", "-id")
    )
    page = Paginator(claims, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"membership": membership, "workspace": workspace, "page": page, "query": ""}
    return render(request, "claims/deleted.html", context)
