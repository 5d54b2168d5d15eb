"""Sign-in (password, then a code for users with two-factor), the Security page and 2FA setup."""

from __future__ import annotations

import time
from base64 import b32encode
from typing import Any

import segno
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_not_required, login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import User
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import DEVICE_ID_SESSION_KEY, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.forms import CodeForm, PasswordConfirmForm, RequireTwoFactorForm
from accounts.selectors import security_overview
from accounts.services import (
    two_factor_device_confirm,
    two_factor_device_verify,
    two_factor_disable,
    two_factor_key_new,
    workspace_require_two_factor,
)
from workspaces.decorators import AuthenticatedHttpRequest, workspace_view
from workspaces.models import Membership, Role

PENDING_KEY = "accounts_two_factor_pending"
PENDING_SECONDS = 5 * 60
SETUP_KEY = "accounts_two_factor_setup_key"
WRONG_CODE = "That code is not right, or it was already used: wait for the next one."


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """django-axes' answer to a locked-out username and address: the login page, saying so."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    form = AuthenticationForm(request, initial={"username": username})
    context = {"form": form, "locked_out": True, "cooloff_minutes": settings.LOGIN_COOLOFF_MINUTES}
    return render(request, "registration/login.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)


@login_not_required
@sensitive_post_parameters("password")
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    """Password first; a user with a two-factor device is signed in only after his code."""
    next_url = _next_url(request)
    form = AuthenticationForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        if user_has_device(user):
            request.session[PENDING_KEY] = {
                "user": user.pk,
                "backend": user.backend,  # type: ignore[attr-defined]
                "at": int(time.time()),
                "next": next_url,
            }
            return redirect("accounts:login_code")
        auth_login(request, user)
        return redirect(next_url)
    context = {"form": form, "next": next_url, "failure_limit": settings.AXES_FAILURE_LIMIT}
    return render(request, "registration/login.html", context)


@login_not_required
@sensitive_post_parameters("code")
@never_cache
def login_code_view(request: HttpRequest) -> HttpResponse:
    """The second step of sign-in: a code from the user's authenticator app."""
    pending: dict[str, Any] = request.session.get(PENDING_KEY) or {}
    user = None
    if pending and time.time() - pending["at"] <= PENDING_SECONDS:
        user = User.objects.filter(pk=pending["user"], is_active=True).first()
    if user is None:
        if pending:
            request.session.pop(PENDING_KEY, None)
            messages.info(request, "That took too long: log in again.")
        return redirect("login")
    credentials = {"username": user.get_username()}
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        if AxesProxyHandler.is_locked(request, credentials):
            return locked_out(request, credentials=credentials)
        if form.is_valid():
            device = two_factor_device_verify(user=user, code=form.cleaned_data["code"])
            if device is not None:
                del request.session[PENDING_KEY]
                user.backend = pending["backend"]  # type: ignore[attr-defined]
                user.otp_device = device  # type: ignore[attr-defined]  # django-otp marks the session
                auth_login(request, user)
                return redirect(pending["next"])
            form.add_error("code", WRONG_CODE)
        # Wrong codes count toward the same lockout as wrong passwords.
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    return render(request, "accounts/two_factor_code.html", {"form": form, "signing_in": True})


@login_required
def security_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    overview = security_overview(user=request.user)
    context = {
        "overview": overview,
        "verified": request.user.is_verified(),  # type: ignore[attr-defined]
        "session_age_hours": settings.SESSION_COOKIE_AGE / 3600,
        "idle_minutes": settings.SESSION_IDLE_TIMEOUT // 60,
        "disable_form": PasswordConfirmForm(user=request.user),
    }
    return render(request, "accounts/security.html", context)


@login_required
@sensitive_post_parameters("code")
@never_cache
def two_factor_setup_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A QR code for the user's app, then the code it shows, which proves it has the secret."""
    key = request.session.get(SETUP_KEY)
    if not key:
        key = request.session[SETUP_KEY] = two_factor_key_new()
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = two_factor_device_confirm(user=request.user, key=key, token=form.cleaned_data["code"])
        if device is not None:
            del request.session[SETUP_KEY]
            otp_login(request, device)
            messages.success(
                request, "Two-factor sign-in is on: you will be asked for a code when you log in."
            )
            return redirect(_next_url(request) if request.GET.get("next") else "accounts:security")
        form.add_error("code", WRONG_CODE)
    # An unsaved device: django-otp writes the otpauth:// URL (issuer, digits, period) apps read.
    pending = TOTPDevice(user=request.user, key=key)
    qr = segno.make(pending.config_url, error="m")
    context = {
        "form": form,
        "qr_data_uri": qr.svg_data_uri(scale=5, border=2),
        "secret": b32encode(pending.bin_key).decode().rstrip("="),
        "replacing": user_has_device(request.user),
        "next": request.GET.get("next", ""),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@login_required
@sensitive_post_parameters("code")
@never_cache
def two_factor_verify_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A code for a signed-in session that has not passed two-factor yet (a workspace asks for it)."""
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = two_factor_device_verify(user=request.user, code=form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("code", WRONG_CODE)
    return render(request, "accounts/two_factor_code.html", {"form": form, "signing_in": False})


@require_POST
@login_required
@sensitive_post_parameters("password")
def two_factor_disable_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PasswordConfirmForm(request.POST, user=request.user)
    if form.is_valid():
        two_factor_disable(user=request.user)
        request.session.pop(DEVICE_ID_SESSION_KEY, None)
        messages.success(request, "Two-factor sign-in is off.")
    else:
        messages.error(request, " ".join(str(error) for error in form.errors["password"]))
    return redirect("accounts:security")


@require_POST
@workspace_view(Role.ADMIN)
def workspace_two_factor_view(request: AuthenticatedHttpRequest, membership: Membership) -> HttpResponse:
    """An admin requires (or stops requiring) two-factor sign-in of every member."""
    form = RequireTwoFactorForm(request.POST)
    form.is_valid()
    workspace = membership.workspace
    try:
        workspace_require_two_factor(
            workspace=workspace, required=form.cleaned_data.get("required", False), changed_by=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        state = "requires" if workspace.require_two_factor else "no longer requires"
        messages.success(request, f"{workspace.name} {state} two-factor sign-in.")
    return redirect(reverse("workspaces:members", kwargs={"slug": workspace.slug}))
