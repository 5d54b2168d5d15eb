"""Count find_similar's character n-grams afresh: for one workspace, or for every one."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.services.grams import gram_counts_rebuild
from workspaces.models import Workspace


class Command(BaseCommand):
    help = (
        "Count how many claims hold each character n-gram, for find_similar's ranking: in one "
        "workspace (--workspace) or in all. Workers do it hourly where claims changed by a tenth."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--workspace", help="the workspace's slug (default: every workspace)")

    def handle(self, *args: Any, workspace: str | None, **options: Any) -> None:
        targets = Workspace.objects.order_by("slug")
        if workspace is not None:
            targets = targets.filter(slug=workspace)
            if not targets.exists():
                raise CommandError(f"--workspace {workspace!r}: no such workspace")
        for target in targets:
            start = time.perf_counter()
            claims = gram_counts_rebuild(workspace_id=target.pk)
            self.stdout.write(
                f"{target.slug}: {claims:,} claims counted in {time.perf_counter() - start:.1f} s"
            )
