"""Print the access matrix derived from the code, or write it into SECURITY.md."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.access_matrix import (
    current_between_markers,
    matrix_markdown,
    replace_between_markers,
)


class Command(BaseCommand):
    help = "Print the access matrix (URL × role) derived from the views' rules; --write updates SECURITY.md."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--write", action="store_true", help="update SECURITY.md between its markers")
        parser.add_argument("--check", action="store_true", help="exit 1 if SECURITY.md is out of date")
        parser.add_argument("--file", default=str(Path(settings.BASE_DIR) / "SECURITY.md"))

    def handle(self, *args: Any, write: bool, check: bool, file: str, **options: Any) -> None:
        generated = matrix_markdown()
        if not write and not check:
            self.stdout.write(generated, ending="")
            return
        path = Path(file)
        try:
            text = path.read_text(encoding="utf-8")
            current = current_between_markers(text)
        except (OSError, ValueError) as exc:
            raise CommandError(f"{path}: cannot read the access-matrix markers ({exc}).") from None
        if check:
            if current != generated:
                raise CommandError(f"{path} is out of date: run ./dev manage access_matrix --write")
            self.stdout.write(f"{path} is up to date.")
            return
        path.write_text(replace_between_markers(text, generated), encoding="utf-8")
        self.stdout.write(f"Wrote the access matrix into {path}.")
