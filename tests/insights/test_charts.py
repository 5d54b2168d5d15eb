"""The SVG layouts: pure functions, no database."""

from __future__ import annotations

import datetime as dt
import math

from insights.charts import Point, month_range, nice_step, radial_layout, stacked_bars


def test_radial_layout_puts_the_root_in_the_centre_and_each_ring_farther_out() -> None:
    positions = radial_layout(root=1, rings=[{1: [2, 3, 4, 5]}, {2: [6, 7], 4: [8]}], radius=100)
    assert positions[1] == Point(0, 0)
    for pk in (2, 3, 4, 5):
        assert math.isclose(math.hypot(positions[pk].x, positions[pk].y), 100, abs_tol=0.2)
    for pk in (6, 7, 8):
        assert math.isclose(math.hypot(positions[pk].x, positions[pk].y), 200, abs_tol=0.2)
    # The first neighbour is straight above the root (SVG's y grows downwards).
    assert math.isclose(positions[2].x, 0, abs_tol=0.2) or positions[2].y < 0


def test_radial_layout_keeps_children_near_their_parent_and_gives_busy_parents_room() -> None:
    positions = radial_layout(root=0, rings=[{0: [1, 2, 3]}, {1: [10, 11, 12], 2: [20]}], radius=100)

    def angle(pk: int) -> float:
        return math.atan2(positions[pk].y, positions[pk].x)

    def gap(a: float, b: float) -> float:
        return abs((a - b + math.pi) % (2 * math.pi) - math.pi)

    for child in (10, 11, 12):
        assert gap(angle(child), angle(1)) < gap(angle(child), angle(2))
    assert gap(angle(20), angle(2)) < 0.01
    # Three children need more of the circle than one: node 1's neighbours sit farther from it.
    assert gap(angle(1), angle(2)) > gap(angle(2), angle(3))
    assert len({(p.x, p.y) for p in positions.values()}) == len(positions)


def test_a_node_reached_twice_is_placed_once() -> None:
    positions = radial_layout(root=0, rings=[{0: [1, 2]}, {1: [3], 2: [3]}])
    assert set(positions) == {0, 1, 2, 3}


def test_month_range_and_gridline_steps() -> None:
    assert month_range(dt.date(2017, 11, 1), dt.date(2018, 2, 1)) == [
        dt.date(2017, 11, 1),
        dt.date(2017, 12, 1),
        dt.date(2018, 1, 1),
        dt.date(2018, 2, 1),
    ]
    assert [nice_step(n) for n in (3, 13, 40, 170, 2300)] == [1, 5, 10, 50, 1000]


def test_stacked_bars_stack_each_month_and_keep_empty_months() -> None:
    counts = {
        dt.date(2017, 11, 1): {"partisan": 6, "state_media": 2},
        dt.date(2018, 1, 1): {"independent_media": 4},
    }
    chart = stacked_bars(counts=counts, keys=["state_media", "partisan", "independent_media"], height=200)
    assert [bar.label for bar in chart.bars] == ["Nov 2017", "Dec 2017", "Jan 2018"]
    assert [bar.total for bar in chart.bars] == [8, 0, 4]
    november = chart.bars[0]
    assert [s.key for s in november.segments] == ["state_media", "partisan"]  # in the keys' order
    # Stacked: each segment sits on the one below, the tallest bar reaches the top gridline or below it.
    first, second = november.segments
    assert math.isclose(first.y, chart.plot_bottom - first.height, abs_tol=0.2)
    assert math.isclose(second.y + second.height, first.y, abs_tol=0.2)
    assert math.isclose(second.height / first.height, 3, rel_tol=0.05)
    assert chart.gridlines[0] == (chart.plot_bottom, 0)
    assert chart.gridlines[-1][1] >= 8
    assert [label for _, label in chart.ticks] == ["2017", "2018"]


def test_no_dated_claims_draw_no_bars() -> None:
    chart = stacked_bars(counts={}, keys=["partisan"])
    assert chart.bars == [] and chart.maximum == 0
