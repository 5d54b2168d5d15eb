from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from claims.models import Claim, GramCount, GramStats, Link
from sources.models import Source
from workspaces.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path, capsys, django_capture_on_commit_callbacks):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path / "media"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo", "--url", "http://127.0.0.1:8123/")
    return capsys.readouterr().out


def test_demo_builds_the_workspace_users_claims_and_links(demo) -> None:
    assert "http://127.0.0.1:8123/" in demo
    assert "alice   / alice-workbench-demo" in demo
    claims = Claim.objects.filter(workspace__slug="deir-ezzor")
    assert claims.count() >= 40
    assert claims.filter(language="ar").count() >= 10
    links = Link.objects.filter(workspace__slug="deir-ezzor")
    assert links.count() >= 10
    assert links.filter(relation="corroborates").exists() and links.filter(relation="contradicts").exists()
    # Every claim has a source with stance and network, places, and a date.
    for claim in claims.select_related("source__network").prefetch_related("places"):
        assert claim.source.stance != "unknown", claim.external_id
        assert claim.source.network is not None, claim.external_id
        assert claim.places.exists(), claim.external_id
        assert claim.published is not None, claim.external_id
    roles = dict(
        Membership.objects.filter(workspace__slug="deir-ezzor").values_list("user__username", "role")
    )
    assert roles == {"alice": "admin", "bob": "reviewer"}
    assert (
        Membership.objects.filter(user__username="charlie").values_list("workspace__slug", flat=True).get()
        == "ghouta-desk"
    )
    assert all(
        s.assessments.exists() for s in Source.objects.filter(claims__workspace__slug="deir-ezzor").distinct()
    )
    # find_similar's n-gram counts are there from the start, over every (normalised) claim.
    stats = GramStats.objects.get(workspace__slug="deir-ezzor")
    assert stats.claims == claims.exclude(text_normalized="").count() == claims.count()
    assert GramCount.objects.filter(workspace__slug="deir-ezzor", gram="deir").exists()


def test_demo_english_claims_are_verbatim_from_the_seeds_with_an_archived_copy(seeds_dir, demo) -> None:
    seeds = "\n".join(p.read_text(encoding="utf-8") for p in seeds_dir.glob("*.txt"))
    demo_claims = Claim.objects.filter(workspace__slug="deir-ezzor")
    # The team's few illustrations of relays and independence are not from the seeds and say so:
    # tagged, with no URL and no archived copy passing them off as captured.
    illustrations = demo_claims.filter(tags__name="team-illustration")
    assert illustrations.count() == 4
    assert all(not c.url and not c.archive_sha256 and c.text not in seeds for c in illustrations)
    english = demo_claims.filter(language="en").exclude(tags__name="team-illustration")
    assert all(claim.text in seeds for claim in english)
    archived = english.exclude(archive_sha256="")
    assert archived.count() == english.count()
    claim = archived.first()
    assert claim is not None
    import hashlib

    assert hashlib.sha256(claim.archive_file.read()).hexdigest() == claim.archive_sha256


def test_demo_runs_twice_without_duplicating_anything(demo, django_capture_on_commit_callbacks) -> None:
    counts = (
        Claim.objects.count(),
        Link.objects.count(),
        Source.objects.count(),
        Claim.history.count(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo")
    assert (
        Claim.objects.count(),
        Link.objects.count(),
        Source.objects.count(),
        Claim.history.count(),
    ) == counts


def test_demo_logins_see_the_demo_and_charlie_does_not(demo) -> None:
    client = Client()
    response = client.post(reverse("login"), {"username": "alice", "password": "alice-workbench-demo"})
    assert response.status_code == 302
    page = client.get(reverse("claims:list", kwargs={"slug": "deir-ezzor"}))
    assert page.status_code == 200
    assert page.context["page"].paginator.count == Claim.objects.filter(workspace__slug="deir-ezzor").count()
    claim = Claim.objects.get(
        workspace__slug="deir-ezzor", external_id=Link.objects.earliest("pk").from_claim.external_id
    )
    detail = client.get(reverse("claims:detail", kwargs={"slug": "deir-ezzor", "pk": claim.pk}))
    assert detail.context["links"]

    charlie = Client()
    charlie.post(reverse("login"), {"username": "charlie", "password": "charlie-workbench-demo"})
    assert charlie.get(reverse("claims:list", kwargs={"slug": "deir-ezzor"})).status_code == 404
    assert (
        charlie.get(reverse("claims:detail", kwargs={"slug": "deir-ezzor", "pk": claim.pk})).status_code
        == 404
    )
    assert charlie.get(reverse("claims:list", kwargs={"slug": "ghouta-desk"})).status_code == 200


def test_demo_refuses_to_run_with_debug_off(settings) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError, match="published passwords"):
        call_command("demo")
