"""Celery task: a thin wrapper that takes a report id and calls the service."""

from __future__ import annotations

from celery import shared_task

from reports.services import report_build


# A report of a million claims takes minutes: longer limits than the default five.
@shared_task(name="reports.tasks.build_report", soft_time_limit=60 * 60, time_limit=62 * 60)
def build_report(report_id: int) -> str | None:
    report = report_build(report_id=report_id)
    return report.state if report else None
