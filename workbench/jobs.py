"""Work done in the background by a worker and followed on a page: an import (imports.ImportJob)
or a report (reports.Report). Both go through the same four states and record who asked, when it
started and finished, and why it failed; their pages show the same progress bar
(templates/_job_progress.html)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class JobState(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


def percent(done: int, total: int | None) -> int:
    """How far a job is, 0 to 100; 0 while its total is not known."""
    if not total:
        return 0
    return min(100, done * 100 // total)


class BackgroundJob(models.Model):
    """The fields every background job has. A model may declare `state` again with its own
    labels for the same four values (the database constraint names them)."""

    state = models.CharField(max_length=16, choices=JobState.choices, default=JobState.QUEUED)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]
        constraints = [
            # importjob_state_valid, report_state_valid
            models.CheckConstraint(
                condition=models.Q(state__in=JobState.values), name="%(class)s_state_valid"
            ),
        ]

    @property
    def finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)
