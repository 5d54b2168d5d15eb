"""Writing reports: one function makes the file and its manifest for the page, the task and the command."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from claims.matching import ENGINE_VERSION
from claims.models import ClaimStatus
from reports.document import PDF_MAX_CLAIMS, PdfUnavailable, write_html, write_pdf
from reports.formats import write_claimreview, write_csv, write_json
from reports.manifest import bundle_write, file_entry, manifest_build
from reports.models import EXTENSIONS, Report, ReportFormat, ReportState
from reports.selectors import (
    CHUNK_SIZE,
    ReportClaim,
    filters_described,
    filters_query,
    report_claim_filter,
    report_rows,
    status_counts,
)
from workspaces.models import Workspace

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
DEFAULT_BASE_URL = "http://127.0.0.1:8000/"


class ReportError(Exception):
    """A report that cannot be made as asked; the message says why and what to do instead."""


def claim_url_maker(*, workspace: Workspace, base_url: str) -> Callable[[int], str]:
    # reverse() once, not once per claim: a million claims would spend seconds in the resolver.
    path = reverse("claims:detail", kwargs={"slug": workspace.slug, "pk": 1})
    prefix = base_url.rstrip("/") + path[: -len("1/")]
    return lambda claim_id: f"{prefix}{claim_id}/"


def report_filters(*, workspace: Workspace, filters: Mapping[str, Any] | None) -> dict[str, Any]:
    """The filters as stored on a report: validated (ReportFilterError names a bad one), empties dropped."""
    return filters_query(report_claim_filter(workspace=workspace, filters=filters))


def report_write(
    *,
    workspace: Workspace,
    format: str,
    filters: Mapping[str, Any] | None,
    path: Path,
    generated_by: str,
    base_url: str = DEFAULT_BASE_URL,
    chunk_size: int = CHUNK_SIZE,
    on_progress: Progress | None = None,
) -> dict[str, Any]:
    """Write the report of the claims the filters select to `path`; return its manifest.

    CSV, JSON and ClaimReview stream: claims are read and written a chunk at a time.
    """
    fmt = ReportFormat(format)
    claim_filter = report_claim_filter(workspace=workspace, filters=filters)
    claims = claim_filter.qs
    total = claims.count()
    if fmt == ReportFormat.PDF and total > PDF_MAX_CLAIMS:
        raise ReportError(
            f"A PDF report holds at most {PDF_MAX_CLAIMS:,} claims and these filters select {total:,}: "
            "narrow the filters, or choose HTML, CSV or JSON, which have no limit."
        )
    generated_at = timezone.now()
    progress = on_progress or (lambda done, total: None)
    progress(0, total)

    def chunks() -> Iterator[list[ReportClaim]]:
        done = 0
        for chunk in report_rows(
            claims=claims,
            chunk_size=chunk_size,
            details=fmt in (ReportFormat.JSON, ReportFormat.HTML, ReportFormat.PDF),
            history=fmt != ReportFormat.CSV,
        ):
            yield chunk
            done += len(chunk)
            progress(done, total)

    claim_url = claim_url_maker(workspace=workspace, base_url=base_url)
    organisation = workspace.organisation or workspace.name
    by_status = status_counts(claims)
    scope = filters_described(claim_filter)
    query = filters_query(claim_filter)
    title = "Verification report"
    about_workspace = {"slug": workspace.slug, "name": workspace.name, "organisation": organisation}
    header = {
        "title": title,
        "workspace": about_workspace,
        "filters": query,
        "engine_version": ENGINE_VERSION,
    }
    written: int
    if fmt == ReportFormat.CSV:
        with path.open("w", encoding="utf-8", newline="") as out:
            written = write_csv(chunks(), out)
    elif fmt == ReportFormat.JSON:
        with path.open("w", encoding="utf-8") as out:
            written = write_json(chunks(), out, header=header, claim_url=claim_url)
    elif fmt == ReportFormat.CLAIMREVIEW:
        with path.open("w", encoding="utf-8") as out:
            written = write_claimreview(chunks(), out, organisation=organisation, claim_url=claim_url)
    else:
        cover = {
            "title": title,
            "organisation": organisation,
            "workspace_name": workspace.name,
            "workspace_description": workspace.description,
            "generated_at": generated_at,
            "generated_by": generated_by,
            "engine_version": ENGINE_VERSION,
            "total": total,
            "scope": scope,
            "status_counts": [
                (label, by_status[value]) for value, label in ClaimStatus.choices if value in by_status
            ],
        }
        html_path = path if fmt == ReportFormat.HTML else path.with_name(path.name + ".tmp.html")
        try:
            with html_path.open("w", encoding="utf-8") as out:
                written = write_html(chunks(), out, cover=cover, claim_url=claim_url)
            if fmt == ReportFormat.PDF:
                try:
                    write_pdf(html_path, path)
                except PdfUnavailable as exc:
                    raise ReportError(str(exc)) from None
        finally:
            if html_path != path:
                html_path.unlink(missing_ok=True)

    counts: dict[str, Any] = {"claims": total, "by_status": by_status}
    if fmt == ReportFormat.CLAIMREVIEW:
        counts["claim_reviews"] = written
    return manifest_build(
        report={"format": fmt.value, "title": title, "file": path.name},
        workspace=about_workspace,
        filters={"query": query, "described": dict(scope)},
        generated_at=generated_at.isoformat(),
        generated_by=generated_by,
        engine_version=ENGINE_VERSION,
        counts=counts,
        files=[file_entry(path)],
    )


def report_file_name(report: Report) -> str:
    return f"{report.workspace.slug}-report-{report.pk}.{EXTENSIONS[ReportFormat(report.format)]}"


def report_request(
    *,
    workspace: Workspace,
    user: User,
    format: str,
    filters: Mapping[str, Any] | None,
    base_url: str = DEFAULT_BASE_URL,
) -> Report:
    """Record a report request and build it in a Celery task after the commit.

    The filters are checked first: a bad value raises ReportFilterError naming the filter, and
    nothing is stored.
    """
    if format not in ReportFormat.values:
        raise ReportError(f"Unknown format {format!r}; choose one of {', '.join(ReportFormat.values)}.")
    stored = report_filters(workspace=workspace, filters=filters)
    from reports.tasks import build_report

    with transaction.atomic():
        report = Report.objects.create(
            workspace=workspace, format=format, filters=stored, base_url=base_url, created_by=user
        )
        transaction.on_commit(lambda: build_report.delay(report.pk))
    return report


def report_build(*, report_id: int, chunk_size: int = CHUNK_SIZE) -> Report | None:
    """The task's work: write the report and its manifest, zip them, store the zip on the Report.

    Only a queued report is taken (or a running one whose worker died: acks_late delivers the
    task again); a finished one is left alone, so a second delivery does nothing.
    """
    claimed = Report.objects.filter(pk=report_id, state__in=[ReportState.QUEUED, ReportState.RUNNING]).update(
        state=ReportState.RUNNING, started_at=timezone.now(), done=0, error=""
    )
    if not claimed:
        return None
    report = Report.objects.select_related("workspace", "created_by").get(pk=report_id)

    def on_progress(done: int, total: int) -> None:
        Report.objects.filter(pk=report_id).update(done=done, total=total)

    name = report_file_name(report)
    try:
        with tempfile.TemporaryDirectory(prefix="workbench-report-") as tmp:
            path = Path(tmp) / name
            manifest = report_write(
                workspace=report.workspace,
                format=report.format,
                filters=report.filters,
                path=path,
                generated_by=report.created_by.get_username() if report.created_by else "unknown",
                base_url=report.base_url or DEFAULT_BASE_URL,
                chunk_size=chunk_size,
                on_progress=on_progress,
            )
            zip_path = Path(tmp) / f"{name.split('.', 1)[0]}.zip"
            bundle_write(report_path=path, manifest=manifest, zip_path=zip_path)
            with zip_path.open("rb") as handle:
                report.file.save(zip_path.name, File(handle), save=False)
    except Exception as exc:
        message = str(exc) if isinstance(exc, ReportError | ValueError) else "the report could not be made"
        Report.objects.filter(pk=report_id).update(
            state=ReportState.FAILED, error=message, finished_at=timezone.now()
        )
        if not isinstance(exc, ReportError | ValueError):
            logger.exception("report %s failed", report_id)
            raise
        report.refresh_from_db()
        return report
    Report.objects.filter(pk=report_id).update(
        state=ReportState.DONE,
        file=report.file.name,
        manifest=manifest,
        total=manifest["counts"]["claims"],
        done=manifest["counts"]["claims"],
        finished_at=timezone.now(),
    )
    report.refresh_from_db()
    return report
