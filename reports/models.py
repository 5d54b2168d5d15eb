"""A report of a filtered set of claims: built by a Celery task, downloaded as a zip bundle."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class ReportFormat(models.TextChoices):
    CSV = "csv", "CSV (one row a claim)"
    JSON = "json", "JSON (claims with sources, links and history)"
    CLAIMREVIEW = "claimreview", "schema.org ClaimReview (JSON-LD)"
    HTML = "html", "HTML (readable report)"
    PDF = "pdf", "PDF (readable report)"


# The report file's extension for each format.
EXTENSIONS = {
    ReportFormat.CSV: "csv",
    ReportFormat.JSON: "json",
    ReportFormat.CLAIMREVIEW: "claimreview.jsonld",
    ReportFormat.HTML: "html",
    ReportFormat.PDF: "pdf",
}


class ReportState(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class Report(models.Model):
    """One requested report: its filters, who asked, the task's progress and, when done, the file."""

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="reports")
    format = models.CharField(max_length=16, choices=ReportFormat.choices)
    filters = models.JSONField(
        default=dict, blank=True, help_text="The claim filters, as the pages send them."
    )
    base_url = models.CharField(max_length=500, blank=True, help_text="Where claim pages are linked to.")
    state = models.CharField(max_length=16, choices=ReportState.choices, default=ReportState.QUEUED)
    total = models.PositiveIntegerField(null=True, blank=True, help_text="Claims to write, once counted.")
    done = models.PositiveIntegerField(default=0, help_text="Claims written so far.")
    file = models.FileField(upload_to="reports/%Y/%m/", blank=True, help_text="The zip: report and manifest.")
    manifest = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["workspace", "-created_at"], name="report_ws_created")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(format__in=ReportFormat.values), name="report_format_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=ReportState.values), name="report_state_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(state=ReportState.DONE) | ~models.Q(file=""),
                name="report_done_has_file",
            ),
        ]

    def __str__(self) -> str:
        return f"report {self.pk} ({self.format}, {self.state})"

    @property
    def finished(self) -> bool:
        return self.state in (ReportState.DONE, ReportState.FAILED)

    @property
    def percent(self) -> int:
        if self.state == ReportState.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, self.done * 100 // self.total)
