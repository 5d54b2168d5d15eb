"""Every model is in the Django admin, and each admin page renders with search and filters."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from tests.conftest import client_for
from tests.factories import ClaimFactory, UserFactory

pytestmark = pytest.mark.django_db

OUR_APPS = {"workspaces", "sources", "gazetteer", "claims"}
# The engine's inverted index: rows of (hash, claim id), meaningless to read and never edited;
# find_similar's n-gram counts: thousands of rows per workspace, rebuilt whole by a task (their
# GramStats row, which says when and over how many claims, is in the admin).
NOT_IN_ADMIN = {"MatchKey", "GramCount"}


def test_every_model_of_our_apps_is_registered_with_search() -> None:
    models = [
        m
        for m in apps.get_models()
        if m._meta.app_label in OUR_APPS
        and not m.__name__.startswith("Historical")
        and m.__name__ not in NOT_IN_ADMIN
    ]
    missing = [m.__name__ for m in models if m not in admin.site._registry]
    assert not missing
    assert all(admin.site._registry[m].search_fields for m in models)


@pytest.mark.parametrize(
    "model",
    [m for m in admin.site._registry if m._meta.app_label in OUR_APPS],
    ids=lambda m: m.__name__,
)
def test_admin_pages_render(model, workspace, source) -> None:
    superuser = UserFactory.create(username="root", is_staff=True, is_superuser=True)
    ClaimFactory.create(workspace=workspace, source=source)
    client = client_for(superuser)
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert client.get(changelist, {"q": "Deir"}).status_code == 200
    if admin.site._registry[model].has_add_permission(type("R", (), {"user": superuser})()):
        assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 200
    obj = model._default_manager.first()
    if obj is not None:
        assert (
            client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])).status_code
            == 200
        )


def test_admin_is_closed_to_workspace_members(alice) -> None:
    response = client_for(alice).get(reverse("admin:claims_claim_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
