"""Chart geometry for inline SVG: plain numbers in, rectangles out; the templates draw them.

No JavaScript and no style attributes (the Content-Security-Policy forbids them): colours come
from classes in static/css/reliability.css.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Bottom to top in a bar; verdicts first, then what is not reviewed yet.
STATUS_ORDER = ("corroborated", "contested", "refuted", "unverifiable", "in_review", "new")
STATUS_LABEL = {
    "corroborated": "corroborated",
    "contested": "contested",
    "refuted": "refuted",
    "unverifiable": "unverifiable",
    "in_review": "in review",
    "new": "new",
}
MAX_QUARTERS = 40  # ten years; older quarters are summed into the first bar


@dataclass(frozen=True)
class Segment:
    status: str
    count: int
    y: float
    height: float

    @property
    def label(self) -> str:
        return STATUS_LABEL.get(self.status, self.status)


@dataclass
class Bar:
    label: str  # "Q4 2017"
    x: float
    width: float
    total: int
    segments: list[Segment] = field(default_factory=list)
    year_label: str = ""  # shown under the first quarter of each year

    @property
    def summary(self) -> str:
        parts = ", ".join(f"{s.count} {s.label}" for s in self.segments)
        return f"{self.label}: {parts}" if parts else f"{self.label}: none"


@dataclass
class QuarterChart:
    width: int
    height: int
    plot_height: int
    bars: list[Bar]
    max_total: int
    legend: list[tuple[str, str]]

    @property
    def empty(self) -> bool:
        return self.max_total == 0


def quarter_chart(
    counts: dict[tuple[int, int], dict[str, int]], *, width: int = 640, height: int = 180
) -> QuarterChart:
    """Stacked bars of claims per quarter by status, every quarter from the first to the last."""
    plot_height = height - 30  # room for the year labels underneath
    if not counts:
        return QuarterChart(width, height, plot_height, [], 0, [])
    # Whole years, so a single busy quarter still reads as a quarter of its year.
    first, last = (min(counts)[0], 1), (max(counts)[0], 4)
    quarters = []
    year, quarter = first
    while (year, quarter) <= last:
        quarters.append((year, quarter))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    if len(quarters) > MAX_QUARTERS:
        quarters = quarters[-MAX_QUARTERS:]
    totals = {q: sum(counts.get(q, {}).values()) for q in quarters}
    max_total = max(totals.values()) or 1
    slot = width / len(quarters)
    bar_width = min(slot * 0.7, 28.0)
    bars = []
    for index, (year, quarter) in enumerate(quarters):
        statuses = counts.get((year, quarter), {})
        bar = Bar(
            label=f"Q{quarter} {year}",
            x=round(index * slot + (slot - bar_width) / 2, 2),
            width=round(bar_width, 2),
            total=totals[(year, quarter)],
            year_label=str(year) if quarter == 1 else "",
        )
        bottom = float(plot_height)
        for status in STATUS_ORDER:
            count = statuses.get(status, 0)
            if not count:
                continue
            segment_height = round(count / max_total * (plot_height - 10), 2)
            bottom -= segment_height
            bar.segments.append(Segment(status, count, round(bottom, 2), segment_height))
        bars.append(bar)
    present = {s.status for b in bars for s in b.segments}
    legend = [(status, STATUS_LABEL[status]) for status in STATUS_ORDER if status in present]
    return QuarterChart(width, height, plot_height, bars, max_total, legend)
