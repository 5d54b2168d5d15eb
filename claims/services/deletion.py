"""Deleting a claim: a soft delete with a reason, by a workspace admin, undone by a restore.

A claim is never removed from the database: its row, history, figures and decided links stay,
so a report that cited it still resolves it and its history shows who deleted it, when and why.
It leaves the lists, queues, search and the engine: its place in the engine's index is dropped
and its open suggestions are withdrawn (each with a history record saying why). A restore makes
it pending again, so the next sweep checks it as a new claim.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from claims.models import Claim, Link, LinkOrigin, LinkState, MatchKey, MatchState
from workspaces.models import Membership, Role

MAX_REASON_LENGTH = 2_000


def _require_admin(*, claim: Claim, user: User) -> None:
    membership = Membership.objects.filter(workspace_id=claim.workspace_id, user=user).first()
    if membership is None or not membership.has_role(Role.ADMIN):
        raise PermissionDenied("Only an admin of the workspace may delete or restore claims.")


@transaction.atomic
def claim_delete(*, claim: Claim, by: User, reason: str) -> Claim:
    """Soft-delete a claim; `by` must be an admin of its workspace, `reason` is required."""
    _require_admin(claim=claim, user=by)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why the claim is deleted: the reason stays in its history."})
    if len(reason) > MAX_REASON_LENGTH:
        raise ValidationError({"reason": f"At most {MAX_REASON_LENGTH:,} characters."})
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if claim.deleted_at is not None:
        raise ValidationError({"reason": "This claim is deleted already."})
    claim.deleted_at = timezone.now()
    claim.deleted_by = by
    claim.deletion_reason = reason
    claim._history_user = by  # type: ignore[attr-defined]
    claim._change_reason = f"deleted: {reason}"  # type: ignore[attr-defined]
    claim.save(update_fields=["deleted_at", "deleted_by", "deletion_reason", "updated_at"])

    # Out of the engine: no longer a candidate, and its open suggestions are withdrawn.
    MatchKey.objects.filter(claim_id=claim.pk).delete()
    MatchState.objects.filter(claim_id=claim.pk).delete()
    open_suggestions = Link.objects.touching(claim).filter(
        origin=LinkOrigin.SUGGESTED, state=LinkState.SUGGESTED
    )
    for link in open_suggestions:
        link._history_user = by  # type: ignore[attr-defined]
        link._change_reason = f"claim #{claim.pk} deleted"  # type: ignore[attr-defined]
        link.delete()
    return claim


@transaction.atomic
def claim_restore(*, claim: Claim, by: User) -> Claim:
    """Undo a soft delete; the claim is pending for the engine again (the sweep checks it)."""
    _require_admin(claim=claim, user=by)
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if claim.deleted_at is None:
        raise ValidationError({"claim": "This claim is not deleted."})
    claim.deleted_at = None
    claim.deleted_by = None
    claim.deletion_reason = ""
    claim._history_user = by  # type: ignore[attr-defined]
    claim._change_reason = "restored"  # type: ignore[attr-defined]
    claim.save(update_fields=["deleted_at", "deleted_by", "deletion_reason", "updated_at"])

    from claims.services.claims import enqueue_after_commit
    from claims.tasks import refresh_claim

    enqueue_after_commit(refresh_claim, claim.pk)
    return claim
