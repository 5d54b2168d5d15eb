"""The event view, the link graph and the dashboard through the test client."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Claim, DatePrecision, Figure, Link, LinkOrigin, LinkRelation, LinkState
from gazetteer.models import Place, PlaceKind
from gazetteer.services import place_add_alias
from insights.selectors import GRAPH_MAX_NODES, claim_graph
from tests.conftest import client_for
from tests.factories import ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bukamal(db):
    district = Place.objects.create(name="al-Bukamal District", kind=PlaceKind.DISTRICT)
    city = Place.objects.create(name="al-Bukamal", kind=PlaceKind.CITY, parent=district)
    place_add_alias(place=city, alias="Albukamal")
    place_add_alias(place=city, alias="البوكمال")
    return district, city


def on(workspace, source, place, start, end=None, precision=DatePrecision.DAY, **extra) -> Claim:
    claim = ClaimFactory.create(
        workspace=workspace,
        source=source,
        event_start=start,
        event_end=end,
        event_precision=precision if end is None else DatePrecision.RANGE,
        **extra,
    )
    claim.places.add(place)
    return claim


def link(a: Claim, b: Claim, relation: str, state: str = LinkState.ACCEPTED) -> Link:
    return Link.objects.create(
        workspace=a.workspace,
        from_claim=a,
        to_claim=b,
        relation=relation,
        origin=LinkOrigin.MANUAL,
        state=state,
        decided_at=None if state == LinkState.SUGGESTED else dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )


def events_url(workspace, **params) -> str:
    from urllib.parse import urlencode

    return reverse("insights:events", kwargs={"slug": workspace.slug}) + "?" + urlencode(params)


def test_the_event_view_groups_the_claims_of_a_place_and_window_by_stance(workspace, vera, bukamal) -> None:
    district, city = bukamal
    sana = SourceFactory.create(name="SANA", stance="state_media")
    anha = SourceFactory.create(name="ANHA", stance="partisan")
    sohr = SourceFactory.create(name="SOHR", stance="independent_monitor")
    entered = on(workspace, sana, city, dt.date(2017, 11, 8), text="الجيش العربي السوري يحرر مدينة البوكمال")
    retaken = on(workspace, anha, city, dt.date(2017, 11, 9), text="IS retook al-Bokmal")
    month = on(workspace, sohr, city, dt.date(2017, 11, 1), dt.date(2017, 11, 30))
    hamdan = Place.objects.create(name="Hamdan", kind=PlaceKind.NEIGHBOURHOOD, parent=city)
    in_city = on(workspace, sohr, hamdan, dt.date(2017, 11, 10))
    on(workspace, sohr, district, dt.date(2017, 11, 10))  # the district is around the city, not in it
    Figure.objects.create(claim=retaken, count=57, qualifier="at_least", counted="killed")
    # Outside the window, another place, another workspace: not shown.
    on(workspace, sana, city, dt.date(2017, 11, 12))
    on(workspace, sana, Place.objects.create(name="Hajin"), dt.date(2017, 11, 9))
    link(entered, retaken, LinkRelation.CONTRADICTS)
    link(month, retaken, LinkRelation.CORROBORATES, LinkState.SUGGESTED)
    link(entered, month, LinkRelation.CORROBORATES, LinkState.REJECTED)

    response = client_for(vera).get(
        events_url(workspace, place="Albukamal", start="2017-11-08", end="2017-11-11")
    )
    assert response.status_code == 200
    columns = response.context["columns"]
    assert [(c["label"], [claim.pk for claim, _ in c["cards"]]) for c in columns] == [
        ("State media", [entered.pk]),
        ("Partisan", [retaken.pk]),
        ("Independent monitor", [month.pk, in_city.pk]),
    ]
    markers = response.context["event"].markers
    assert [(m.relation, m.other, m.state) for m in markers[retaken.pk]] == [
        ("contradicts", entered.pk, "accepted"),
        ("corroborates", month.pk, "suggested"),
    ]
    assert entered.pk not in [m.other for m in markers.get(month.pk, []) if m.relation == "corroborates"]
    html = response.content.decode()
    assert 'dir="auto" lang="en">IS retook al-Bokmal' in html
    assert "at least 57 killed" in html
    assert "marker-contradicts" in html


def test_the_event_view_takes_a_place_id_or_an_arabic_name(workspace, vera, bukamal) -> None:
    _, city = bukamal
    claim = on(workspace, SourceFactory.create(name="ANHA"), city, dt.date(2017, 11, 9))
    client = client_for(vera)
    for place in (str(city.pk), "البوكمال"):
        response = client.get(events_url(workspace, place=place, start="2017-11-08", end="2017-11-11"))
        assert [c for col in response.context["columns"] for c, _ in col["cards"]] == [claim]


def test_the_event_view_explains_a_bad_place_or_window(workspace, vera, bukamal) -> None:
    client = client_for(vera)
    response = client.get(events_url(workspace, place="Atlantis", start="2017-11-08", end="2017-11-11"))
    assert response.status_code == 200
    assert "No place called &#x27;Atlantis&#x27; in the gazetteer." in response.content.decode()
    response = client.get(events_url(workspace, place="Albukamal", start="2017-11-11", end="2017-11-08"))
    assert "The window ends before it starts." in response.content.decode()
    assert response.context["event"] is None


def test_the_event_view_costs_the_same_queries_for_many_claims(workspace, vera, bukamal) -> None:
    _, city = bukamal
    sources = [
        SourceFactory.create(name=f"S{i}", stance=s) for i, s in enumerate(["partisan", "state_media"])
    ]
    client = client_for(vera)
    url = events_url(workspace, place=str(city.pk), start="2017-11-01", end="2017-11-30")

    def add(n: int) -> None:
        claims = [on(workspace, sources[i % 2], city, dt.date(2017, 11, 1 + i % 28)) for i in range(n)]
        for a, b in zip(claims, claims[1:], strict=False):
            link(a, b, LinkRelation.CORROBORATES)
        for claim in claims:
            Figure.objects.create(claim=claim, count=3, counted="killed")

    add(3)
    client.get(url)  # the first signed-in request writes the session's start time: not counted
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add(30)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.context["event"].total == 33
    assert len(many) == len(few)


def test_the_graph_reaches_two_steps_leaves_out_rejected_links_and_is_capped(workspace, vera) -> None:
    source = SourceFactory.create(name="ANHA", stance="partisan")
    root, a, b, far, farther, rejected = (
        ClaimFactory.create(workspace=workspace, source=source) for _ in range(6)
    )
    link(root, a, LinkRelation.CORROBORATES)
    link(b, root, LinkRelation.CONTRADICTS, LinkState.SUGGESTED)
    link(a, far, LinkRelation.CONTRADICTS)
    link(far, farther, LinkRelation.CORROBORATES)  # three steps away
    link(root, rejected, LinkRelation.CORROBORATES, LinkState.REJECTED)
    link(a, b, LinkRelation.RELATED)  # not a corroboration or contradiction

    graph = claim_graph(claim=root)
    assert graph.depth == {root.pk: 0, a.pk: 1, b.pk: 1, far.pk: 2}
    assert {(e.a, e.b, e.relation, e.state) for e in graph.edges} == {
        (root.pk, a.pk, "corroborates", "accepted"),
        (b.pk, root.pk, "contradicts", "suggested"),
        (a.pk, far.pk, "contradicts", "accepted"),
    }
    response = client_for(vera).get(
        reverse("insights:claim_graph", kwargs={"slug": workspace.slug, "pk": root.pk})
    )
    html = response.content.decode()
    assert html.count("<circle") == 4
    assert "edge-contradicts edge-suggested" in html
    assert "stance-fill-partisan" in html

    for _ in range(GRAPH_MAX_NODES + 5):
        link(root, ClaimFactory.create(workspace=workspace, source=source), LinkRelation.CORROBORATES)
    capped = claim_graph(claim=root)
    assert len(capped.depth) <= GRAPH_MAX_NODES and capped.truncated


def test_the_dashboard_counts_and_draws_the_timeline(workspace, vera) -> None:
    sana = SourceFactory.create(name="SANA", stance="state_media")
    anha = SourceFactory.create(name="ANHA", stance="partisan")
    c1 = ClaimFactory.create(
        workspace=workspace, source=sana, event_start=dt.date(2017, 11, 8), event_precision="day"
    )
    c2 = ClaimFactory.create(
        workspace=workspace,
        source=anha,
        event_start=dt.date(2017, 11, 9),
        event_precision="day",
        status="contested",
    )
    c3 = ClaimFactory.create(
        workspace=workspace, source=anha, event_start=dt.date(2018, 1, 2), event_precision="day"
    )
    ClaimFactory.create(workspace=workspace, source=anha)  # no event date
    link(c1, c2, LinkRelation.CONTRADICTS, LinkState.SUGGESTED)
    link(c2, c3, LinkRelation.CORROBORATES, LinkState.SUGGESTED)
    link(c1, c3, LinkRelation.CONTRADICTS, LinkState.ACCEPTED)

    response = client_for(vera).get(reverse("insights:dashboard", kwargs={"slug": workspace.slug}))
    dashboard = response.context["dashboard"]
    assert dashboard.claim_total == 4
    assert dict((v, n) for v, _, n in dashboard.status_counts)["contested"] == 1
    assert (dashboard.open_suggestions, dashboard.contradictions_open, dashboard.undated) == (2, 1, 1)
    assert dashboard.timeline == {
        dt.date(2017, 11, 1): {"state_media": 1, "partisan": 1},
        dt.date(2018, 1, 1): {"partisan": 1},
    }
    html = response.content.decode()
    assert html.count("<rect") == 3
    assert "<title>Nov 2017: 1 from state media sources</title>" in html
    assert response.context["table"][0][1:] == ([1, 1], 2)  # the accessible table: same figures


def test_the_dashboard_costs_the_same_queries_for_many_claims(workspace, vera) -> None:
    sources = [
        SourceFactory.create(name=f"S{i}", stance=s)
        for i, s in enumerate(["partisan", "state_media", "wire_agency"])
    ]
    client = client_for(vera)
    url = reverse("insights:dashboard", kwargs={"slug": workspace.slug})

    def add(n: int, offset: int) -> None:
        for i in range(n):
            ClaimFactory.create(
                workspace=workspace,
                source=sources[i % 3],
                event_start=dt.date(2014 + (i + offset) % 6, 1 + i % 12, 1),
                event_precision="month",
                status=["new", "in_review", "refuted"][i % 3],
            )

    add(3, 0)
    client.get(url)  # the first signed-in request writes the session's start time: not counted
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add(60, 7)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.context["dashboard"].claim_total == 63
    assert len(many) == len(few)


def test_when_capped_the_graph_keeps_accepted_links_before_suggestions(workspace) -> None:
    source = SourceFactory.create(name="ANHA", stance="partisan")
    root = ClaimFactory.create(workspace=workspace, source=source)
    for _ in range(GRAPH_MAX_NODES):
        link(
            root,
            ClaimFactory.create(workspace=workspace, source=source),
            LinkRelation.CORROBORATES,
            "suggested",
        )
    decided = ClaimFactory.create(workspace=workspace, source=source)
    link(decided, root, LinkRelation.CONTRADICTS)
    graph = claim_graph(claim=root)
    assert graph.truncated
    assert graph.rings[0][root.pk][0] == decided.pk
