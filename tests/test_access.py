"""Every page and API endpoint × every kind of visitor, generated from the URL configuration.

The rules come from accounts/access_matrix.py, which reads them off the views (the same table is
in SECURITY.md). A new URL pattern under /w/<slug>/ that is not wrapped in workspace_view (and so
declares no role) fails here, as does an API view without `required_role`, a page that forgets
`login_required` (the anonymous get it instead of the login page), a page newly open to anyone,
and one whose view answers an outsider with anything but a 404.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.access_matrix import (
    ALLOWED,
    FORBIDDEN,
    LOGIN,
    NOT_FOUND,
    UNAUTHORISED,
    WHO,
    Route,
    Rule,
    api_view_class,
    expected,
    routes,
    rule_for,
)
from claims.models import Link
from claims.services.claims import claim_attach_archive
from imports.models import ImportJob
from reports.models import Report
from reports.services import report_build
from tests.conftest import client_for, member
from tests.factories import ClaimFactory, SourceFactory, UserFactory, WorkspaceFactory
from workspaces.models import Membership, Role

pytestmark = pytest.mark.django_db

# Every route but Django's admin (tested below as a whole); the API is answered in JSON.
ROUTES = [r for r in routes() if r.namespace != "admin"]
PAGES = [r for r in ROUTES if r.namespace != "api"]
API = [r for r in ROUTES if r.namespace == "api"]
POST_ONLY = {
    "claims:link_create",
    "claims:link_decide",
    "claims:credibility",
    "claims:relay",
    "claims:restore",
    "claims:queue_bulk",
    "claims:saved_filter_save",
    "claims:saved_filter_delete",
    "sources:grade",
    "workspaces:member_update",
    "reports:create",
    "notifications:mark_read",
    "notifications:watch_claim",
    "notifications:watch_source",
    "notifications:watch_filter",
    "workspaces:two_factor",
    "accounts:two_factor_disable",
    "logout",
}
# Pages that send a visitor with nothing to do there elsewhere (not to the login page with ?next=).
REDIRECTS_WITHOUT_STATE = {"accounts:login_code", "/admin/login/"}
# Open to anyone: adding a page to this set is a decision, made here, in review.
PUBLIC = {
    "login",
    "logout",
    "accounts:login_code",
    "/admin/login/",
    "api:schema",
    "api:docs",
    "api:not_found",
}


def test_every_route_declares_the_rule_it_needs() -> None:
    assert {r.name for r in ROUTES} >= {"claims:list", "claims:detail", "sources:detail", "accounts:security"}
    assert {r.name for r in API} >= {"api:claim_suggestions", "api:workspace_similar"}
    missing = [r.name for r in ROUTES if rule_for(r) is None]
    assert not missing, f"no access rule (workspace_view, required_role or login_not_required): {missing}"
    for route in ROUTES:
        rule = rule_for(route)
        if "slug" in route.kwargs and rule is not None:
            assert rule.kind in ("workspace", "api"), f"{route.name} is under a workspace without its rule"


def test_only_the_known_pages_are_open_to_anyone() -> None:
    assert {r.name for r in ROUTES if rule_for(r) == Rule("public")} == PUBLIC


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict]:
    """The workspaces, their members and one object of each kind, built once for the module's
    500 tests (building them took 0.12 s a test, most of the module's time). Each test runs in
    a transaction rolled back after it, so what one request changes never reaches the next;
    afterwards the database is emptied as after a transactional test."""
    with django_db_blocker.unblock():
        built = _build_world()
    yield built
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0, reset_sequences=False)


def _build_world() -> dict:
    workspace = WorkspaceFactory.create(slug="deir-ezzor", name="Deir Ezzor")
    other_workspace = WorkspaceFactory.create(slug="elsewhere", name="Elsewhere")
    alice = member(workspace, "alice", Role.ADMIN)
    bob = member(workspace, "bob", Role.REVIEWER)
    rita = member(workspace, "rita", Role.RESEARCHER)
    vera = member(workspace, "vera", Role.VIEWER)
    charlie = member(other_workspace, "charlie", Role.ADMIN)
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
    # Finished reports, so the download pages answer 200 to members (and 404 across workspaces).
    report = Report.objects.create(workspace=workspace, format="csv", created_by=alice)
    report_build(report_id=report.pk)
    foreign_report = Report.objects.create(workspace=other_workspace, format="csv", created_by=charlie)
    report_build(report_id=foreign_report.pk)
    job = ImportJob.objects.create(workspace=workspace, filename="claims.jsonl", created_by=alice)
    foreign_job = ImportJob.objects.create(workspace=other_workspace, filename="claims.jsonl")
    return {
        "workspace": workspace,
        "other_workspace": other_workspace,
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
            "source_pk": source.pk,
            "report_pk": report.pk,
            "job_pk": job.pk,
        },
        "source_pk": source.pk,
        "foreign": {
            "pk": foreign.pk,
            "link_pk": foreign_link.pk,
            "member_pk": Membership.objects.get(user=charlie).pk,
            "report_pk": foreign_report.pk,
            "job_pk": foreign_job.pk,
        },
    }


def url_for(route: Route, world: dict, **override: object) -> str:
    if route.name.startswith("/"):
        return route.name
    kwargs = {key: world["kwargs"][key] for key in route.kwargs}
    if route.name.startswith("sources:") and "pk" in kwargs:
        kwargs["pk"] = world["source_pk"]
    kwargs.update({k: v for k, v in override.items() if k in kwargs})
    return reverse(route.name, kwargs=kwargs)


def request(client, route: Route, url: str):
    return client.post(url) if route.name in POST_ONLY else client.get(url)


def is_sent_to_login(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.parametrize("route", PAGES, ids=lambda r: r.name)
@pytest.mark.parametrize("who", WHO)
def test_access_matrix(route: Route, who: str, world: dict) -> None:
    """The rule SECURITY.md states for this page and visitor is what a real request gets."""
    rule = rule_for(route)
    assert rule is not None
    user = None if who == "anonymous" else world["users"][who]
    response = request(client_for(user), route, url_for(route, world))
    outcome = expected(rule, who)
    if outcome == LOGIN:
        assert is_sent_to_login(response)
    elif outcome == NOT_FOUND:
        assert response.status_code == 404
    elif outcome == FORBIDDEN:
        assert response.status_code == 403
    else:
        assert outcome == ALLOWED
        if route.name in POST_ONLY or route.name in REDIRECTS_WITHOUT_STATE:
            assert response.status_code == 302 and not is_sent_to_login(response)
        else:
            assert response.status_code == 200


def test_admin_is_for_staff_only(world) -> None:
    admin_url = reverse("admin:index")
    for user in (None, world["users"]["admin"]):
        response = client_for(user).get(admin_url, follow=True)
        assert response.redirect_chain[-1][0].startswith(reverse("login") + "?next=")
    staff = UserFactory.create(username="sam", is_staff=True, is_superuser=True)
    assert client_for(staff).get(admin_url).status_code == 200
    assert rule_for(next(r for r in routes() if r.name == "admin:index")) == Rule("staff")


# Sources are shared by the installation (their claims are filtered per workspace, below).
WORKSPACE_OBJECT_PAGES = [
    p
    for p in PAGES
    if {"pk", "link_pk", "member_pk", "report_pk", "job_pk"} & set(p.kwargs)
    and not p.name.startswith("sources:")
]


@pytest.mark.parametrize("page", WORKSPACE_OBJECT_PAGES, ids=lambda p: p.name)
def test_objects_of_another_workspace_are_404_even_for_an_admin_here(page: Route, world: dict) -> None:
    url = url_for(page, world, **world["foreign"])
    response = request(client_for(world["users"]["admin"]), page, url)
    assert response.status_code == 404


def test_source_page_shows_only_this_workspaces_claims(world) -> None:
    response = client_for(world["users"]["viewer"]).get(
        reverse("sources:detail", kwargs={"slug": world["workspace"].slug, "pk": world["source_pk"]})
    )
    shown = {claim.pk for claim in response.context["claims"]}
    assert world["kwargs"]["pk"] in shown
    assert world["foreign"]["pk"] not in shown


def test_the_workspace_list_shows_only_the_users_workspaces(world) -> None:
    response = client_for(world["users"]["outsider"]).get(reverse("workspaces:list"))
    names = [m.workspace.slug for m in response.context["memberships"]]
    assert names == [world["other_workspace"].slug]


# --- the API: the same rules, answered in JSON ---------------------------------------------------

# Answer anyone and show no workspace's data: the schema, its docs page, the JSON 404.
API_PUBLIC = {"api:schema", "api:docs", "api:not_found"}
assert API_PUBLIC <= PUBLIC


API_QUERY = {"api:workspace_similar": {"text": "al-Bukamal"}}
HANDLERS = ("get", "post", "put", "patch", "delete")


def roles_of(endpoint: Route) -> dict[str, str]:
    return dict(getattr(api_view_class(endpoint.view), "required_roles", {}))


# Each (endpoint, method) with the role it needs, e.g. ("api:claim_list", "POST").
API_CASES = [(e, method) for e in API if e.name not in API_PUBLIC for method in roles_of(e)]


def test_every_api_endpoint_declares_the_role_each_method_needs() -> None:
    assert {e.name for e in API} >= {"api:claim_suggestions", "api:workspace_similar", "api:claim_list"}
    for endpoint in API:
        if endpoint.name in API_PUBLIC:
            continue
        view_class = api_view_class(endpoint.view)
        roles = getattr(view_class, "required_roles", None)
        assert roles, f"{endpoint.name} has no role rule"
        handled = {name.upper() for name in HANDLERS if hasattr(view_class, name)}
        assert handled == set(roles), f"{endpoint.name}: methods {handled} but rules for {set(roles)}"


def api_url(endpoint: Route, kwargs: dict) -> str:
    return reverse(endpoint.name, kwargs={key: kwargs[key] for key in endpoint.kwargs})


def api_call(client, endpoint: Route, method: str, url: str):
    if method == "GET":
        return client.get(url, API_QUERY.get(endpoint.name, {}))
    if method == "DELETE":
        return client.delete(url)
    return getattr(client, method.lower())(url, {}, format="json")


@pytest.mark.parametrize(
    ("endpoint", "method"), API_CASES, ids=lambda c: c.name if isinstance(c, Route) else c
)
@pytest.mark.parametrize("who", WHO)
def test_api_access_matrix(endpoint: Route, method: str, who: str, world: dict) -> None:
    """The rule SECURITY.md states for this endpoint, method and caller is what a real call gets."""
    from rest_framework.test import APIClient

    client = APIClient()
    if who != "anonymous":
        client.force_authenticate(world["users"][who])
    response = api_call(client, endpoint, method, api_url(endpoint, world["kwargs"]))
    rule = rule_for(endpoint)
    assert rule is not None
    outcome = expected(rule, who, method)
    if outcome == ALLOWED and method != "GET":
        # Allowed in; the empty body is then answered on its merits (400, or 200 for a PATCH).
        assert response.status_code in (200, 204, 400), response.content
    else:
        status = {ALLOWED: 200, UNAUTHORISED: 401, NOT_FOUND: 404, FORBIDDEN: 403}[outcome]
        assert response.status_code == status
    assert response.status_code in (200, 204) or "error" in response.json()


@pytest.mark.parametrize(
    ("endpoint", "method"),
    [(e, m) for e, m in API_CASES if {"pk", "link_pk", "member_pk", "report_pk"} & set(e.kwargs)],
    ids=lambda c: c.name if isinstance(c, Route) else c,
)
def test_api_objects_of_another_workspace_are_404_even_for_an_admin_here(
    endpoint: Route, method: str, world: dict
) -> None:
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(world["users"]["admin"])
    kwargs = {**world["kwargs"], **world["foreign"]}
    assert api_call(client, endpoint, method, api_url(endpoint, kwargs)).status_code == 404
