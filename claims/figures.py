"""Reading and writing figures as the short lines people type: "at least 57 civilians killed"."""

from __future__ import annotations

import re
from typing import Any

from claims.models import FigureQualifier

_QUALIFIER_WORDS = {
    "exactly": FigureQualifier.EXACT,
    "at least": FigureQualifier.AT_LEAST,
    "more than": FigureQualifier.MORE_THAN,
    "over": FigureQualifier.MORE_THAN,
    "at most": FigureQualifier.AT_MOST,
    "up to": FigureQualifier.AT_MOST,
    "fewer than": FigureQualifier.FEWER_THAN,
    "less than": FigureQualifier.FEWER_THAN,
    "about": FigureQualifier.ABOUT,
    "around": FigureQualifier.ABOUT,
    "some": FigureQualifier.ABOUT,
}
_COUNTED = re.compile(
    r"^(?:(?P<q>" + "|".join(_QUALIFIER_WORDS) + r")\s+)?(?P<n>\d[\d,]*)\s+(?P<what>.+)$", re.I
)
_VAGUE = re.compile(r"^(?P<q>dozens|hundreds|several)\s+(?:of\s+)?(?P<what>.+)$", re.I)


def parse_figure_line(line: str) -> dict[str, Any]:
    text = " ".join(line.split())
    if match := _VAGUE.match(text):
        return {"count": None, "qualifier": match["q"].lower(), "counted": match["what"]}
    if match := _COUNTED.match(text):
        qualifier = _QUALIFIER_WORDS[match["q"].lower()] if match["q"] else FigureQualifier.EXACT
        return {
            "count": int(match["n"].replace(",", "")),
            "qualifier": qualifier,
            "counted": match["what"],
        }
    raise ValueError(
        f"{line.strip()!r}: write a number and what was counted, e.g. 'at least 57 civilians killed' "
        "or 'dozens of civilians wounded'"
    )


def parse_figure_lines(text: str) -> list[dict[str, Any]]:
    return [parse_figure_line(line) for line in text.splitlines() if line.strip()]


def format_figure(count: int | None, qualifier: str, counted: str) -> str:
    if count is None:
        return f"{qualifier} of {counted}" if qualifier != FigureQualifier.SEVERAL else f"several {counted}"
    words: dict[str, str] = {
        v: k
        for k, v in _QUALIFIER_WORDS.items()
        if k in ("at least", "more than", "at most", "fewer than", "about")
    }
    prefix = words.get(qualifier, "")
    return f"{prefix} {count} {counted}".strip()
