"""Read-only: the workspace's claims most similar to a text, or to each query of a JSONL file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.dates import parse_iso_date
from claims.management.jsonl import date_field, json_objects, text_field
from claims.services.matching import similar_to_text
from workspaces.models import Workspace


class Command(BaseCommand):
    help = (
        'Print {"id", "matches": [{"claim", "score", "relation"}]} for a text or for each '
        'query {"id", "text"[, "published"]} of a JSONL file, best match first. Writes nothing.'
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--workspace", required=True, help="the workspace's slug")
        parser.add_argument("--top", type=int, default=5, help="matches per query (default 5)")
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--text", help="one query text")
        source.add_argument("--queries", type=Path, help='JSONL file, one {"id", "text"} a line')
        parser.add_argument("--published", help="YYYY-MM-DD: the date of --text, for relative dates")

    def handle(
        self,
        *args: Any,
        workspace: str,
        top: int,
        text: str | None,
        queries: Path | None,
        published: str | None,
        **options: Any,
    ) -> None:
        target = Workspace.objects.filter(slug=workspace).first()
        if target is None:
            raise CommandError(f"--workspace {workspace!r}: no such workspace")
        if not 1 <= top <= 100:
            raise CommandError("--top: give a number from 1 to 100")
        if text is not None:
            if not text.strip():
                raise CommandError("--text is empty")
            try:
                day = parse_iso_date(published) if published else None
            except ValueError as exc:
                raise CommandError(f"--published: {exc}") from None
            self._print(None, similar_to_text(workspace_id=target.pk, text=text, top=top, published=day))
            return
        assert queries is not None
        if not queries.is_file():
            raise CommandError(f"{queries}: no such file")
        parsed = list(read_queries(queries))
        for query_id, query_text, day in parsed:
            self._print(
                query_id, similar_to_text(workspace_id=target.pk, text=query_text, top=top, published=day)
            )

    def _print(self, query_id: Any, matches: list[dict[str, Any]]) -> None:
        self.stdout.write(json.dumps({"id": query_id, "matches": matches}, ensure_ascii=False))


def read_queries(path: Path) -> list[tuple[Any, str, Any]]:
    """Every query of the file, checked before any is run; a bad line stops with its number."""
    queries = []
    for where, row in json_objects(path, "id and text"):
        text = text_field(row, "text", where)
        if "id" not in row:
            raise CommandError(f"{where} field 'id': required")
        queries.append((row["id"], text, date_field(row, "published", where)))
    return queries
