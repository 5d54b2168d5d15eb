"""Writes: two-factor devices, and the per-workspace requirement."""

from __future__ import annotations

import binascii

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from workspaces.models import Workspace

DEVICE_NAME = "Authenticator app"


def two_factor_key_new() -> str:
    """A fresh TOTP secret (hex), held in the session until the user proves his app has it."""
    return random_hex(20)


def two_factor_device_confirm(*, user: User, key: str, token: str) -> TOTPDevice | None:
    """Store the device if `token` is the current code for `key`; it replaces any older device.

    None when the code does not match: nothing is stored.
    """
    try:
        totp = TOTP(binascii.unhexlify(key.encode()))
    except (binascii.Error, ValueError):
        return None
    token = token.strip().replace(" ", "")
    if not token.isdigit() or not totp.verify(int(token), tolerance=1):
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        # last_t: the code just used cannot be replayed at the next sign-in.
        return TOTPDevice.objects.create(
            user=user, name=DEVICE_NAME, key=key, confirmed=True, last_t=totp.t(), drift=totp.drift
        )


def two_factor_disable(*, user: User) -> int:
    """Remove every TOTP device of the user; returns how many there were."""
    deleted, _ = TOTPDevice.objects.filter(user=user).delete()
    return deleted


def workspace_require_two_factor(*, workspace: Workspace, required: bool, changed_by: User) -> Workspace:
    if required and not TOTPDevice.objects.filter(user=changed_by, confirmed=True).exists():
        raise ValidationError("Set up two-factor sign-in for your own account first.")
    workspace.require_two_factor = required
    workspace._change_reason = (  # type: ignore[attr-defined]
        "two-factor sign-in required" if required else "two-factor sign-in no longer required"
    )
    workspace.save(update_fields=["require_two_factor"])
    return workspace


def two_factor_device_verify(*, user: User, code: str) -> TOTPDevice | None:
    """The user's device if `code` is its current, unused code; failures count toward its throttle."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        if device is None or not device.verify_token(code):
            return None
        return device
