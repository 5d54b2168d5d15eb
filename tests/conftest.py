"""Shared fixtures: alice owns the workspace, bob reviews in it, charlie is an outsider.

Access tests also use vera (viewer) and rita (researcher), so every role is covered.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import MembershipFactory, SourceFactory, UserFactory, WorkspaceFactory
from workspaces.models import Role


@pytest.fixture
def workspace(db: Any) -> Any:
    return WorkspaceFactory.create(slug="deir-ezzor", name="Deir Ezzor")


@pytest.fixture
def other_workspace(db: Any) -> Any:
    return WorkspaceFactory.create(slug="elsewhere", name="Elsewhere")


def member(workspace: Any, username: str, role: str) -> Any:
    user = UserFactory.create(username=username)
    MembershipFactory.create(workspace=workspace, user=user, role=role)
    return user


@pytest.fixture
def alice(workspace: Any) -> Any:
    return member(workspace, "alice", Role.ADMIN)


@pytest.fixture
def bob(workspace: Any) -> Any:
    return member(workspace, "bob", Role.REVIEWER)


@pytest.fixture
def rita(workspace: Any) -> Any:
    return member(workspace, "rita", Role.RESEARCHER)


@pytest.fixture
def vera(workspace: Any) -> Any:
    return member(workspace, "vera", Role.VIEWER)


@pytest.fixture
def charlie(other_workspace: Any) -> Any:
    return member(other_workspace, "charlie", Role.ADMIN)


@pytest.fixture
def source(db: Any) -> Any:
    return SourceFactory.create(name="ANHA", stance="partisan")


def client_for(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _fresh_engine_caches() -> Any:
    """The engine caches the gazetteer and claim counts per process; tests rebuild the database."""
    from claims.services.matching import forget_caches

    forget_caches()
    yield
    forget_caches()


@pytest.fixture
def gazetteer(db: Any) -> Any:
    """The eastern Syria starter set, as the demo and a fresh installation have it."""
    from gazetteer.services import gazetteer_load_starter_set

    return gazetteer_load_starter_set()


@pytest.fixture
def seeds_dir() -> Path:
    """The demo's seed texts, where settings.SEEDS_DIR (WORKBENCH_SEEDS_DIR) says they are.

    Without them the tests that need them fail, never skip (CI must not pass without them), with
    one message naming the folder looked in and how to point at another.
    """
    folder = Path(settings.SEEDS_DIR)
    if not (folder.is_dir() and any(folder.glob("*.txt"))):
        pytest.fail(
            f"This test needs the demo's seed texts (*.txt) and found none in {folder}. "
            "By default they are in ../shared/seeds beside the checkout; to use another folder, "
            "set WORKBENCH_SEEDS_DIR to it (e.g. WORKBENCH_SEEDS_DIR=/path/to/seeds ./dev test).",
            pytrace=False,
        )
    return folder
