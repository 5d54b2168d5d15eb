"""Two-factor setup from the Security page, and workspaces that require it of every member."""

from __future__ import annotations

import base64
from binascii import unhexlify

import pytest
from axes.models import AccessFailureLog, AccessLog
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.views import SETUP_KEY
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def code(key_hex: str, steps_ahead: int = 0) -> str:
    return f"{totp(unhexlify(key_hex), drift=steps_ahead):06d}"


def set_up(client: Client) -> str:
    """Open the setup page, read the secret the session holds, confirm it with a code."""
    response = client.get(reverse("accounts:two_factor_setup"))
    assert response.status_code == 200
    key = client.session[SETUP_KEY]
    response = client.post(reverse("accounts:two_factor_setup"), {"code": code(key)})
    assert response.status_code == 302
    return key


def test_the_setup_page_shows_a_qr_code_drawn_here_and_the_secret(alice) -> None:
    client = client_for(alice)
    response = client.get(reverse("accounts:two_factor_setup"))
    page = response.content.decode()
    assert 'src="data:image/svg+xml' in page
    secret = response.context["secret"]
    assert secret in page
    # The key typed by hand is the one the session holds and will check the code against.
    assert base64.b32decode(secret + "=" * (-len(secret) % 8)) == unhexlify(client.session[SETUP_KEY])
    # The same secret until it is confirmed, so a reload does not invalidate the scanned code.
    assert client.get(reverse("accounts:two_factor_setup")).context["secret"] == response.context["secret"]
    assert not TOTPDevice.objects.exists()


def test_a_wrong_code_stores_no_device(alice) -> None:
    client = client_for(alice)
    client.get(reverse("accounts:two_factor_setup"))
    response = client.post(reverse("accounts:two_factor_setup"), {"code": "12345x"})
    assert "Enter the 6 digits" in response.content.decode()
    response = client.post(reverse("accounts:two_factor_setup"), {"code": "000000"})
    assert "That code is not right" in response.content.decode()
    assert not TOTPDevice.objects.exists()


def test_setting_it_up_turns_it_on_for_the_next_login(alice) -> None:
    alice.set_password("alice-long-passphrase")
    alice.save()
    client = client_for(alice)
    key = set_up(client)
    device = TOTPDevice.objects.get(user=alice)
    assert device.confirmed and device.key == key
    security = client.get(reverse("accounts:security"))
    assert security.context["overview"].device == device and security.context["verified"] is True

    fresh = Client()
    fresh.post(reverse("login"), {"username": "alice", "password": "alice-long-passphrase"})
    assert "_auth_user_id" not in fresh.session
    fresh.post(reverse("accounts:login_code"), {"code": code(key, steps_ahead=1)})
    assert fresh.session["_auth_user_id"] == str(alice.pk)


def test_turning_it_off_needs_the_password(alice) -> None:
    alice.set_password("alice-long-passphrase")
    alice.save()
    client = client_for(alice)
    set_up(client)
    client.post(reverse("accounts:two_factor_disable"), {"password": "wrong"})
    assert TOTPDevice.objects.filter(user=alice).exists()
    client.post(reverse("accounts:two_factor_disable"), {"password": "alice-long-passphrase"})
    assert not TOTPDevice.objects.filter(user=alice).exists()
    assert client.get(reverse("accounts:security")).context["verified"] is False


def test_an_admin_cannot_require_it_without_it_himself(alice, workspace) -> None:
    client = client_for(alice)
    url = reverse("workspaces:two_factor", kwargs={"slug": workspace.slug})
    response = client.post(url, {"required": "1"}, follow=True)
    assert "Set up two-factor sign-in for your own account first." in response.content.decode()
    workspace.refresh_from_db()
    assert workspace.require_two_factor is False


