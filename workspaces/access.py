"""Who may see and do what in a workspace.

Views call `membership_or_404` first. An outsider gets a 404 for a workspace he is not in, so he
cannot learn that it exists; a member whose role is too low gets a 403.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.http import Http404

from workspaces.models import Membership, Role


def membership_or_404(user: User | AnonymousUser, slug: str, role: str = Role.VIEWER) -> Membership:
    if not user.is_authenticated:
        raise Http404("No such workspace.")
    membership = (
        Membership.objects.select_related("workspace", "user").filter(user=user, workspace__slug=slug).first()
    )
    if membership is None:
        raise Http404("No such workspace.")
    if not membership.has_role(role):
        raise PermissionDenied(f"This needs the {Role(role).label.lower()} role in this workspace.")
    return membership
