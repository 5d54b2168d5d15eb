"""Who may see and do what in a workspace.

Views call `membership_or_404` first. An outsider gets a 404 for a workspace he is not in, so he
cannot learn that it exists; a member whose role is too low gets a 403, and so does a member of a
workspace that requires two-factor sign-in whose session has not passed it (pages send him to set
it up or to enter a code instead).
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.http import Http404

from workspaces.models import Membership, Role


class TwoFactorRequired(PermissionDenied):
    """The workspace requires two-factor sign-in and this session has not been verified."""


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
    # Set by django-otp's middleware on session users; a token (API) user is never verified.
    is_verified = getattr(user, "is_verified", None)
    if membership.workspace.require_two_factor and not (is_verified and is_verified()):
        raise TwoFactorRequired("This workspace requires two-factor sign-in.")
    return membership
