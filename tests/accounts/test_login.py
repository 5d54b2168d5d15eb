"""Sign-in: lockout after repeated failures, the log of attempts, two-factor codes, session expiry."""

from __future__ import annotations

import time
from binascii import unhexlify

import pytest
from axes.models import AccessFailureLog, AccessLog
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.middleware import SEEN_KEY, STARTED_KEY
from accounts.services import two_factor_device_confirm, two_factor_key_new
from tests.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-enough-passphrase-for-tests"


@pytest.fixture
def dana(db):
    user = UserFactory.create(username="dana")
    user.set_password(PASSWORD)
    user.save()
    return user


def log_in(client: Client, username: str, password: str, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def code_for(device: TOTPDevice, steps_ahead: int = 1) -> str:
    # One step ahead: the current step was spent when the device was confirmed.
    return totp(unhexlify(device.key), drift=steps_ahead).__format__("06d")


def device_for(user) -> TOTPDevice:
    key = two_factor_key_new()
    device = two_factor_device_confirm(user=user, key=key, token=totp(unhexlify(key)).__format__("06d"))
    assert device is not None
    return device


def test_a_user_logs_in_with_his_password_and_the_login_is_logged(dana) -> None:
    client = Client()
    response = log_in(client, "dana", PASSWORD, HTTP_USER_AGENT="Firefox test")
    assert response.status_code == 302 and response["Location"] == reverse("workspaces:list")
    entry = AccessLog.objects.get(username="dana")
    assert entry.ip_address == "127.0.0.1" and entry.user_agent == "Firefox test"


def test_five_failures_lock_the_username_from_that_address_with_a_clear_message(dana, settings) -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = log_in(client, "dana", "wrong")
        assert response.status_code == 200
        assert "did not match" in response.content.decode()
    response = log_in(client, "dana", "wrong")
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    assert f"blocked for {settings.LOGIN_COOLOFF_MINUTES} minutes" in response.content.decode()
    # Now even the right password is refused from this address...
    response = log_in(client, "dana", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # ...but not from another one, and other users are not locked out.
    assert log_in(Client(REMOTE_ADDR="10.9.9.9"), "dana", PASSWORD).status_code == 302
    assert AccessFailureLog.objects.filter(username="dana").count() >= settings.AXES_FAILURE_LIMIT


def test_the_lockout_ends_after_the_cool_off(dana, settings) -> None:
    from axes.models import AccessAttempt

    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "dana", "wrong")
    assert log_in(client, "dana", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time.replace(year=2020))
    assert log_in(client, "dana", PASSWORD).status_code == 302


def test_behind_the_proxy_the_lockout_counts_the_address_the_proxy_saw(dana, settings) -> None:
    settings.TRUST_X_FORWARDED_PROTO = True
    attacker = Client(HTTP_X_FORWARDED_FOR="203.0.113.7")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        # A forged left-most entry does not change the address that is counted.
        log_in(attacker, "dana", "wrong", HTTP_X_FORWARDED_FOR=f"198.51.100.{_}, 203.0.113.7")
    assert log_in(attacker, "dana", PASSWORD).status_code == 429
    assert set(AccessFailureLog.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}
    colleague = Client(HTTP_X_FORWARDED_FOR="192.0.2.44")
    assert log_in(colleague, "dana", PASSWORD).status_code == 302


def test_with_two_factor_the_password_alone_does_not_sign_in(dana) -> None:
    device = device_for(dana)
    client = Client()
    response = log_in(client, "dana", PASSWORD)
    assert response["Location"] == reverse("accounts:login_code")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("workspaces:list"))["Location"].startswith(reverse("login"))

    response = client.post(reverse("accounts:login_code"), {"code": "000000"})
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert "_auth_user_id" not in client.session

    device.refresh_from_db()
    device.throttling_failure_count = 0  # the wrong code above slowed further tries down
    device.save()
    response = client.post(reverse("accounts:login_code"), {"code": code_for(device)})
    assert response.status_code == 302 and response["Location"] == reverse("workspaces:list")
    assert client.session["_auth_user_id"] == str(dana.pk)
    assert client.get(reverse("accounts:security")).context["verified"] is True


def test_a_code_cannot_be_used_twice(dana) -> None:
    device = device_for(dana)
    code = code_for(device)
    first = Client()
    log_in(first, "dana", PASSWORD)
    assert first.post(reverse("accounts:login_code"), {"code": code}).status_code == 302
    second = Client()
    log_in(second, "dana", PASSWORD)
    response = second.post(reverse("accounts:login_code"), {"code": code})
    assert "That code is not right" in response.content.decode()


def test_wrong_codes_count_toward_the_lockout(dana, settings) -> None:
    device_for(dana)
    client = Client()
    log_in(client, "dana", PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(reverse("accounts:login_code"), {"code": "123456"})
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()


def test_the_code_step_expires(dana, monkeypatch) -> None:
    device_for(dana)
    client = Client()
    log_in(client, "dana", PASSWORD)
    later = time.time() + 6 * 60
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.get(reverse("accounts:login_code"))
    assert response["Location"] == reverse("login")


def test_the_login_page_does_not_redirect_elsewhere(dana) -> None:
    response = Client().post(
        reverse("login"), {"username": "dana", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("workspaces:list")


def test_the_session_ends_after_the_idle_timeout_and_the_absolute_age(dana, settings) -> None:
    client = client_for(dana)
    assert client.get(reverse("workspaces:list")).status_code == 200
    session = client.session
    session[SEEN_KEY] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT - 5
    session.save()
    response = client.get(reverse("workspaces:list"))
    assert response["Location"].startswith(reverse("login") + "?next=")
    assert "_auth_user_id" not in client.session

    client = client_for(dana)
    client.get(reverse("workspaces:list"))
    session = client.session
    session[STARTED_KEY] = int(time.time()) - settings.SESSION_COOKIE_AGE - 5
    session.save()
    assert client.get(reverse("workspaces:list"))["Location"].startswith(reverse("login"))


def test_an_active_session_is_not_ended(dana, settings) -> None:
    client = client_for(dana)
    client.get(reverse("workspaces:list"))
    session = client.session
    session[SEEN_KEY] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT + 120
    session.save()
    assert client.get(reverse("workspaces:list")).status_code == 200


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short-pass1", "at least 12 characters"),
        ("password1234", "too common"),
        ("839201746553", "entirely numeric"),
        ("danahaddad12", "too similar"),
    ],
)
def test_weak_passwords_are_refused(password: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        validate_password(password, user=UserFactory.build(username="danahaddad"))


def test_a_user_changes_his_password(dana) -> None:
    client = client_for(dana)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"},
    )
    assert "at least 12 characters" in response.content.decode()
    new = "another-long-passphrase-2026"
    response = client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response["Location"] == reverse("password_change_done")
    dana.refresh_from_db()
    assert dana.check_password(new)


def test_the_admin_sends_staff_to_the_same_login_page(dana) -> None:
    response = Client().get(reverse("admin:login") + "?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?next=/admin/"
