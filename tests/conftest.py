"""Shared fixtures: alice owns the workspace, bob reviews in it, charlie is an outsider.

Access tests also use vera (viewer) and rita (researcher), so every role is covered.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.factories import MembershipFactory, SourceFactory, UserFactory, WorkspaceFactory
from workspaces.models import Role

PASSWORD = "correct horse battery staple"


@pytest.fixture
def workspace(db: Any) -> Any:
    return WorkspaceFactory.create(slug="deir-ezzor", name="Deir Ezzor")


@pytest.fixture
def other_workspace(db: Any) -> Any:
    return WorkspaceFactory.create(slug="elsewhere", name="Elsewhere")


@pytest.fixture
def alice(workspace: Any) -> Any:
    user = UserFactory.create(username="alice")
    MembershipFactory.create(workspace=workspace, user=user, role=Role.ADMIN)
    return user


@pytest.fixture
def bob(workspace: Any) -> Any:
    user = UserFactory.create(username="bob")
    MembershipFactory.create(workspace=workspace, user=user, role=Role.REVIEWER)
    return user


@pytest.fixture
def rita(workspace: Any) -> Any:
    user = UserFactory.create(username="rita")
    MembershipFactory.create(workspace=workspace, user=user, role=Role.RESEARCHER)
    return user


@pytest.fixture
def vera(workspace: Any) -> Any:
    user = UserFactory.create(username="vera")
    MembershipFactory.create(workspace=workspace, user=user, role=Role.VIEWER)
    return user


@pytest.fixture
def charlie(other_workspace: Any) -> Any:
    user = UserFactory.create(username="charlie")
    MembershipFactory.create(workspace=other_workspace, user=user, role=Role.ADMIN)
    return user


@pytest.fixture
def source(db: Any) -> Any:
    return SourceFactory.create(name="ANHA", stance="partisan")


def client_for(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client
