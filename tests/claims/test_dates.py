import datetime as dt

import pytest

from claims.dates import format_event_window, parse_event_window
from claims.figures import parse_figure_line


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("2017-10-22", dt.date(2017, 10, 22), None, "day"),
        ("2017-11-08/2017-11-11", dt.date(2017, 11, 8), dt.date(2017, 11, 11), "range"),
        ("2017-11", dt.date(2017, 11, 1), dt.date(2017, 11, 30), "month"),
        ("2016-02", dt.date(2016, 2, 1), dt.date(2016, 2, 29), "month"),
        ("2013", dt.date(2013, 1, 1), dt.date(2013, 12, 31), "year"),
    ],
)
def test_event_windows_parse_with_precision_and_format_back(text, start, end, precision) -> None:
    window = parse_event_window(text)
    assert (window.start, window.end, window.precision) == (start, end, precision)
    assert format_event_window(window.start, window.end, window.precision) == text


@pytest.mark.parametrize(
    "text", ["2017-13", "22/10/2017", "2017-11-11/2017-11-08", "yesterday", "2017-02-30"]
)
def test_bad_event_dates_raise_with_the_value_named(text: str) -> None:
    with pytest.raises(ValueError, match="2017|yesterday"):
        parse_event_window(text)


def test_figure_lines_read_qualifiers_and_vague_counts() -> None:
    assert parse_figure_line("at least 57 civilians killed") == {
        "count": 57,
        "qualifier": "at_least",
        "counted": "civilians killed",
    }
    assert parse_figure_line("3,468 km2 liberated")["count"] == 3468
    assert parse_figure_line("dozens of civilians wounded") == {
        "count": None,
        "qualifier": "dozens",
        "counted": "civilians wounded",
    }
    with pytest.raises(ValueError, match="write a number"):
        parse_figure_line("many people")
