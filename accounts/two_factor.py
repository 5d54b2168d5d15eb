"""Where a member goes when a workspace requires two-factor sign-in and his session lacks it."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect
from django_otp import user_has_device


def two_factor_required_redirect(request: HttpRequest) -> HttpResponse:
    """To the setup page if he has no device yet, else to the page that asks for a code."""
    if user_has_device(request.user):
        target = "accounts:two_factor_verify"
        messages.info(request, "This workspace requires two-factor sign-in: enter a code from your app.")
    else:
        target = "accounts:two_factor_setup"
        messages.info(request, "This workspace requires two-factor sign-in: set it up to continue.")
    url = f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}"
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(url)
    return redirect(url)
