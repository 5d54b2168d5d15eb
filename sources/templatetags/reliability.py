"""Admiralty codes ("B2") and the claim page's corroboration panel.

`{{ claim|admiralty }}` gives the source's reliability letter and the claim's credibility digit;
a relay takes the letter of the source it repeats (a site quoting SANA is as reliable as SANA
on that claim). `{% claim_reliability claim membership as rel %}` gives the partials
claims/_corroboration.html and claims/_credibility.html what they show, through the selectors,
so the claim page's view needs no change to carry them.
"""

from __future__ import annotations

from typing import Any

from django import template

from claims.models import Claim
from sources.forms import CredibilityForm, RelayForm
from sources.models import CredibilityAssessment
from sources.selectors import claim_corroboration
from workspaces.models import Membership, Role

register = template.Library()


@register.filter
def admiralty(claim: Claim) -> str:
    """'B2': reliability of whom the claim speaks for, and its credibility ('–' if not assessed)."""
    speaker = claim.relayed_from if claim.relayed_from_id else claim.source
    digit = str(claim.credibility) if claim.credibility else "–"
    return f"{speaker.reliability if speaker else 'F'}{digit}"


@register.filter
def percent(value: float) -> str:
    return f"{round(value * 100)}%"


@register.filter
def svg_x(value: float) -> str:
    """A fraction 0-1 as an x coordinate on a 0-100 wide viewBox."""
    return f"{max(0.0, min(1.0, value)) * 100:.1f}"


@register.filter
def svg_width(record: Any) -> str:
    return f"{max(0.5, (record.high - record.low) * 100):.1f}"


@register.simple_tag
def claim_reliability(claim: Claim, membership: Membership) -> dict[str, Any]:
    corroboration = claim_corroboration(claim=claim)
    suggestion = corroboration.suggestion
    return {
        "corroboration": corroboration,
        "suggestion": suggestion,
        "assessments": list(
            CredibilityAssessment.objects.filter(claim=claim).select_related("assessed_by")[:50]
        ),
        "credibility_form": CredibilityForm(initial={"credibility": suggestion.credibility}),
        "relay_form": RelayForm(initial={"relayed_from": claim.relayed_from_id}),
        "can_assess": membership.has_role(Role.REVIEWER),
        "can_set_relay": membership.has_role(Role.RESEARCHER),
    }
