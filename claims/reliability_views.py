"""The claim page's credibility and relay forms (partials claims/_corroboration.html and
claims/_credibility.html post here)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from claims.selectors import claim_get
from claims.services.credibility import claim_assess_credibility
from claims.services.relays import claim_detect_relay_again, claim_set_relay
from sources.forms import CredibilityForm, RelayForm
from workspaces.decorators import AuthenticatedHttpRequest, workspace_view
from workspaces.models import Membership, Role


def _back(membership: Membership, pk: int, anchor: str) -> HttpResponse:
    return redirect(reverse("claims:detail", args=[membership.workspace.slug, pk]) + f"#{anchor}")


@require_POST
@workspace_view(Role.REVIEWER)
def claim_credibility_view(
    request: AuthenticatedHttpRequest, membership: Membership, pk: int
) -> HttpResponse:
    claim = claim_get(workspace=membership.workspace, pk=pk)
    form = CredibilityForm(request.POST)
    if form.is_valid():
        try:
            assessment = claim_assess_credibility(
                claim=claim,
                credibility=form.cleaned_data["credibility"],
                rationale=form.cleaned_data["rationale"],
                assessed_by=request.user,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"Credibility {assessment.get_credibility_display()} recorded.")
    else:
        messages.error(request, "A credibility needs a value from 1 to 6 and a rationale.")
    return _back(membership, claim.pk, "credibility")


@require_POST
@workspace_view(Role.RESEARCHER)
def claim_relay_view(request: AuthenticatedHttpRequest, membership: Membership, pk: int) -> HttpResponse:
    claim = claim_get(workspace=membership.workspace, pk=pk)
    if request.POST.get("action") == "detect":
        claim = claim_detect_relay_again(claim=claim, set_by=request.user)
        found = f"a relay of {claim.relayed_from.name}" if claim.relayed_from else "not a relay"
        messages.success(request, f"Read the text again: {found}.")
        return _back(membership, claim.pk, "corroboration")
    form = RelayForm(request.POST)
    if form.is_valid():
        try:
            claim = claim_set_relay(
                claim=claim, relayed_from=form.cleaned_data["relayed_from"], set_by=request.user
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            origin = claim.relayed_from
            messages.success(
                request, f"Recorded as a relay of {origin.name}." if origin else "Recorded as not a relay."
            )
    else:
        messages.error(request, "Choose a source, or none.")
    return _back(membership, claim.pk, "corroboration")
