"""The event view, a claim's link graph, the dashboard, uploaded imports and the inbox, in Chromium.

Screenshots from the demo: docs/screenshots/event-view.png, claim-graph.png, dashboard.png,
import-progress.png and inbox.png.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.db.models import Count, Q

from claims.models import Claim, ClaimStatus, Link, LinkRelation, LinkState
from tests.test_worker import celery_worker_process  # noqa: F401 (a fixture, used by name)

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_event_view_shows_al_bukamal_by_stance(page, login, screenshot) -> None:
    login(page, "alice")
    page.goto("/w/deir-ezzor/events/")
    page.get_by_label("Place", exact=True).fill("Albukamal")  # a spelling the gazetteer knows as an alias
    page.get_by_label("From").fill("2017-11-08")
    page.get_by_label("Until").fill("2017-11-11")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**/events/?place=*")
    columns = page.locator(".event-column h2")
    headings = [text.split("(")[0].strip() for text in columns.all_inner_texts()]
    assert headings == ["Partisan", "Independent media"]
    cards = page.locator(".event-card")
    assert cards.count() >= 5
    # The Arabic report of the regime entering the city is there, shown right-to-left.
    arabic = page.locator(".event-card-text", has_text="البوكمال").first
    assert arabic.get_attribute("dir") == "auto"
    assert page.locator(".marker-corroborates").count() >= 1
    screenshot(page, "event-view")


def test_the_link_graph_draws_a_claims_neighbours(page, login, screenshot) -> None:
    kept = ~Q(state=LinkState.REJECTED) & Q(
        relation__in=[LinkRelation.CORROBORATES, LinkRelation.CONTRADICTS]
    )
    claim = (
        Claim.objects.filter(workspace__slug="deir-ezzor")
        .annotate(
            n=Count("links_from", filter=Q(links_from__in=Link.objects.filter(kept)), distinct=True)
            + Count("links_to", filter=Q(links_to__in=Link.objects.filter(kept)), distinct=True)
        )
        .order_by("-n", "pk")
        .first()
    )
    assert claim is not None
    login(page, "alice")
    page.goto(f"/w/deir-ezzor/claims/{claim.pk}/")
    page.get_by_role("link", name="Graph of its links").click()
    page.wait_for_url(f"**/claims/{claim.pk}/graph/")
    assert page.locator("svg.link-graph a.node").count() >= 4
    assert page.locator("svg.link-graph line.edge").count() >= 3
    assert page.locator(".graph-legend .legend li").count() >= 3
    page.locator("svg.link-graph a.node").nth(1).hover()
    assert page.locator("svg.link-graph .dimmed").count() >= 1  # the JS highlights neighbours
    page.mouse.move(0, 0)
    screenshot(page, "claim-graph")


def test_the_dashboard_draws_the_timeline_by_stance(page, login, screenshot) -> None:
    login(page, "alice")
    page.goto("/w/deir-ezzor/")
    page.get_by_role("link", name="Dashboard").first.click()
    page.wait_for_url("**/dashboard/")
    assert page.locator(".timeline-chart rect").count() >= 20
    assert "contradictions awaiting review" in page.locator(".dashboard-cards").inner_text()
    page.get_by_text("The figures as a table").click()
    assert page.locator(".timeline-table tbody tr").count() >= 10
    page.get_by_text("The figures as a table").click()
    screenshot(page, "dashboard")


def _claims_file(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for n in range(rows):
            handle.write(
                json.dumps(
                    {
                        "id": f"upload-{n}",
                        "text": f"Shelling near al-Mayadeen, report {n}: at least {n % 40 + 2} killed.",
                        "source": "Upload Test Monitor" if n % 2 else "SANA",
                        "stance": "independent_monitor" if n % 2 else "state_media",
                        "published": f"2019-03-0{n % 9 + 1}",
                        "event_date": "2019-03",
                        "places": ["al-Mayadeen"],
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
    return path


@pytest.fixture
def worker(page, settings, monkeypatch, request):
    """A real Celery worker, sharing the live server's database and uploaded files."""
    monkeypatch.setenv("MEDIA_ROOT", str(settings.MEDIA_ROOT))
    return request.getfixturevalue("celery_worker_process")


