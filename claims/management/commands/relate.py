"""Read-only: decide the relation of two claim texts, as the engine does for a suggested link."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.dates import parse_iso_date
from claims.services.matching import relate_texts

# The engine's "duplicate" is, between two texts, the strongest corroboration.
RELATION_OUT = {"duplicate": "corroborates"}


class Command(BaseCommand):
    help = (
        'For each line {"id", "a", "b"[, "a_published", "b_published"]} of a JSONL file print '
        '{"id", "relation", "score", "reasons"}; relation is corroborates, contradicts, related or '
        "unrelated. Writes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--pairs", type=Path, required=True, help="JSONL file of pairs")

    def handle(self, *args: Any, pairs: Path, **options: Any) -> None:
        if not pairs.is_file():
            raise CommandError(f"{pairs}: no such file")
        rows = read_pairs(pairs)
        for row in rows:
            verdict = relate_texts(
                row["a"], row["b"], a_published=row["a_published"], b_published=row["b_published"]
            )
            out = {
                "id": row["id"],
                "relation": RELATION_OUT.get(verdict.relation, verdict.relation),
                "score": verdict.score,
                "reasons": list(verdict.reasons),
            }
            self.stdout.write(json.dumps(out, ensure_ascii=False))


def read_pairs(path: Path) -> list[dict[str, Any]]:
    """Every pair of the file, checked before any is decided; a bad line stops with its number."""
    rows = []
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
                raise CommandError(f"{where}: expected an object with id, a and b")
            if "id" not in row:
                raise CommandError(f"{where} field 'id': required")
            for name in ("a", "b"):
                if not isinstance(row.get(name), str) or not row[name].strip():
                    raise CommandError(f"{where} field {name!r}: required, a non-empty text")
            for name in ("a_published", "b_published"):
                value = row.get(name)
                try:
                    row[name] = parse_iso_date(value) if value else None
                except (ValueError, AttributeError) as exc:
                    raise CommandError(f"{where} field {name!r}: {exc}") from None
            rows.append(row)
    return rows