def test_a_required_workspace_sends_members_without_it_to_set_it_up(
    alice, bob, workspace, other_workspace
) -> None:
    admin = client_for(alice)
    set_up(admin)
    url = reverse("workspaces:two_factor", kwargs={"slug": workspace.slug})
    admin.post(url, {"required": "1"})
    workspace.refresh_from_db()
    assert workspace.require_two_factor is True
    assert workspace.history.first().history_change_reason == "two-factor sign-in required"
    # The admin's own session passed two-factor: he goes on working.
    claims = reverse("claims:list", kwargs={"slug": workspace.slug})
    assert admin.get(claims).status_code == 200

    member = client_for(bob)
    response = member.get(claims)
    assert response.status_code == 302
    assert (
        response["Location"] == reverse("accounts:two_factor_setup") + f"?next={claims.replace('/', '%2F')}"
    )
    # htmx requests are told to navigate rather than swap the setup page into a fragment.
    response = member.get(claims, HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"].startswith(reverse("accounts:two_factor_setup"))
    # Nothing of the workspace is readable meanwhile, through the API either.
    api = client_for(bob).get(
        reverse("api:workspace_similar", kwargs={"slug": workspace.slug}), {"text": "x"}
    )
    assert api.status_code == 403

    # Set up: back to the page he asked for.
    member.get(reverse("accounts:two_factor_setup") + f"?next={claims}")
    key = member.session[SETUP_KEY]
    response = member.post(reverse("accounts:two_factor_setup") + f"?next={claims}", {"code": code(key)})
    assert response["Location"] == claims
    assert member.get(claims).status_code == 200


def test_a_member_with_a_device_but_an_unverified_session_is_asked_for_a_code(alice, bob, workspace) -> None:
    admin = client_for(alice)
    set_up(admin)
    admin.post(reverse("workspaces:two_factor", kwargs={"slug": workspace.slug}), {"required": "1"})
    key = set_up(client_for(bob))
    member = client_for(bob)  # a new session, signed in without a code
    claims = reverse("claims:list", kwargs={"slug": workspace.slug})
    response = member.get(claims)
    assert response["Location"].startswith(reverse("accounts:two_factor_verify"))
    response = member.post(
        reverse("accounts:two_factor_verify") + f"?next={claims}",
        {"code": code(key, steps_ahead=1), "next": claims},
    )
    assert response["Location"] == claims
    assert member.get(claims).status_code == 200


def test_outsiders_still_get_404_from_a_required_workspace(alice, charlie, workspace) -> None:
    admin = client_for(alice)
    set_up(admin)
    admin.post(reverse("workspaces:two_factor", kwargs={"slug": workspace.slug}), {"required": "1"})
    assert client_for(charlie).get(reverse("claims:list", kwargs={"slug": workspace.slug})).status_code == 404


def test_the_security_page_lists_the_users_own_logins_and_failures_only(alice, bob) -> None:
    alice.set_password("alice-long-passphrase")
    alice.save()
    Client().post(reverse("login"), {"username": "alice", "password": "nope"}, HTTP_USER_AGENT="Attacker/1.0")
    Client().post(reverse("login"), {"username": "bob", "password": "nope"}, HTTP_USER_AGENT="Other/1.0")
    Client().post(
        reverse("login"),
        {"username": "alice", "password": "alice-long-passphrase"},
        HTTP_USER_AGENT="Mine/2.0",
    )
    assert AccessLog.objects.filter(username="alice").exists()
    assert AccessFailureLog.objects.filter(username="bob").exists()
    page = client_for(alice).get(reverse("accounts:security")).content.decode()
    assert "Attacker/1.0" in page and "Mine/2.0" in page
    assert "Other/1.0" not in page
    assert "Set up two-factor sign-in" in page


def test_staff_see_the_login_log_in_the_admin(alice) -> None:
    from tests.factories import UserFactory

    Client().post(reverse("login"), {"username": "alice", "password": "nope"})
    staff = UserFactory.create(username="sam", is_staff=True, is_superuser=True)
    for name in (
        "admin:axes_accessfailurelog_changelist",
        "admin:axes_accesslog_changelist",
        "admin:axes_accessattempt_changelist",
        "admin:otp_totp_totpdevice_changelist",
    ):
        response = client_for(staff).get(reverse(name))
        assert response.status_code == 200, name
    assert (
        "alice" in client_for(staff).get(reverse("admin:axes_accessfailurelog_changelist")).content.decode()
    )
