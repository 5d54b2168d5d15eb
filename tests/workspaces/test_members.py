from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import client_for
from tests.factories import UserFactory
from workspaces.models import Membership

pytestmark = pytest.mark.django_db


def members_url(workspace) -> str:
    return reverse("workspaces:members", kwargs={"slug": workspace.slug})


def update_url(workspace, membership) -> str:
    return reverse("workspaces:member_update", kwargs={"slug": workspace.slug, "member_pk": membership.pk})


def test_an_admin_adds_a_member_changes_the_role_and_removes_them_with_history(workspace, alice) -> None:
    dana = UserFactory.create(username="dana")
    client = client_for(alice)
    response = client.post(members_url(workspace), {"username": "dana", "role": "researcher"})
    assert response.status_code == 302
    membership = Membership.objects.get(workspace=workspace, user=dana)
    assert membership.role == "researcher"
    client.post(update_url(workspace, membership), {"role": "reviewer"})
    membership.refresh_from_db()
    assert membership.role == "reviewer"
    client.post(update_url(workspace, membership), {"remove": "1"})
    assert not Membership.objects.filter(workspace=workspace, user=dana).exists()
    history = Membership.history.filter(user_id=dana.pk).order_by("history_id")
    assert [(h.history_type, h.role, h.history_user) for h in history] == [
        ("+", "researcher", alice),
        ("~", "reviewer", alice),
        ("-", "reviewer", alice),
    ]


def test_adding_an_unknown_user_names_the_problem(workspace, alice) -> None:
    response = client_for(alice).post(members_url(workspace), {"username": "nobody", "role": "viewer"})
    assert response.status_code == 200
    assert "No active user 'nobody'" in response.context["form"].errors["username"][0]


def test_the_last_admin_can_be_neither_demoted_nor_removed(workspace, alice) -> None:
    own = Membership.objects.get(workspace=workspace, user=alice)
    client = client_for(alice)
    client.post(update_url(workspace, own), {"role": "viewer"})
    client.post(update_url(workspace, own), {"remove": "1"})
    own.refresh_from_db()
    assert own.role == "admin"


def test_a_reviewer_cannot_manage_members(workspace, bob) -> None:
    UserFactory.create(username="dana")
    response = client_for(bob).post(members_url(workspace), {"username": "dana", "role": "admin"})
    assert response.status_code == 403
    assert not Membership.objects.filter(user__username="dana").exists()
