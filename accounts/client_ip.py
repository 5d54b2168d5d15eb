"""The client's address, as django-axes counts failed logins by it."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """REMOTE_ADDR, or behind our TLS proxy the last address it appended to X-Forwarded-For.

    Only the right-most hop is trusted: everything left of it was sent by the client and can be
    forged to dodge the lockout or to lock someone else out.
    """
    if settings.TRUST_X_FORWARDED_PROTO:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [hop for hop in hops if hop]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR")