def test_an_upload_shows_its_progress_then_its_result(page, login, screenshot, worker, tmp_path) -> None:
    login(page, "alice")
    page.goto("/w/deir-ezzor/imports/")
    # Big enough that the import runs for several of the page's one-second polls.
    page.get_by_label("File").set_input_files(str(_claims_file(tmp_path / "monitor.jsonl", 10_000)))
    page.get_by_role("button", name="Upload and import").click()
    page.wait_for_url("**/imports/*/")
    # htmx polls the status partial: the bar moves before the result replaces it.
    page.wait_for_selector(".import-running progress[value]", timeout=60_000)
    page.wait_for_function(
        "() => { const p = document.querySelector('.import-running progress');"
        " return p && Number(p.value) > 0; }",
        timeout=60_000,
    )
    screenshot(page, "import-progress")
    page.wait_for_selector(".import-done", timeout=120_000)
    assert "10000" in page.locator(".import-result").inner_text().replace(",", "")
    assert (
        Claim.objects.filter(workspace__slug="deir-ezzor", external_id__startswith="upload-").count()
        == 10_000
    )


def test_a_bad_file_shows_its_line_and_field_and_imports_nothing(page, login, tmp_path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "id,text,source,event_date\n"
        "b1,The SDF entered Hajin,ANHA,2018-12-14\n"
        "b2,Regime shelling on al-Mayadeen,SOHR,2018-12-15\n"
        "b3,No source on this row,,2018-12-16\n",
        encoding="utf-8",
    )
    before = Claim.objects.count()
    login(page, "alice")
    page.goto("/w/deir-ezzor/imports/")
    page.get_by_label("File").set_input_files(str(bad))
    page.get_by_role("button", name="Upload and import").click()
    page.wait_for_selector(".import-failed", timeout=30_000)
    error = page.locator(".import-error").inner_text()
    assert "line 4" in error and "source" in error and "Nothing was imported" in error
    assert Claim.objects.count() == before


def test_bob_sees_what_happened_to_what_he_watches(page, login, screenshot) -> None:
    from django.contrib.auth.models import User

    from claims.services.claims import claim_update
    from claims.services.links import link_create, link_decide
    from notifications.models import TargetType
    from notifications.services import watch_set
    from workspaces.models import Workspace

    workspace = Workspace.objects.get(slug="deir-ezzor")
    alice, bob = User.objects.get(username="alice"), User.objects.get(username="bob")
    open_links = list(
        Link.objects.filter(workspace=workspace, state=LinkState.SUGGESTED)
        .select_related("from_claim__source")
        .order_by("relation", "-score")[:3]
    )
    watched = [link.from_claim for link in open_links]
    for claim in watched:
        watch_set(user=bob, workspace=workspace, target_type=TargetType.CLAIM, target_id=claim.pk, on=True)
    watch_set(
        user=bob, workspace=workspace, target_type=TargetType.SOURCE, target_id=watched[0].source_id, on=True
    )
    for link in open_links[:2]:
        link_decide(link=link, decided_by=alice, state=LinkState.ACCEPTED)
    link_decide(link=open_links[2], decided_by=alice, state=LinkState.REJECTED)
    claim_update(claim=watched[0], updated_by=alice, status=ClaimStatus.IN_REVIEW, assignee=bob)
    unlinked = (
        Claim.objects.filter(workspace=workspace)
        .exclude(pk__in=[link.other(watched[1]).pk for link in Link.objects.touching(watched[1])])
        .exclude(pk=watched[1].pk)
        .first()
    )
    assert unlinked is not None
    link_create(
        from_claim=watched[1],
        to_claim=unlinked,
        relation=LinkRelation.CONTRADICTS,
        created_by=alice,
        note="The figures cannot both be right.",
        accepted=True,
    )

    login(page, "bob")
    badge = page.locator(".topbar .unread-count")
    assert int(badge.inner_text()) >= 5
    page.get_by_role("link", name="Inbox").click()
    assert page.locator(".inbox-item.unread").count() >= 5
    assert page.locator(".inbox-item.kind-contradiction").count() == 1
    assert page.locator(".inbox-item", has_text="assigned to bob by alice").count() == 1
    screenshot(page, "inbox")
    page.get_by_role("button", name="Mark all read").click()
    assert page.locator(".inbox-item.unread").count() == 0
    assert page.locator(".topbar .unread-count").count() == 0
