"""Writes of the review queue: bulk actions on chosen claims, and saved filters."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import parse_qsl, urlencode

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from claims.filters import ClaimFilter
from claims.models import Claim, ClaimStatus, SavedFilter
from claims.services.claims import claim_update
from workspaces.models import Membership, Role, Workspace

BULK_MAX = 500


class BulkAction:
    ASSIGN = "assign"
    STATUS = "status"
    TAG = "tag"
    CHOICES = [(ASSIGN, "Assign to"), (STATUS, "Set status"), (TAG, "Add tag")]
    # Who may do what: status and assignment are a reviewer's decisions; tags a researcher's.
    ROLE = {ASSIGN: Role.REVIEWER, STATUS: Role.REVIEWER, TAG: Role.RESEARCHER}


def bulk_value_check(*, workspace: Workspace, action: str, value: str) -> object:
    """The value an action sets, validated; ValidationError naming the field otherwise."""
    if action == BulkAction.ASSIGN:
        if value in ("", "none"):
            return None
        member = (
            Membership.objects.filter(workspace=workspace, user_id=value).select_related("user").first()
            if value.isdigit()
            else None
        )
        if member is None:
            raise ValidationError({"value": "Choose a member of this workspace to assign."})
        return member.user
    if action == BulkAction.STATUS:
        if value not in ClaimStatus.values:
            raise ValidationError({"value": f"{value!r} is not a status."})
        return value
    if action == BulkAction.TAG:
        if not slugify(value, allow_unicode=True):
            raise ValidationError({"value": "Give a tag (letters, digits, hyphens)."})
        return value.strip()
    raise ValidationError({"action": f"{action!r} is not a bulk action."})


@transaction.atomic
def claims_bulk_update(
    *, workspace: Workspace, claim_ids: Sequence[int], action: str, value: str, user: User
) -> int:
    """Apply one action to the chosen claims of a workspace, each change in the claim's history.

    All or nothing: a bad value or a claim of another workspace stops it before anything is
    written. Returns how many claims changed.
    """
    target = bulk_value_check(workspace=workspace, action=action, value=value)
    ids = sorted(set(claim_ids))
    if not ids:
        raise ValidationError({"claims": "Choose at least one claim."})
    if len(ids) > BULK_MAX:
        raise ValidationError({"claims": f"At most {BULK_MAX} claims at once; {len(ids)} were chosen."})
    claims = list(Claim.objects.filter(workspace=workspace, pk__in=ids).prefetch_related("tags"))
    if len(claims) != len(ids):
        missing = sorted(set(ids) - {c.pk for c in claims})
        raise ValidationError({"claims": f"No claim {', '.join(map(str, missing))} in this workspace."})
    reason = f"bulk: {action} {target if target is not None else 'nobody'}"
    changed = 0
    for claim in claims:
        if action == BulkAction.TAG:
            names = [t.name for t in claim.tags.all()]
            if slugify(str(target), allow_unicode=True) in names:
                continue
            claim_update(claim=claim, updated_by=user, tags=[*names, str(target)], change_reason=reason)
        elif action == BulkAction.ASSIGN:
            if claim.assignee_id == (target.pk if isinstance(target, User) else None):
                continue
            claim_update(claim=claim, updated_by=user, assignee=target, change_reason=reason)
        else:
            if claim.status == target:
                continue
            claim_update(claim=claim, updated_by=user, status=target, change_reason=reason)
        changed += 1
    return changed


def saved_filter_query(query: str) -> str:
    """Only what the queue understands is kept: the filter's fields and the sort."""
    known = set(ClaimFilter.base_filters) | {"sort"}
    return urlencode([(k, v) for k, v in parse_qsl(query) if k in known and v])


def saved_filter_save(*, workspace: Workspace, user: User, name: str, query: str) -> SavedFilter:
    """Save (or overwrite, by name) one of the user's filters in a workspace."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Give the filter a name."})
    if len(name) > 100:
        raise ValidationError({"name": "A name is at most 100 characters."})
    saved, _ = SavedFilter.objects.update_or_create(
        workspace=workspace, user=user, name=name, defaults={"query": saved_filter_query(query)[:2000]}
    )
    return saved


def saved_filter_delete(*, workspace: Workspace, user: User, pk: int) -> bool:
    deleted, _ = SavedFilter.objects.filter(workspace=workspace, user=user, pk=pk).delete()
    if deleted:
        # notifications: a deleted filter is watched no more.
        from notifications.services import watch_set

        watch_set(user=user, workspace=workspace, target_type="saved_filter", target_id=pk, on=False)
    return bool(deleted)
