"""An import uploaded through the pages: the stored file, its state, progress and result."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class ImportState(models.TextChoices):
    QUEUED = "queued", "Waiting for a worker"
    RUNNING = "running", "Importing"
    DONE = "done", "Imported"
    FAILED = "failed", "Failed: nothing imported"


class ImportJob(models.Model):
    """One uploaded file and what became of it.

    The claims.services.imports importer does the work in a Celery task (imports.tasks); the
    job's final state is written in the same transaction as the claims, so a job marked done
    has its claims stored and a failed one has none.
    """

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="import_jobs"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    file = models.FileField(upload_to="imports/%Y/%m/")
    filename = models.CharField(max_length=255, help_text="The name the file was uploaded with.")
    size = models.PositiveBigIntegerField(default=0)
    state = models.CharField(max_length=16, choices=ImportState.choices, default=ImportState.QUEUED)
    rows_total = models.PositiveIntegerField(default=0, help_text="Rows in the file, counted at upload.")
    rows_done = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    error_line = models.PositiveIntegerField(null=True, blank=True)
    error_field = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["workspace", "-created_at"], name="importjob_ws_created")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=ImportState.values), name="importjob_state_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"import {self.pk} of {self.filename} ({self.state})"

    @property
    def finished(self) -> bool:
        return self.state in (ImportState.DONE, ImportState.FAILED)
