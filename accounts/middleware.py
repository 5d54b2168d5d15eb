"""Session expiry: signed out after SESSION_IDLE_TIMEOUT idle seconds or SESSION_COOKIE_AGE in all."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

STARTED_KEY = "accounts_session_started"
SEEN_KEY = "accounts_session_seen"
# Write the last-seen time at most this often, so a busy page does not save the session each time.
SEEN_RESOLUTION = 60


class SessionTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.setdefault(STARTED_KEY, now)
            seen = session.get(SEEN_KEY, now)
            idle = settings.SESSION_IDLE_TIMEOUT
            if now - started > settings.SESSION_COOKIE_AGE or (idle and now - seen > idle):
                logout(request)
                messages.info(request, "Your session expired. Please log in again.")
                return redirect_to_login(request.get_full_path())
            if SEEN_KEY not in session or now - seen >= SEEN_RESOLUTION:
                session[SEEN_KEY] = now
        return self.get_response(request)
