"""Every page of the workbench × every kind of visitor, generated from the URL configuration.

A new URL pattern under /w/<slug>/ that is not wrapped in workspace_view (and so declares no
role) fails here, as does one whose view answers an outsider with anything but a 404.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from claims.models import Link
from claims.services.claims import claim_attach_archive
from tests.conftest import client_for
from tests.factories import ClaimFactory, SourceFactory
from workspaces.models import ROLE_RANK, Membership, Role

pytestmark = pytest.mark.django_db

OUR_NAMESPACES = {"workspaces", "claims", "sources"}
POST_ONLY = {
    "claims:link_create",
    "claims:link_decide",
    "claims:restore",
    "sources:grade",
    "workspaces:member_update",
}


@dataclass(frozen=True)
class Page:
    name: str
    view: object
    kwargs: tuple[str, ...]


def our_pages() -> list[Page]:
    pages = []

    def walk(patterns: list, namespace: str | None) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, entry.namespace or namespace)
            elif isinstance(entry, URLPattern) and namespace in OUR_NAMESPACES:
                full = f"{namespace}:{entry.name}"
                keys = tuple(
                    sorted(
                        set(entry.pattern.regex.groupindex) | {"slug"}
                        if namespace != "workspaces" or entry.name != "list"
                        else ()
                    )
                )
                pages.append(Page(full, entry.callback, keys))

    walk(get_resolver().url_patterns, None)
    return pages


PAGES = our_pages()


def test_every_workspace_page_declares_the_role_it_needs() -> None:
    assert {p.name for p in PAGES} >= {"claims:list", "claims:detail", "sources:detail"}
    for page in PAGES:
        if "slug" in page.kwargs:
            assert hasattr(page.view, "workspace_role"), f"{page.name} has no workspace_view rule"


@pytest.fixture
def world(workspace, other_workspace, alice, bob, rita, vera, charlie):
    source = SourceFactory.create(name="ANHA")
    claim = ClaimFactory.create(workspace=workspace, source=source)
    claim_attach_archive(
        claim=claim, content=b"<html>captured</html>", filename="page.html", attached_by=alice
    )
    other_claim = ClaimFactory.create(workspace=workspace, source=source)
    link = Link.objects.create(
        workspace=workspace, from_claim=claim, to_claim=other_claim, relation="related"
    )
    foreign = ClaimFactory.create(workspace=other_workspace, source=source)
    foreign_link = Link.objects.create(
        workspace=other_workspace,
        from_claim=foreign,
        to_claim=ClaimFactory.create(workspace=other_workspace, source=source),
        relation="related",
    )
    return {
        "users": {
            "viewer": vera,
            "researcher": rita,
            "reviewer": bob,
            "admin": alice,
            "outsider": charlie,
        },
        "kwargs": {
            "slug": workspace.slug,
            "pk": claim.pk,
            "link_pk": link.pk,
            "member_pk": Membership.objects.get(user=vera).pk,
        },
        "source_pk": source.pk,
        "foreign": {
            "pk": foreign.pk,
            "link_pk": foreign_link.pk,
            "member_pk": Membership.objects.get(user=charlie).pk,
        },
    }


def url_for(page: Page, world: dict, **override: object) -> str:
    kwargs = {key: world["kwargs"][key] for key in page.kwargs}
    if page.name.startswith("sources:") and "pk" in kwargs:
        kwargs["pk"] = world["source_pk"]
    kwargs.update({k: v for k, v in override.items() if k in kwargs})
    return reverse(page.name, kwargs=kwargs)


def request(client, page: Page, url: str):
    return client.post(url) if page.name in POST_ONLY else client.get(url)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
@pytest.mark.parametrize("who", ["anonymous", "outsider", "viewer", "researcher", "reviewer", "admin"])
def test_access_matrix(page: Page, who: str, world: dict) -> None:
    user = None if who == "anonymous" else world["users"][who]
    response = request(client_for(user), page, url_for(page, world))
    required = getattr(page.view, "workspace_role", None)
    if who == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    elif required is None:
        assert response.status_code == 200  # pages outside a workspace: signed-in users
    elif who == "outsider":
        assert response.status_code == 404
    elif ROLE_RANK[Role(who)] < ROLE_RANK[Role(required)]:
        assert response.status_code == 403
    else:
        assert response.status_code == (302 if page.name in POST_ONLY else 200)


# Sources are shared by the installation (their claims are filtered per workspace, below).
WORKSPACE_OBJECT_PAGES = [
    p for p in PAGES if {"pk", "link_pk", "member_pk"} & set(p.kwargs) and not p.name.startswith("sources:")
]


@pytest.mark.parametrize("page", WORKSPACE_OBJECT_PAGES, ids=lambda p: p.name)
def test_objects_of_another_workspace_are_404_even_for_an_admin_here(page: Page, world: dict) -> None:
    url = url_for(page, world, **world["foreign"])
    response = request(client_for(world["users"]["admin"]), page, url)
    assert response.status_code == 404


def test_source_page_shows_only_this_workspaces_claims(world, workspace) -> None:
    response = client_for(world["users"]["viewer"]).get(
        reverse("sources:detail", kwargs={"slug": workspace.slug, "pk": world["source_pk"]})
    )
    shown = {claim.pk for claim in response.context["claims"]}
    assert world["kwargs"]["pk"] in shown
    assert world["foreign"]["pk"] not in shown


def test_the_workspace_list_shows_only_the_users_workspaces(world, workspace, other_workspace) -> None:
    response = client_for(world["users"]["outsider"]).get(reverse("workspaces:list"))
    names = [m.workspace.slug for m in response.context["memberships"]]
    assert names == [other_workspace.slug]


# --- the API: the same rules, answered in JSON ---------------------------------------------------


def api_endpoints() -> list[Page]:
    endpoints = []

    def walk(patterns: list, namespace: str | None) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, entry.namespace or namespace)
            elif isinstance(entry, URLPattern) and namespace == "api":
                keys = tuple(sorted(entry.pattern.regex.groupindex))
                endpoints.append(Page(f"api:{entry.name}", entry.callback, keys))

    walk(get_resolver().url_patterns, None)
    return endpoints


API = api_endpoints()
API_QUERY = {"api:workspace_similar": {"text": "al-Bukamal"}}


def test_every_api_endpoint_declares_the_role_it_needs() -> None:
    assert {e.name for e in API} >= {"api:claim_suggestions", "api:workspace_similar"}
    for endpoint in API:
        view_class = getattr(endpoint.view, "view_class", None)
        assert getattr(view_class, "required_role", None), f"{endpoint.name} has no role rule"


@pytest.mark.parametrize("endpoint", API, ids=lambda e: e.name)
@pytest.mark.parametrize("who", ["anonymous", "outsider", "viewer", "researcher", "reviewer", "admin"])
def test_api_access_matrix(endpoint: Page, who: str, world: dict) -> None:
    from rest_framework.test import APIClient

    client = APIClient()
    if who != "anonymous":
        client.force_authenticate(world["users"][who])
    url = reverse(endpoint.name, kwargs={key: world["kwargs"][key] for key in endpoint.kwargs})
    response = client.get(url, API_QUERY.get(endpoint.name, {}))
    required = endpoint.view.view_class.required_role  # type: ignore[attr-defined]
    if who == "anonymous":
        assert response.status_code == 401
    elif who == "outsider":
        assert response.status_code == 404
    elif ROLE_RANK[Role(who)] < ROLE_RANK[Role(required)]:
        assert response.status_code == 403
    else:
        assert response.status_code == 200


@pytest.mark.parametrize("endpoint", [e for e in API if "pk" in e.kwargs], ids=lambda e: e.name)
def test_api_objects_of_another_workspace_are_404_even_for_an_admin_here(endpoint: Page, world: dict) -> None:
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(world["users"]["admin"])
    kwargs = {key: world["foreign"].get(key, world["kwargs"][key]) for key in endpoint.kwargs}
    assert client.get(reverse(endpoint.name, kwargs=kwargs)).status_code == 404
