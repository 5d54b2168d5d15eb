from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.services.imports import ImportFileError, claims_import
from workspaces.services import workspace_get_or_create


class Command(BaseCommand):
    help = (
        "Import claims from a JSONL or CSV file (by extension) into a workspace, all or nothing. "
        "Fields: text, source (required); id, stance, network, language, published, event_date, "
        "url, places, actors, tags, figures, status, credibility."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--workspace", required=True, help="slug; created if it does not exist")
        parser.add_argument("--user", help="username recorded as the author of the changes")

    def handle(self, *args: Any, path: Path, workspace: str, user: str | None, **options: Any) -> None:
        # exists(), not is_file(): a named pipe (a decompressor's output) is read the same way.
        if not path.exists() or path.is_dir():
            raise CommandError(f"{path}: no such file")
        author = None
        if user:
            author = get_user_model().objects.filter(username=user).first()
            if author is None:
                raise CommandError(f"--user {user!r}: no such user")
        try:
            target, created = workspace_get_or_create(slug=workspace, admin=author)
        except ValueError as exc:
            raise CommandError(f"--workspace {workspace!r}: {exc}") from None
        try:
            result = claims_import(path=path, workspace=target, user=author)
        except ImportFileError as exc:
            raise CommandError(f"{path.name}: {exc}. Nothing was imported.") from None
        for warning in result.warnings:
            self.stderr.write(f"warning: {warning}")
        if created:
            self.stdout.write(f"Created workspace {target.slug!r}.")
        self.stdout.write(self.style.SUCCESS(f"{path.name}: {result.summary()}."))
