"""Layouts for the server-drawn SVG charts: pure functions over plain data, no ORM.

The templates draw what these return; nothing here knows about claims or HTML.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.html import format_html_join
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class Point:
    x: float
    y: float


def radial_layout(
    *,
    root: int,
    rings: Sequence[Mapping[int, Sequence[int]]],
    radius: float = 150.0,
    centre: Point = Point(0.0, 0.0),
) -> dict[int, Point]:
    """Place a root in the centre and each further ring of neighbours on a wider circle.

    `rings[0]` maps the root to its neighbours; `rings[1]` maps each of those to the nodes first
    reached through it, and so on. Each node owns a sector of the circle, wide in proportion to
    the number of its own children, and its children are spread over it: branches do not cross
    each other and a busy neighbour gets the room its children need.
    """
    positions = {root: centre}
    sectors: dict[int, tuple[float, float]] = {root: (-math.pi / 2, 2 * math.pi)}
    for depth, ring in enumerate(rings, start=1):
        r = radius * depth
        following = rings[depth] if depth < len(rings) else {}
        for parent, children in ring.items():
            if parent not in sectors or not children:
                continue
            start, width = sectors[parent]
            if depth == 1:
                start -= width / (2 * len(children))  # the first child straight above the root
            weights = [max(1, len(following.get(child, ()))) for child in children]
            total = sum(weights)
            for child, weight in zip(children, weights, strict=True):
                step = width * weight / total
                if child not in positions:
                    angle = start + step / 2
                    positions[child] = Point(
                        round(centre.x + r * math.cos(angle), 1), round(centre.y + r * math.sin(angle), 1)
                    )
                    sectors[child] = (start, step)
                start += step
    return positions


@dataclass
class Segment:
    key: str
    label: str
    count: int
    x: float
    y: float
    width: float
    height: float


@dataclass
class Bar:
    label: str
    total: int
    x: float
    segments: list[Segment] = field(default_factory=list)


@dataclass
class StackedBars:
    width: float
    height: float
    plot_top: float
    plot_bottom: float
    bars: list[Bar]
    ticks: list[tuple[float, str]]  # x position, label (years along the time axis)
    gridlines: list[tuple[float, int]]  # y position, value
    maximum: int

    @property
    def tick_end(self) -> float:
        return self.plot_bottom + 5

    @property
    def tick_label_y(self) -> float:
        return self.plot_bottom + 18


def month_range(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every first-of-month from first's month to last's month, inclusive."""
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(dt.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def nice_step(maximum: int, lines: int = 4) -> int:
    """A round gridline step (1, 2, 5, 10, 20, ...) giving about `lines` lines up to maximum."""
    if maximum <= lines:
        return 1
    raw = maximum / lines
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * magnitude >= raw:
            return int(factor * magnitude)
    return int(10 * magnitude)


def stacked_bars(
    *,
    counts: Mapping[dt.date, Mapping[str, int]],
    keys: Sequence[str],
    labels: Mapping[str, str] | None = None,
    width: float = 960.0,
    height: float = 260.0,
    margin_left: float = 40.0,
    margin_bottom: float = 28.0,
    margin_top: float = 10.0,
    margin_right: float = 24.0,
) -> StackedBars:
    """Bars per month from the first to the last month in `counts`, each stacked by key.

    Months without claims are kept as empty slots so the time axis is even.
    """
    if not counts:
        return StackedBars(width, height, margin_top, height - margin_bottom, [], [], [], 0)
    months = month_range(min(counts), max(counts))
    totals = {m: sum(counts.get(m, {}).values()) for m in months}
    maximum = max(totals.values()) or 1
    step = nice_step(maximum)
    top = step * math.ceil(maximum / step)
    plot_bottom = height - margin_bottom
    plot_height = plot_bottom - margin_top
    slot = (width - margin_left - margin_right) / len(months)
    bar_width = max(slot * 0.8, 1.0)
    bars = []
    ticks = []
    for index, month in enumerate(months):
        x = margin_left + index * slot + (slot - bar_width) / 2
        bar = Bar(label=f"{month:%b %Y}", total=totals[month], x=round(x, 1))
        y = plot_bottom
        for key in keys:
            n = counts.get(month, {}).get(key, 0)
            if not n:
                continue
            h = plot_height * n / top
            y -= h
            bar.segments.append(
                Segment(
                    key,
                    (labels or {}).get(key, key),
                    n,
                    round(x, 1),
                    round(y, 1),
                    round(bar_width, 1),
                    round(h, 1),
                )
            )
        bars.append(bar)
        if month.month == 1 or index == 0:
            ticks.append((round(margin_left + index * slot, 1), f"{month:%Y}"))
    gridlines = [
        (round(plot_bottom - plot_height * value / top, 1), value) for value in range(0, top + 1, step)
    ]
    return StackedBars(width, height, margin_top, plot_bottom, bars, ticks, gridlines, maximum)


def stacked_bars_svg(chart: StackedBars) -> SafeString:
    """The bars as SVG elements, escaped; built here rather than in a template loop, which
    costs a millisecond per hundred elements and a chart over years has a thousand."""
    rect = (
        '<rect x="{}" y="{}" width="{}" height="{}" class="stance-fill-{}">'
        "<title>{}: {} from {} sources</title></rect>"
    )
    return format_html_join(
        "",
        rect,
        (
            (s.x, s.y, s.width, s.height, s.key, bar.label, s.count, s.label.lower())
            for bar in chart.bars
            for s in bar.segments
        ),
    )
