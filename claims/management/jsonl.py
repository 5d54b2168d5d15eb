"""Reading the JSON Lines files the engine's commands take, with the line of every error."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from claims.dates import parse_iso_date


def json_objects(path: Path, expected: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """("file line N", object) for every non-empty line; CommandError naming the line otherwise."""
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            where = f"{path.name} line {number}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise CommandError(f"{where}: not JSON ({exc.msg})") from None
            if not isinstance(row, dict):
                raise CommandError(f"{where}: expected an object with {expected}")
            yield where, row


def text_field(row: dict[str, Any], name: str, where: str) -> str:
    value = row.get(name)
    if not isinstance(value, str) or not value.strip():
        raise CommandError(f"{where} field {name!r}: required, a non-empty text")
    return value


def date_field(row: dict[str, Any], name: str, where: str) -> Any:
    value = row.get(name)
    try:
        return parse_iso_date(value) if value else None
    except (ValueError, AttributeError) as exc:
        raise CommandError(f"{where} field {name!r}: {exc}") from None
