"""An import uploaded through the pages: the stored file, its state, progress and result."""

from __future__ import annotations

from django.db import models

from workbench.jobs import BackgroundJob, JobState


class ImportState(models.TextChoices):
    """A job's states (JobState), named for an import."""

    QUEUED = JobState.QUEUED.value, "Waiting for a worker"
    RUNNING = JobState.RUNNING.value, "Importing"
    DONE = JobState.DONE.value, "Imported"
    FAILED = JobState.FAILED.value, "Failed: nothing imported"


class ImportJob(BackgroundJob):
    """One uploaded file and what became of it.

    The claims.services.imports importer does the work in a Celery task (imports.tasks); the
    job's final state is written in the same transaction as the claims, so a job marked done
    has its claims stored and a failed one has none.
    """

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="import_jobs"
    )
    file = models.FileField(upload_to="imports/%Y/%m/")
    filename = models.CharField(max_length=255, help_text="The name the file was uploaded with.")
    size = models.PositiveBigIntegerField(default=0)
    # The job's state, with the import page's words for it.
    state = models.CharField(max_length=16, choices=ImportState.choices, default=ImportState.QUEUED)
    rows_total = models.PositiveIntegerField(default=0, help_text="Rows in the file, counted at upload.")
    rows_done = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict, blank=True)
    error_line = models.PositiveIntegerField(null=True, blank=True)
    error_field = models.CharField(max_length=64, blank=True)

    class Meta(BackgroundJob.Meta):
        indexes = [models.Index(fields=["workspace", "-created_at"], name="importjob_ws_created")]

    def __str__(self) -> str:
        return f"import {self.pk} of {self.filename} ({self.state})"
