"""Run (or wait for) the engine's checks on a workspace, then print its suggestions as JSONL."""

from __future__ import annotations

import json
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.models import LinkState
from claims.services.matching import check_pending, mark_stale, pending_claim_ids, suggestion_rows
from claims.tasks import refresh_stale_claims
from workspaces.models import Workspace


class Command(BaseCommand):
    help = (
        "Check the workspace's pending claims (in this process, or with --wait on the Celery "
        "workers), then print one suggestion a line: "
        '{"claim", "other", "relation", "score", "reasons"}.'
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--workspace", required=True, help="the workspace's slug")
        parser.add_argument(
            "--wait",
            action="store_true",
            help="hand the checks to the Celery workers and wait until they are done",
        )
        parser.add_argument(
            "--recheck",
            action="store_true",
            help="check every claim again, not only new and changed ones (e.g. after an engine upgrade)",
        )
        parser.add_argument(
            "--all", action="store_true", help="print accepted and rejected suggestions too, with their state"
        )
        parser.add_argument("--timeout", type=float, default=1800.0, help="seconds --wait waits at most")

    def handle(
        self, *args: Any, workspace: str, wait: bool, recheck: bool, all: bool, timeout: float, **options: Any
    ) -> None:
        target = Workspace.objects.filter(slug=workspace).first()
        if target is None:
            raise CommandError(f"--workspace {workspace!r}: no such workspace")
        if recheck:
            mark_stale(workspace_id=target.pk)
        if wait:
            refresh_stale_claims.delay(target.pk)
            deadline = time.monotonic() + timeout
            while pending := len(pending_claim_ids(workspace_id=target.pk)):
                if time.monotonic() > deadline:
                    raise CommandError(
                        f"{pending} claims still unchecked after {timeout:.0f} s; are workers running?"
                    )
                time.sleep(0.5)
        else:
            checked = check_pending(workspace_id=target.pk)
            self.stderr.write(f"Checked {checked} claims.")
        states = (
            (LinkState.SUGGESTED, LinkState.ACCEPTED, LinkState.REJECTED) if all else (LinkState.SUGGESTED,)
        )
        for row in suggestion_rows(workspace_id=target.pk, states=states):
            self.stdout.write(json.dumps(row, ensure_ascii=False))
