"""Reads: a user's sign-in history and two-factor state, for his Security page."""

from __future__ import annotations

from dataclasses import dataclass

from axes.models import AccessFailureLog, AccessLog
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from workspaces.models import Workspace


@dataclass(frozen=True)
class SecurityOverview:
    device: TOTPDevice | None
    logins: list[AccessLog]
    failures: list[AccessFailureLog]
    workspaces_requiring_two_factor: QuerySet[Workspace]


def security_overview(*, user: User, limit: int = 20) -> SecurityOverview:
    return SecurityOverview(
        device=TOTPDevice.objects.filter(user=user, confirmed=True).first(),
        logins=list(AccessLog.objects.filter(username=user.get_username()).order_by("-attempt_time")[:limit]),
        failures=list(
            AccessFailureLog.objects.filter(username=user.get_username()).order_by("-attempt_time")[:limit]
        ),
        workspaces_requiring_two_factor=Workspace.objects.filter(
            memberships__user=user, require_two_factor=True
        ).order_by("name"),
    )
