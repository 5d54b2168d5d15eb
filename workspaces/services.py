from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from workspaces.models import Membership, Role, Workspace


@transaction.atomic
def workspace_get_or_create(
    *, slug: str, name: str = "", admin: User | None = None
) -> tuple[Workspace, bool]:
    """The workspace with this slug, created (with `admin` as its admin) if it does not exist."""
    if slugify(slug) != slug:
        raise ValueError("a workspace slug has only lower-case letters, digits, '-' and '_'")
    workspace = Workspace.objects.filter(slug=slug).first()
    if workspace is not None:
        return workspace, False
    workspace = Workspace.objects.create(slug=slug, name=name or slug.replace("-", " ").title())
    if admin is not None:
        membership_set(workspace=workspace, user=admin, role=Role.ADMIN, changed_by=admin)
    return workspace, True


@transaction.atomic
def membership_set(*, workspace: Workspace, user: User, role: str, changed_by: User | None) -> Membership:
    if role not in Role.values:
        raise ValidationError({"role": f"{role!r} is not a role."})
    membership = Membership.objects.select_for_update().filter(workspace=workspace, user=user).first()
    if membership is None:
        membership = Membership(workspace=workspace, user=user, role=role)
    elif membership.role == role:
        return membership
    else:
        _keep_an_admin(membership, new_role=role)
    membership.role = role
    membership._history_user = changed_by  # type: ignore[attr-defined]
    membership.save()
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, removed_by: User) -> None:
    """Remove a member; the last admin of a workspace cannot be removed or demoted."""
    _keep_an_admin(membership, new_role=None)
    membership._history_user = removed_by  # type: ignore[attr-defined]
    membership.delete()


def _keep_an_admin(membership: Membership, new_role: str | None) -> None:
    if membership.role != Role.ADMIN or new_role == Role.ADMIN:
        return
    admins = Membership.objects.select_for_update().filter(workspace=membership.workspace, role=Role.ADMIN)
    if admins.exclude(pk=membership.pk).count() == 0:
        raise ValidationError({"role": "A workspace keeps at least one admin."})
