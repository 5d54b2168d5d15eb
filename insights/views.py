"""The event view, a claim's link graph and the workspace dashboard."""

from __future__ import annotations

import math

from django.http import HttpResponse
from django.shortcuts import render

from claims.models import LinkRelation
from claims.selectors import claim_get
from gazetteer.models import Place
from insights.charts import Point, radial_layout, stacked_bars, stacked_bars_svg
from insights.forms import EventForm
from insights.selectors import claim_graph, event_claims, workspace_dashboard
from sources.models import Stance
from workspaces.decorators import AuthenticatedHttpRequest, workspace_view
from workspaces.models import Membership

GRAPH_RADIUS = 150
GRAPH_MARGIN = 60
GRAPH_LABEL_ROOM = 70  # each side: labels written outwards from the nodes
PLACE_SUGGESTIONS = 500


@workspace_view()
def event_view(request: AuthenticatedHttpRequest, membership: Membership) -> HttpResponse:
    """Who says what about one place in one window of days, one column per source stance."""
    workspace = membership.workspace
    form = EventForm(request.GET or None)
    event = None
    if form.is_bound and form.is_valid():
        event = event_claims(
            workspace=workspace,
            place=form.cleaned_data["place"],
            start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
        )
    columns = []
    if event is not None:
        markers = event.markers
        columns = [
            {
                "stance": column.stance,
                "label": column.label,
                "cards": [(claim, markers.get(claim.pk, [])) for claim in column.claims],
            }
            for column in event.columns
        ]
    context = {
        "membership": membership,
        "workspace": workspace,
        "form": form,
        "event": event,
        "columns": columns,
        "place": form.cleaned_data.get("place") if form.is_bound and form.is_valid() else None,
        "place_names": Place.objects.order_by("name").values_list("name", flat=True)[:PLACE_SUGGESTIONS],
    }
    return render(request, "insights/events.html", context)


def _label_position(point: Point, centre: float) -> dict[str, object]:
    """A node's label just outside it, away from the centre, anchored so it reads outwards."""
    distance = math.hypot(point.x, point.y)
    if distance == 0:
        return {"label_x": centre, "label_y": round(centre + 40, 1), "label_anchor": "middle"}
    ux, uy = point.x / distance, point.y / distance
    anchor = "middle" if abs(ux) < 0.35 else ("start" if ux > 0 else "end")
    return {
        "label_x": round(centre + point.x + ux * 20, 1),
        "label_y": round(centre + point.y + uy * 22 + (4 if abs(ux) >= 0.35 else (8 if uy > 0 else 0)), 1),
        "label_anchor": anchor,
    }


@workspace_view()
def claim_graph_view(request: AuthenticatedHttpRequest, membership: Membership, pk: int) -> HttpResponse:
    """A claim's corroborating and contradicting neighbours and theirs, drawn as SVG."""
    workspace = membership.workspace
    claim = claim_get(workspace=workspace, pk=pk)
    graph = claim_graph(claim=claim)
    positions = radial_layout(root=claim.pk, rings=graph.rings, radius=GRAPH_RADIUS)
    # Room for the outermost ring and its labels.
    reach = max((max(abs(p.x), abs(p.y)) for p in positions.values()), default=0)
    size = round(2 * reach + 2 * GRAPH_MARGIN)
    centre = size / 2
    width = size + 2 * GRAPH_LABEL_ROOM
    nodes = [
        {
            "claim": graph.claims[pk],
            "x": round(point.x + centre, 1),
            "y": round(point.y + centre, 1),
            "depth": graph.depth[pk],
            **_label_position(point, centre),
        }
        for pk, point in positions.items()
        if pk in graph.claims
    ]
    edges = [
        {
            "edge": edge,
            "x1": positions[edge.a].x + centre,
            "y1": positions[edge.a].y + centre,
            "x2": positions[edge.b].x + centre,
            "y2": positions[edge.b].y + centre,
        }
        for edge in graph.edges
        if edge.a in positions and edge.b in positions
    ]
    stances = {graph.claims[pk].source.stance for pk in positions if pk in graph.claims}
    context = {
        "membership": membership,
        "workspace": workspace,
        "claim": claim,
        "graph": graph,
        "nodes": nodes,
        "edges": edges,
        "size": size,
        "width": width,
        "shift": GRAPH_LABEL_ROOM,
        "legend": [(value, label) for value, label in Stance.choices if value in stances],
        "relations": [LinkRelation.CORROBORATES, LinkRelation.CONTRADICTS],
    }
    return render(request, "insights/graph.html", context)


@workspace_view()
def dashboard_view(request: AuthenticatedHttpRequest, membership: Membership) -> HttpResponse:
    """Counts by status, open suggestions and contradictions, and claims over time by stance."""
    workspace = membership.workspace
    dashboard = workspace_dashboard(workspace=workspace)
    stances = [value for value, _ in Stance.choices]
    chart = stacked_bars(counts=dashboard.timeline, keys=stances, labels=dict(Stance.choices))
    present = {key for per_month in dashboard.timeline.values() for key in per_month}
    legend = [(value, label) for value, label in Stance.choices if value in present]
    table = [
        (month, [per_month.get(value, 0) for value, _ in legend], sum(per_month.values()))
        for month, per_month in sorted(dashboard.timeline.items())
    ]
    context = {
        "membership": membership,
        "workspace": workspace,
        "dashboard": dashboard,
        "chart": chart,
        "bars_svg": stacked_bars_svg(chart),
        "legend": legend,
        "table": table,
    }
    return render(request, "insights/dashboard.html", context)
