"""The claim page's review loop: decisions by htmx or plain form, queue neighbours, link search."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Claim, Link
from tests.conftest import client_for
from tests.factories import ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db


def detail(claim: Claim, query: str = "") -> str:
    url = reverse("claims:detail", kwargs={"slug": claim.workspace.slug, "pk": claim.pk})
    return f"{url}?{query}" if query else url


def suggest(a: Claim, b: Claim, relation: str = "corroborates", score: float = 0.8) -> Link:
    return Link.objects.create(
        workspace=a.workspace,
        from_claim=a,
        to_claim=b,
        relation=relation,
        origin="suggested",
        state="suggested",
        score=score,
        reasons=["same place: al-Bukamal", "wording 0.61"],
        engine_version="test",
    )


def decide(client, link: Link, state: str, *, htmx: bool):
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(
        reverse("claims:link_decide", kwargs={"slug": link.workspace.slug, "link_pk": link.pk}),
        {"state": state, "claim": link.from_claim_id},
        headers=headers,
    )


def test_the_claim_page_lists_open_suggestions_contradictions_first_with_score_and_reasons(
    workspace, bob
) -> None:
    claim = ClaimFactory.create(workspace=workspace, text="قصف على البوكمال", language="ar")
    weak = suggest(claim, ClaimFactory.create(workspace=workspace), score=0.9)
    contra = suggest(claim, ClaimFactory.create(workspace=workspace), relation="contradicts", score=0.5)
    response = client_for(bob).get(detail(claim))
    html = response.content.decode()
    assert [row.link.pk for row in response.context["review"].open] == [contra.pk, weak.pk]
    assert "same place: al-Bukamal" in html and "0.90" in html
    assert '<blockquote class="verbatim" dir="auto" lang="ar">' in html
    assert html.count('data-action="accept"') == 2


def test_a_viewer_sees_suggestions_but_cannot_decide(workspace, vera) -> None:
    claim = ClaimFactory.create(workspace=workspace)
    suggest(claim, ClaimFactory.create(workspace=workspace))
    html = client_for(vera).get(detail(claim)).content.decode()
    assert "same place: al-Bukamal" in html
    assert 'data-action="accept"' not in html
    assert "Link to another claim by hand" not in html


def test_an_htmx_accept_answers_with_the_moved_row_not_a_redirect(workspace, bob) -> None:
    claim = ClaimFactory.create(workspace=workspace)
    link = suggest(claim, ClaimFactory.create(workspace=workspace))
    other = suggest(claim, ClaimFactory.create(workspace=workspace))
    response = decide(client_for(bob), link, "accepted", htmx=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<span class="count" id="open-count" hx-swap-oob="true">1</span>' in html
    assert re.search(r'<div id="link-sections" hx-swap-oob="true">', html)
    assert f'id="link-{link.pk}"' in html and "link-fresh" in html
    assert f'id="link-{other.pk}"' not in html, "the other open suggestion stays where it is"
    link.refresh_from_db()
    assert link.state == "accepted"
    assert link.decided_by is not None and link.decided_by.username == "bob"
    assert link.history.latest("history_date").history_user.username == "bob"


def test_a_plain_form_reject_still_works_without_javascript(workspace, bob) -> None:
    claim = ClaimFactory.create(workspace=workspace)
    link = suggest(claim, ClaimFactory.create(workspace=workspace))
    response = decide(client_for(bob), link, "rejected", htmx=False)
    assert response.status_code == 302
    assert response["Location"] == detail(claim)
    link.refresh_from_db()
    assert link.state == "rejected"
    rejected = client_for(bob).get(detail(claim)).context["review"].rejected
    assert [row.link.pk for row in rejected] == [link.pk]


def test_the_claim_page_knows_its_neighbours_in_the_queue_it_came_from(workspace, bob) -> None:
    a, b, c = (ClaimFactory.create(workspace=workspace, status="new") for _ in range(3))
    ClaimFactory.create(workspace=workspace, status="refuted")
    response = client_for(bob).get(detail(b, "status=new&sort=oldest"))
    assert response.context["previous_url"] == detail(a, "status=new&sort=oldest")
    assert response.context["next_url"] == detail(c, "status=new&sort=oldest")
    assert response.context["queue_back"].endswith("/queue/?status=new&sort=oldest")
    last = client_for(bob).get(detail(c, "status=new&sort=oldest"))
    assert last.context["next_url"] == ""
    assert "End of the queue" in last.content.decode()


def test_link_search_finds_claims_by_number_external_id_and_text(workspace, other_workspace, rita) -> None:
    claim = ClaimFactory.create(workspace=workspace, text="Strikes on al-Bukamal")
    by_text = ClaimFactory.create(workspace=workspace, text="Regime forces entered البوكمال city")
    by_id = ClaimFactory.create(workspace=workspace, external_id="sana-2017-11-09")
    linked = ClaimFactory.create(workspace=workspace, text="Regime forces shelled the city")
    Link.objects.create(workspace=workspace, from_claim=claim, to_claim=linked, relation="related")
    ClaimFactory.create(workspace=other_workspace, text="Regime forces elsewhere")
    client = client_for(rita)
    url = reverse("claims:link_search", kwargs={"slug": workspace.slug, "pk": claim.pk})

    def found(text: str) -> list[tuple[int, bool]]:
        response = client.get(url, {"other": text})
        assert response.status_code == 200
        return [(c.claim.pk, c.linked) for c in response.context["candidates"]]

    assert found("regime forces") == [(linked.pk, True), (by_text.pk, False)]
    assert found("SANA-2017") == [(by_id.pk, False)]
    assert found(f"#{by_text.pk}")[0] == (by_text.pk, False)
    assert found(f"#{claim.pk}") == []
    assert found("") == []
    html = client.get(url, {"other": "regime forces"}).content.decode()
    assert f'data-pick="#{by_text.pk}"' in html and "already linked" in html


def test_linking_by_hand_with_a_relation_and_a_note(workspace, bob) -> None:
    claim = ClaimFactory.create(workspace=workspace)
    other = ClaimFactory.create(workspace=workspace)
    response = client_for(bob).post(
        reverse("claims:link_create", kwargs={"slug": workspace.slug, "pk": claim.pk}),
        {"other": f"#{other.pk}", "relation": "contradicts", "note": "Different toll"},
    )
    assert response.status_code == 302
    link = Link.objects.get()
    assert (link.to_claim, link.relation, link.note, link.state) == (
        other,
        "contradicts",
        "Different toll",
        "accepted",
    )


def test_the_claim_page_costs_the_same_queries_for_many_links(workspace, bob) -> None:
    source = SourceFactory.create(name="SANA")
    claim = ClaimFactory.create(workspace=workspace, source=source)
    first = suggest(claim, ClaimFactory.create(workspace=workspace, source=source))
    # One accepted link already, so the corroboration panel's prefetches run in both rounds.
    first.state, first.decided_by, first.decided_at = "accepted", bob, first.created_at
    first.save()
    client = client_for(bob)
    client.get(detail(claim))
    with CaptureQueriesContext(connection) as few:
        client.get(detail(claim))
    for i in range(20):
        link = suggest(claim, ClaimFactory.create(workspace=workspace, source=source))
        if i % 3 == 0:
            link.state, link.decided_by = "accepted", bob
            link.decided_at = link.created_at
            link.save()
    with CaptureQueriesContext(connection) as many:
        response = client.get(detail(claim))
    assert len(response.context["review"].open) == 13
    assert len(many) == len(few)


@pytest.mark.parametrize("page", ["queue", "detail"])
def test_review_pages_hold_no_inline_script_or_style(workspace, bob, page) -> None:
    claim = ClaimFactory.create(workspace=workspace)
    suggest(claim, ClaimFactory.create(workspace=workspace))
    url = reverse("claims:queue", kwargs={"slug": workspace.slug}) if page == "queue" else detail(claim)
    html = client_for(bob).get(url).content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script>"
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html)
    assert "javascript:" not in html
