"""Celery tasks: thin wrappers that take ids and call services.

Every task is idempotent (acks_late re-delivers a task whose worker died): the derived fields and
the engine's index are rewritten whole, and suggestions are upserted one per pair.
"""

from __future__ import annotations

from collections.abc import Sequence

from celery import shared_task

from claims.services.claims import claims_refresh_stale
from claims.services.grams import gram_counts_rebuild, stale_workspaces
from claims.services.matching import check_claims, pending_claim_ids

CHECK_BATCH = 200


@shared_task(name="claims.tasks.refresh_claim")
def refresh_claim(claim_id: int) -> bool:
    """After a claim is saved: its derived fields and the engine's checks (suggestions), from
    one read of the claim and in one transaction. Returns whether the claim was checked."""
    return check_claims([claim_id], derive=True)[0].checked


@shared_task(name="claims.tasks.check_claims")
def check_claims_task(claim_ids: Sequence[int]) -> int:
    """The engine's checks for a batch of claims, after their derived fields where those are
    stale (an import's claims come without them); claims checked meanwhile are skipped."""
    claims_refresh_stale(claim_ids=claim_ids)
    return sum(result.checked for result in check_claims(list(claim_ids)))


@shared_task(name="claims.tasks.refresh_stale_claims")
def refresh_stale_claims(workspace_id: int | None = None) -> int:
    """Sweep: claims saved while no worker ran, imports, and a new DERIVED_VERSION or engine.

    The checks are fanned out in batches first, each batch refreshing its own claims' derived
    fields, so every worker takes a share of a large import (refreshing 100,000 imported claims
    here, before fanning out, kept one worker busy for 78 s while the others waited). The
    derived fields of claims with no check due (a new DERIVED_VERSION) are refreshed here.
    Returns how many claims this task refreshed.
    """
    pending = pending_claim_ids(workspace_id=workspace_id)
    for start in range(0, len(pending), CHECK_BATCH):
        check_claims_task.delay(pending[start : start + CHECK_BATCH])
    return claims_refresh_stale(workspace_id=workspace_id, exclude=pending)


@shared_task(name="claims.tasks.refresh_gram_counts")
def refresh_gram_counts(workspace_id: int | None = None) -> int:
    """find_similar's character n-gram counts, counted afresh for `workspace_id`, or (hourly,
    from beat) for every workspace whose counts are due (claims.services.grams.stale_workspaces).
    Returns how many workspaces were counted."""
    due = [workspace_id] if workspace_id is not None else stale_workspaces()
    for pk in due:
        gram_counts_rebuild(workspace_id=pk)
    return len(due)
