"""A report of a filtered set of claims: built by a Celery task, downloaded as a zip bundle."""

from __future__ import annotations

from django.db import models

from workbench.jobs import BackgroundJob, JobState, percent


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


ReportState = JobState


class Report(BackgroundJob):
    """One requested report: its filters, who asked, the task's progress and, when done, the file."""

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="reports")
    format = models.CharField(max_length=16, choices=ReportFormat.choices)
    filters = models.JSONField(
        default=dict, blank=True, help_text="The claim filters, as the pages send them."
    )
    base_url = models.CharField(max_length=500, blank=True, help_text="Where claim pages are linked to.")
    total = models.PositiveIntegerField(null=True, blank=True, help_text="Claims to write, once counted.")
    done = models.PositiveIntegerField(default=0, help_text="Claims written so far.")
    file = models.FileField(upload_to="reports/%Y/%m/", blank=True, help_text="The zip: report and manifest.")
    manifest = models.JSONField(default=dict, blank=True)

    class Meta(BackgroundJob.Meta):
        indexes = [models.Index(fields=["workspace", "-created_at"], name="report_ws_created")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(format__in=ReportFormat.values), name="report_format_valid"
            ),
            *BackgroundJob.Meta.constraints,  # report_state_valid
            models.CheckConstraint(
                condition=~models.Q(state=ReportState.DONE) | ~models.Q(file=""),
                name="report_done_has_file",
            ),
        ]

    def __str__(self) -> str:
        return f"report {self.pk} ({self.format}, {self.state})"

    @property
    def percent(self) -> int:
        return 100 if self.state == ReportState.DONE else percent(self.done, self.total)
