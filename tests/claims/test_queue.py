"""The review queue: filters, keyset pages, saved filters, bulk actions with confirmation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from claims.models import Claim, Link, SavedFilter, Tag
from claims.queue import claim_queue, saved_filter_list
from gazetteer.models import Actor, Place
from tests.conftest import client_for
from tests.factories import ClaimFactory, NetworkFactory, SourceFactory

pytestmark = pytest.mark.django_db


def queue_url(workspace, **params) -> str:
    from urllib.parse import urlencode

    base = reverse("claims:queue", kwargs={"slug": workspace.slug})
    return f"{base}?{urlencode(params, doseq=True)}" if params else base


def shown(client, workspace, **params) -> set[int]:
    response = client.get(queue_url(workspace, **params))
    assert response.status_code == 200
    return {claim.pk for claim in response.context["page"].claims}


def link(a: Claim, b: Claim, relation: str = "corroborates", state: str = "suggested", **extra) -> Link:
    decided = {} if state == "suggested" else {"decided_at": timezone.now()}
    return Link.objects.create(
        workspace=a.workspace,
        from_claim=a,
        to_claim=b,
        relation=relation,
        origin="suggested",
        state=state,
        score=0.7,
        **decided,
        **extra,
    )


def test_the_default_queue_is_what_needs_attention(workspace, vera) -> None:
    new = ClaimFactory.create(workspace=workspace, status="new")
    reviewing = ClaimFactory.create(workspace=workspace, status="in_review")
    done = ClaimFactory.create(workspace=workspace, status="corroborated")
    done_but_suggested = ClaimFactory.create(workspace=workspace, status="refuted")
    link(done_but_suggested, done)  # an undecided suggestion touches both
    settled = ClaimFactory.create(workspace=workspace, status="corroborated")
    client = client_for(vera)
    assert shown(client, workspace) == {new.pk, reviewing.pk, done.pk, done_but_suggested.pk}
    # The form sends every field: an empty "needs attention" means every claim.
    assert settled.pk in shown(client, workspace, attention="")
    assert shown(client, workspace, attention="false") == {settled.pk}


def test_queue_filters_by_each_field(workspace, alice, bob, vera) -> None:
    network = NetworkFactory.create(name="SDF/AANES media")
    anha = SourceFactory.create(name="ANHA", stance="partisan", network=network)
    sana = SourceFactory.create(name="SANA", stance="state_media")
    sdf = Actor.objects.create(name="Syrian Democratic Forces")
    bukamal = Place.objects.create(name="al-Bukamal")
    a = ClaimFactory.create(
        workspace=workspace, source=anha, credibility=2, assignee=bob, text="SDF took al-Omar oil field"
    )
    a.actors.add(sdf)
    a.places.add(bukamal)
    a.tags.add(Tag.objects.create(workspace=workspace, name="oil"))
    b = ClaimFactory.create(
        workspace=workspace,
        source=sana,
        credibility=5,
        event_start=dt.date(2017, 11, 9),
        event_precision="day",
        status="contested",
    )
    c = ClaimFactory.create(workspace=workspace, source=sana, status="refuted")
    link(b, c, relation="contradicts", state="accepted")
    old = link(a, c, relation="contradicts", state="rejected")
    assert old.pk
    d = ClaimFactory.create(workspace=workspace, source=sana, status="unverifiable", external_id="tw-77")
    link(d, a, relation="related")
    everything = {"attention": ""}
    client = client_for(vera)

    def only(**params) -> set[int]:
        return shown(client, workspace, **everything, **params)

    assert only(status=["contested", "refuted"]) == {b.pk, c.pk}
    assert only(stance="partisan") == {a.pk}
    assert only(network=network.pk) == {a.pk}
    assert only(source=sana.pk) == {b.pk, c.pk, d.pk}
    assert only(place=bukamal.pk) == {a.pk}
    assert only(actor=sdf.pk) == {a.pk}
    assert only(event_after="2017-11-01", event_before="2017-11-30") == {b.pk}
    assert only(credibility=["1", "2"]) == {a.pk}
    assert only(assignee=bob.pk) == {a.pk}
    assert only(assignee="null") == {b.pk, c.pk, d.pk}
    assert only(tag=Tag.objects.get(name="oil").pk) == {a.pk}
    # A rejected contradiction no longer counts; an accepted one does.
    assert only(contradictions="true") == {b.pk, c.pk}
    assert only(contradicted_since=timezone.localdate().isoformat()) == {b.pk, c.pk}
    assert only(suggestions="true") == {a.pk, d.pk}
    assert only(q="omar OIL") == {a.pk}
    assert only(q="tw-77") == {d.pk}


def test_an_assignee_outside_the_workspace_is_refused_not_searched(workspace, vera, charlie) -> None:
    ClaimFactory.create(workspace=workspace)
    response = client_for(vera).get(queue_url(workspace, assignee=charlie.pk))
    assert response.status_code == 200
    assert response.context["page"].claims == []
    assert "assignee" in response.context["filter"].errors


def page_ids(workspace, **kwargs) -> tuple[list[int], str, str]:
    _, page = claim_queue(workspace=workspace, filters={"attention": ""}, page_size=3, **kwargs)
    return [c.pk for c in page.claims], page.previous, page.next


@pytest.mark.parametrize("sort", ["newest", "oldest", "changed", "event", "event_asc"])
def test_keyset_pages_walk_every_claim_once_forwards_and_back(workspace, sort) -> None:
    claims = []
    for i in range(8):
        day = dt.date(2017, 11, 1 + i % 3) if i % 4 else None  # ties and claims without a date
        claims.append(
            ClaimFactory.create(workspace=workspace, event_start=day, event_precision="day" if day else "")
        )
    pages, after = [], None
    while True:
        ids, _previous, following = page_ids(workspace, sort=sort, after=after)
        pages.append(ids)
        if not following:
            break
        after = following
    walked = [pk for ids in pages for pk in ids]
    assert sorted(walked) == sorted(c.pk for c in claims)
    assert len(pages) == 3

    def key(c: Claim):
        value = {"newest": -c.pk, "oldest": c.pk}.get(sort)
        if value is not None:
            return (value,)
        if sort == "changed":
            return (-c.updated_at.timestamp(), -c.pk)
        if c.event_start is None:
            return (1, -c.pk if sort == "event" else c.pk)
        ordinal = c.event_start.toordinal()
        return (0, -ordinal, -c.pk) if sort == "event" else (0, ordinal, c.pk)

    assert walked == [c.pk for c in sorted(claims, key=key)]
    # And back from the last page, page by page.
    _, previous, _ = page_ids(workspace, sort=sort, after=after)
    back: list[list[int]] = []
    while previous:
        ids, previous, _ = page_ids(workspace, sort=sort, before=previous)
        back.insert(0, ids)
    assert back == pages[:-1]


def test_a_bad_cursor_starts_from_the_top(workspace) -> None:
    claims = [ClaimFactory.create(workspace=workspace) for _ in range(2)]
    ids, _, _ = page_ids(workspace, after="not-a-cursor")
    assert ids == [claims[1].pk, claims[0].pk]


def test_the_queue_costs_the_same_queries_for_many_rows(workspace, bob, django_assert_num_queries) -> None:
    client = client_for(bob)
    sources = [SourceFactory.create(name=f"S{i}") for i in range(3)]
    few = [ClaimFactory.create(workspace=workspace, source=sources[i]) for i in range(3)]
    link(few[0], few[1])
    client.get(queue_url(workspace))
    with CaptureQueriesContext(connection) as baseline:
        client.get(queue_url(workspace))
    tag = Tag.objects.create(workspace=workspace, name="t")
    for i in range(45):
        claim = ClaimFactory.create(workspace=workspace, source=sources[i % 3], assignee=bob)
        claim.places.add(Place.objects.get_or_create(name=f"P{i}")[0])
        claim.tags.add(tag)
        link(claim, few[i % 3], relation="contradicts" if i % 2 else "corroborates")
    with django_assert_num_queries(len(baseline)):
        response = client.get(queue_url(workspace))
    assert len(response.context["page"].claims) == 48
    page = response.context["page"]
    assert sum(page.open_suggestions.values()) == 2 * 46
    assert len(page.contradicted) >= 22


def test_the_count_is_bounded(workspace, vera, monkeypatch) -> None:
    monkeypatch.setattr("claims.queue.COUNT_LIMIT", 3)
    for _ in range(5):
        ClaimFactory.create(workspace=workspace)
    response = client_for(vera).get(queue_url(workspace))
    assert response.context["page"].count_capped
    assert b"More than" in response.content


def test_saved_filters_are_per_user_and_workspace_with_two_built_in(workspace, alice, bob) -> None:
    save = reverse("claims:saved_filter_save", kwargs={"slug": workspace.slug})
    response = client_for(bob).post(
        save, {"name": "Bukamal denials", "query": "q=denied&place=3&sort=event&after=XYZ&evil=1"}
    )
    assert response.status_code == 302
    saved = SavedFilter.objects.get(user=bob)
    # Only what the queue understands is kept: no cursor, no unknown field.
    assert saved.query == "q=denied&place=3&sort=event"
    assert response["Location"].endswith("?q=denied&place=3&sort=event")
    names = [f.name for f in saved_filter_list(workspace=workspace, user=bob)]
    assert names == ["My queue", "Contradictions this week", "Bukamal denials"]
    assert [f.name for f in saved_filter_list(workspace=workspace, user=alice)] == names[:2]
    # Saving again under the same name replaces it.
    client_for(bob).post(save, {"name": "Bukamal denials", "query": "q=denies"})
    assert SavedFilter.objects.get(user=bob).query == "q=denies"
    assert client_for(bob).post(save, {"name": "  ", "query": "q=x"}).status_code == 302
    assert SavedFilter.objects.count() == 1

    delete = reverse("claims:saved_filter_delete", kwargs={"slug": workspace.slug})
    client_for(alice).post(delete, {"filter": saved.pk})
    assert SavedFilter.objects.filter(pk=saved.pk).exists(), "alice cannot delete bob's filter"
    client_for(bob).post(delete, {"filter": saved.pk})
    assert not SavedFilter.objects.exists()


def test_built_in_filters_find_my_queue_and_this_weeks_contradictions(workspace, bob) -> None:
    mine = ClaimFactory.create(workspace=workspace, assignee=bob)
    ClaimFactory.create(workspace=workspace, assignee=bob, status="refuted")
    a, b = ClaimFactory.create(workspace=workspace), ClaimFactory.create(workspace=workspace)
    old = ClaimFactory.create(workspace=workspace)
    link(a, b, relation="contradicts")
    link(old, b, relation="contradicts", created_at=timezone.now() - dt.timedelta(days=20))
    client = client_for(bob)
    builtins = {f.name: f.query for f in saved_filter_list(workspace=workspace, user=bob)}
    base = reverse("claims:queue", kwargs={"slug": workspace.slug})
    mine_page = client.get(f"{base}?{builtins['My queue']}").context["page"]
    assert [c.pk for c in mine_page.claims] == [mine.pk]
    week = client.get(f"{base}?{builtins['Contradictions this week']}").context["page"]
    assert {c.pk for c in week.claims} == {a.pk, b.pk}


def bulk(client, workspace, ids, op, **extra):
    return client.post(
        reverse("claims:queue_bulk", kwargs={"slug": workspace.slug}),
        {"claim": ids, "op": op, "back": "status=new", **extra},
    )


def test_bulk_status_asks_for_confirmation_then_writes_history(workspace, bob) -> None:
    claims = [ClaimFactory.create(workspace=workspace) for _ in range(3)]
    ids = [c.pk for c in claims[:2]]
    client = client_for(bob)
    response = bulk(client, workspace, ids, "status:in_review")
    assert response.status_code == 200
    assert "Confirm: set status to “In review” on 2 claims?" in response.content.decode()
    assert set(Claim.objects.values_list("status", flat=True)) == {"new"}, "nothing changes before confirming"

    response = bulk(client, workspace, ids, "status:in_review", confirm="yes")
    assert response.status_code == 302
    assert response["Location"].endswith("/queue/?status=new")
    assert sorted(Claim.objects.filter(status="in_review").values_list("pk", flat=True)) == ids
    record = Claim.history.filter(id=ids[0]).latest("history_date")
    assert (record.status, record.history_user, record.history_change_reason) == (
        "in_review",
        bob,
        "bulk: status in_review",
    )


def test_bulk_assign_and_tag(workspace, bob, rita) -> None:
    claims = [ClaimFactory.create(workspace=workspace) for _ in range(2)]
    ids = [c.pk for c in claims]
    bulk(client_for(bob), workspace, ids, f"assign:{rita.pk}", confirm="yes")
    assert set(Claim.objects.values_list("assignee", flat=True)) == {rita.pk}
    bulk(client_for(rita), workspace, ids, "tag:", tag="al-Omar", confirm="yes")
    assert {t.name for c in Claim.objects.all() for t in c.tags.all()} == {"al-omar"}
    assert Claim.history.filter(id=ids[0], history_user=rita).exists()
    bulk(client_for(bob), workspace, ids, "assign:none", confirm="yes")
    assert set(Claim.objects.values_list("assignee", flat=True)) == {None}


def test_bulk_roles_and_bad_input_change_nothing(
    workspace, other_workspace, bob, rita, vera, charlie
) -> None:
    mine = ClaimFactory.create(workspace=workspace)
    foreign = ClaimFactory.create(workspace=other_workspace)
    # A researcher tags but does not set status; a viewer does neither.
    assert bulk(client_for(rita), workspace, [mine.pk], "status:refuted", confirm="yes").status_code == 403
    assert bulk(client_for(vera), workspace, [mine.pk], "tag:", tag="x", confirm="yes").status_code == 403
    # Assigning to someone outside the workspace, or touching another workspace's claim: refused.
    bulk(client_for(bob), workspace, [mine.pk], f"assign:{charlie.pk}", confirm="yes")
    response = bulk(client_for(bob), workspace, [mine.pk, foreign.pk], "status:refuted", confirm="yes")
    assert response.status_code == 302
    mine.refresh_from_db()
    foreign.refresh_from_db()
    assert (mine.status, mine.assignee, foreign.status) == ("new", None, "new")
