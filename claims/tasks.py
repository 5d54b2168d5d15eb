"""Celery tasks: thin wrappers that take ids and call services."""

from __future__ import annotations

from celery import shared_task

from claims.services.claims import claim_refresh_derived, claims_refresh_stale


@shared_task(name="claims.tasks.refresh_claim")
def refresh_claim(claim_id: int) -> bool:
    return claim_refresh_derived(claim_id=claim_id)


@shared_task(name="claims.tasks.refresh_stale_claims")
def refresh_stale_claims(workspace_id: int | None = None) -> int:
    """Sweep: claims saved while no worker ran, imports, and a new DERIVED_VERSION."""
    return claims_refresh_stale(workspace_id=workspace_id)
