from __future__ import annotations

from celery import shared_task

from imports.services import import_job_run


@shared_task(name="imports.tasks.run_import_job")
def run_import_job(job_id: int) -> str | None:
    """An uploaded import: claims the job (twice delivered, run once) and imports its file."""
    job = import_job_run(job_id=job_id)
    return job.state if job else None
