from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse

from accounts.two_factor import two_factor_required_redirect
from workspaces.access import TwoFactorRequired, membership_or_404
from workspaces.models import Role


class AuthenticatedHttpRequest(HttpRequest):
    """What views behind login_required receive: a signed-in user, never AnonymousUser."""

    user: User


def workspace_view(role: str = Role.VIEWER) -> Callable[..., Any]:
    """For views under /w/<slug>/: sign-in, membership and role, then the view with `membership`."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                membership = membership_or_404(request.user, slug, role)
            except TwoFactorRequired:
                return two_factor_required_redirect(request)
            return view(request, membership, *args, **kwargs)

        wrapper.workspace_role = role  # type: ignore[attr-defined]
        return wrapper

    return decorator
