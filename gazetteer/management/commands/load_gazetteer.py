from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gazetteer.services import STARTER_SET, gazetteer_load


class Command(BaseCommand):
    help = (
        "Load places and actors with their aliases from a JSON file (default: the eastern Syria starter set)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", type=Path, default=STARTER_SET)

    def handle(self, *args: Any, path: Path, **options: Any) -> None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"{path}: {exc}") from None
        places, actors = gazetteer_load(data=data)
        self.stdout.write(self.style.SUCCESS(f"Gazetteer: {places} places and {actors} actors loaded."))
