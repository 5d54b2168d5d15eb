"""Parsing the dates claims are recorded with (pure functions)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from claims.models import DatePrecision

_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


@dataclass(frozen=True)
class EventWindow:
    start: dt.date | None
    end: dt.date | None
    precision: str  # a DatePrecision value, or "" when there is no date

    @classmethod
    def empty(cls) -> EventWindow:
        return cls(None, None, "")


def parse_iso_date(value: str) -> dt.date:
    """A calendar date written YYYY-MM-DD; ValueError with a readable message otherwise."""
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"{value!r} is not a date; write it as YYYY-MM-DD") from None


def parse_event_window(value: str | None) -> EventWindow:
    """An event date as a window with its precision.

    Accepts a day (2017-10-22), a range (2017-11-08/2017-11-11), a month (2017-11) or a year
    (2017). Raises ValueError naming what is wrong.
    """
    if value is None or not str(value).strip():
        return EventWindow.empty()
    text = str(value).strip()
    hint = (
        f"{text!r} is not an event date; write a day (2017-10-22), a range "
        "(2017-11-08/2017-11-11), a month (2017-11) or a year (2017)"
    )
    if "/" in text:
        first, _, last = text.partition("/")
        try:
            start, end = dt.date.fromisoformat(first.strip()), dt.date.fromisoformat(last.strip())
        except ValueError:
            raise ValueError(hint) from None
        if end < start:
            raise ValueError(f"{text!r}: the range ends before it starts")
        precision = DatePrecision.DAY if start == end else DatePrecision.RANGE
        return EventWindow(start, end if end != start else None, precision)
    if match := _YEAR.match(text):
        year = int(match.group(1))
        return EventWindow(dt.date(year, 1, 1), dt.date(year, 12, 31), DatePrecision.YEAR)
    if match := _MONTH.match(text):
        year, month = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12:
            raise ValueError(f"{text!r} is not a month; write it as YYYY-MM")
        last_day = calendar.monthrange(year, month)[1]
        return EventWindow(dt.date(year, month, 1), dt.date(year, month, last_day), DatePrecision.MONTH)
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(hint) from None
    return EventWindow(day, None, DatePrecision.DAY)


def format_event_window(start: dt.date | None, end: dt.date | None, precision: str) -> str:
    """The inverse of parse_event_window, for forms and exports."""
    if start is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{start:%Y}"
    if precision == DatePrecision.MONTH:
        return f"{start:%Y-%m}"
    if end is not None and end != start:
        return f"{start.isoformat()}/{end.isoformat()}"
    return start.isoformat()
