"""Claim credibility (Admiralty 1-6): every value a claim takes has an assessment behind it.

A reviewer's assessment on the claim page records the credibility, the rationale, and what the
workbench suggested at that moment with its explanation (`sources.scoring.suggest_credibility`).
Credibility set another way (a file import, the admin) is recorded too, with the import line
or "edited" as its rationale, so the history is never missing a step.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from claims.models import Claim, Credibility
from sources.models import CredibilityAssessment
from sources.scoring import Suggestion


def credibility_record(
    *, claim: Claim, assessed_by: User | None, rationale: str, suggestion: Suggestion | None = None
) -> CredibilityAssessment:
    """Append the claim's current credibility to its assessment history."""
    assert claim.credibility is not None
    return CredibilityAssessment.objects.create(
        claim=claim,
        workspace_id=claim.workspace_id,
        credibility=claim.credibility,
        rationale=rationale.strip() or "no rationale given",
        suggested_credibility=suggestion.credibility if suggestion else None,
        suggestion=suggestion.explanation if suggestion else "",
        assessed_by=assessed_by,
        assessed_at=timezone.now(),
    )


def credibility_record_bulk(
    *, claims: Sequence[Claim], rationales: Sequence[str], assessed_by: User | None
) -> None:
    """The same for claims inserted in bulk (imports): one query."""
    now = timezone.now()
    CredibilityAssessment.objects.bulk_create(
        CredibilityAssessment(
            claim=claim,
            workspace_id=claim.workspace_id,
            credibility=claim.credibility,
            rationale=rationale or "imported",
            assessed_by=assessed_by,
            assessed_at=now,
        )
        for claim, rationale in zip(claims, rationales, strict=True)
        if claim.credibility is not None
    )


@transaction.atomic
def claim_assess_credibility(
    *, claim: Claim, credibility: int, rationale: str, assessed_by: User
) -> CredibilityAssessment:
    """A reviewer sets a claim's credibility with a rationale; the suggestion is kept beside it."""
    from sources.selectors import claim_corroboration

    if credibility not in Credibility.values:
        raise ValidationError({"credibility": f"{credibility!r} is not a credibility from 1 to 6."})
    if not rationale.strip():
        raise ValidationError({"rationale": "Say why: a credibility without a rationale cannot be defended."})
    # Lock the row: two reviewers at once must not interleave the value and its history.
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    suggestion = claim_corroboration(claim=claim).suggestion
    if claim.credibility != credibility:
        claim.credibility = credibility
        claim._history_user = assessed_by  # type: ignore[attr-defined]
        claim._change_reason = "credibility assessment"  # type: ignore[attr-defined]
        claim.save(update_fields=["credibility", "updated_at"])
    return credibility_record(
        claim=claim, assessed_by=assessed_by, rationale=rationale, suggestion=suggestion
    )
