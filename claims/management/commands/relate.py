"""Read-only: decide the relation of two claim texts, as the engine does for a suggested link."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.management.jsonl import date_field, json_objects, text_field
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
    for where, row in json_objects(path, "id, a and b"):
        if "id" not in row:
            raise CommandError(f"{where} field 'id': required")
        for name in ("a", "b"):
            text_field(row, name, where)
        for name in ("a_published", "b_published"):
            row[name] = date_field(row, name, where)
        rows.append(row)
    return rows
