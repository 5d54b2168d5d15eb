"""Import jobs: store an upload, run it through the claims importer, report its progress.

The rows read so far live in the cache while the import runs: the import is one transaction,
so a progress figure written to the job's row would stay invisible until it commits.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils import timezone

from claims.services.imports import ImportFileError, claims_import
from imports.models import ImportJob, ImportState
from workspaces.models import Workspace

SUFFIXES = (".jsonl", ".ndjson", ".csv")


def _progress_key(job_id: int) -> str:
    return f"imports:job:{job_id}:rows"


def count_rows(upload: UploadedFile, *, csv_header: bool) -> int:
    """Lines in the file, less the CSV header: where the progress bar ends. Blank lines and a
    quoted cell over several lines make it an over-count, set right when the import ends."""
    lines = 0
    last = b""
    for chunk in upload.chunks():
        if chunk:
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    upload.seek(0)
    if last and last != b"\n":  # a last line without a newline still counts
        lines += 1
    return max(lines - (1 if csv_header else 0), 0)


@transaction.atomic
def import_job_create(*, workspace: Workspace, created_by: User, upload: UploadedFile) -> ImportJob:
    """Store an uploaded file as a queued job and hand it to a worker after commit."""
    from imports.tasks import run_import_job

    name = Path(upload.name or "").name
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise ValidationError({"file": f"{name!r} is neither a .jsonl nor a .csv file."})
    limit = settings.IMPORT_MAX_UPLOAD_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            {"file": f"{name!r} is {upload.size / 1e6:.1f} MB; the limit is {limit / 1e6:.0f} MB."}
        )
    total = count_rows(upload, csv_header=suffix == ".csv")
    job = ImportJob(
        workspace=workspace, created_by=created_by, filename=name, size=upload.size or 0, rows_total=total
    )
    job.file.save(name, upload, save=False)
    job.save()
    job_id = job.pk
    transaction.on_commit(lambda: run_import_job.delay(job_id))
    return job


def _start(job_id: int) -> bool | None:
    """Mark a queued job running, committed at once so that its page shows it.

    True: this delivery started it. False: it was marked running already, by a worker that may
    have died or may still run it (`_hold` tells the two apart). None: the job has ended.
    """
    if ImportJob.objects.filter(pk=job_id, state=ImportState.QUEUED).update(
        state=ImportState.RUNNING, started_at=timezone.now()
    ):
        return True
    return False if ImportJob.objects.filter(pk=job_id, state=ImportState.RUNNING).exists() else None


def _hold(job_id: int, *, started: bool) -> bool:
    """Inside the import's transaction: take the job for this worker, or False if another runs it.

    On PostgreSQL the running worker holds the job's row lock until its import commits or rolls
    back, and a worker that died lost the lock with its connection: a job left by a dead worker
    is taken again at once, a running one never twice. SQLite has no row locks (the embedded
    setup runs tasks in-process, never delivered twice): a job found running counts as a dead
    worker's once it has run longer than the task time limit.
    """
    jobs = ImportJob.objects.filter(pk=job_id, state=ImportState.RUNNING)
    if connection.features.has_select_for_update_skip_locked:
        return jobs.select_for_update(skip_locked=True).values_list("pk", flat=True).first() is not None
    if started:
        return True
    stale = timezone.now() - dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    return bool(jobs.filter(started_at__lt=stale).update(started_at=timezone.now()))


def import_job_run(*, job_id: int) -> ImportJob | None:
    """Run a queued job through claims_import; all or nothing, the end state with it."""
    started = _start(job_id)
    if started is None:
        return None
    job = ImportJob.objects.select_related("workspace", "created_by").get(pk=job_id)
    key = _progress_key(job_id)

    def progress(rows: int) -> None:
        cache.set(key, rows, timeout=24 * 3600)

    failure: Exception | None = None
    with transaction.atomic():
        if not _hold(job_id, started=started):
            return None  # another worker is on it
        try:
            with transaction.atomic():
                result = claims_import(
                    path=Path(job.file.path), workspace=job.workspace, user=job.created_by, progress=progress
                )
            ImportJob.objects.filter(pk=job_id).update(
                state=ImportState.DONE,
                rows_done=result.rows,
                rows_total=result.rows,
                result=dataclasses.asdict(result),
                finished_at=timezone.now(),
            )
        except ImportFileError as exc:
            ImportJob.objects.filter(pk=job_id).update(
                state=ImportState.FAILED,
                error=str(exc),
                error_line=exc.line,
                error_field=exc.field or "",
                finished_at=timezone.now(),
            )
        except Exception as exc:
            ImportJob.objects.filter(pk=job_id).update(
                state=ImportState.FAILED,
                error=(
                    f"The import stopped on an unexpected error ({type(exc).__name__}). Nothing was imported."
                ),
                finished_at=timezone.now(),
            )
            failure = exc
        finally:
            cache.delete(key)
    if failure is not None:
        raise failure
    return ImportJob.objects.get(pk=job_id)


def import_job_progress(*, job: ImportJob) -> tuple[int, int]:
    """Rows done and rows in all, for the progress bar."""
    if job.state == ImportState.RUNNING:
        done = cache.get(_progress_key(job.pk)) or 0
        return min(done, job.rows_total), job.rows_total
    return job.rows_done, job.rows_total
