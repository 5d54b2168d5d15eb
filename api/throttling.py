"""Request throttling with the rates in settings.API_THROTTLE_RATES, counted in Django's cache.

DRF's throttles read their rates once, at import; these read them at each request, so a setting
changed at run time (or by a test's override_settings) takes effect.
"""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class AnonThrottle(AnonRateThrottle):
    """Anonymous callers, by IP address: the schema and the docs page."""

    def get_rate(self) -> str | None:
        return settings.API_THROTTLE_RATES["anon"]


class UserThrottle(UserRateThrottle):
    """Signed-in callers, by user, whichever way they authenticate (token or session)."""

    def get_rate(self) -> str | None:
        return settings.API_THROTTLE_RATES["user"]
