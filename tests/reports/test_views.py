"""The reports page: request a report with the claim list's filters, watch it, download it."""

from __future__ import annotations

import hashlib
import io
import json
import sys
import zipfile

import pytest
from django.urls import reverse

from reports.manifest import MANIFEST_NAME
from reports.models import Report, ReportState
from reports.services import report_build, report_request
from reports.tasks import build_report
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def url(world, name: str, **kwargs) -> str:
    return reverse(f"reports:{name}", kwargs={"slug": world.workspace.slug, **kwargs})


def bundle(response) -> tuple[dict, dict[str, bytes]]:
    content = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    return json.loads(files.pop(MANIFEST_NAME)), files


def test_the_page_offers_the_formats_and_the_claim_lists_filters(world, vera) -> None:
    response = client_for(vera).get(url(world, "list") + "?status=corroborated")
    assert response.status_code == 200
    html = response.content.decode()
    for value in ("csv", "json", "claimreview", "html", "pdf"):
        assert f'value="{value}"' in html
    for name in ("q", "status", "stance", "source", "place", "event_after", "published_before"):
        assert f'name="{name}"' in html
    assert 'value="corroborated" selected' in html  # prefilled from a claim list link


def test_a_member_requests_a_report_and_downloads_the_zip_with_its_manifest(
    world, bob, django_capture_on_commit_callbacks
) -> None:
    client = client_for(bob)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(world, "create"), {"format": "csv", "status": ["corroborated", "refuted"]})
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.state == ReportState.DONE, report.error
    assert report.filters == {"status": ["corroborated", "refuted"]}
    assert (report.done, report.total) == (2, 2)

    page = client.get(url(world, "list")).content.decode()
    assert url(world, "download", report_pk=report.pk) in page
    assert "Status: Corroborated, Refuted" in page

    response = client.get(url(world, "download", report_pk=report.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    manifest, files = bundle(response)
    [(name, content)] = files.items()
    assert name.endswith(".csv")
    assert manifest["files"] == [
        {"name": name, "bytes": len(content), "sha256": hashlib.sha256(content).hexdigest()}
    ]
    assert manifest["generated_by"] == "bob"
    assert manifest["counts"]["claims"] == 2


def test_an_outsider_gets_404_for_the_reports_and_their_downloads(world, alice, charlie) -> None:
    report = Report.objects.create(workspace=world.workspace, format="json", created_by=alice)
    report_build(report_id=report.pk)
    client = client_for(charlie)
    for name in ("detail", "download"):
        assert client.get(url(world, name, report_pk=report.pk)).status_code == 404
    assert client.post(url(world, "create"), {"format": "csv"}).status_code == 404
    assert Report.objects.count() == 1


def test_progress_is_polled_with_htmx_until_the_report_is_done(world, alice) -> None:
    report = Report.objects.create(workspace=world.workspace, format="csv", created_by=alice, total=5, done=2)
    client = client_for(alice)
    # Queued: a bar without a value (the shared _job_progress.html), polled all the same.
    partial = client.get(url(world, "detail", report_pk=report.pk), HTTP_HX_REQUEST="true").content.decode()
    assert f'<progress aria-label="Report {report.pk} progress">waiting</progress>' in partial
    assert 'hx-trigger="every 1s"' in partial and "queued, waiting for a worker" in partial
    Report.objects.filter(pk=report.pk).update(state=ReportState.RUNNING)
    partial = client.get(url(world, "detail", report_pk=report.pk), HTTP_HX_REQUEST="true").content.decode()
    assert partial.startswith('<li class="report report-running"')
    assert 'hx-trigger="every 1s"' in partial
    assert f'<progress max="5" value="2" aria-label="Report {report.pk} progress">40%</progress>' in partial
    assert "2 of 5 claims written" in partial
    assert client.get(url(world, "download", report_pk=report.pk)).status_code == 404  # not ready

    report_build(report_id=report.pk)
    partial = client.get(url(world, "detail", report_pk=report.pk), HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in partial and "<progress" not in partial
    assert url(world, "download", report_pk=report.pk) in partial
    page = client.get(url(world, "detail", report_pk=report.pk)).content.decode()
    assert "<h2>Manifest</h2>" in page and "SHA-256" in page


def test_a_bad_filter_is_named_and_nothing_is_stored(world, alice) -> None:
    client = client_for(alice)
    response = client.post(url(world, "create"), {"format": "csv", "status": "maybe"}, follow=True)
    assert "Filter &#x27;status&#x27;: Select a valid choice." in response.content.decode()
    response = client.post(url(world, "create"), {"format": "docx"}, follow=True)
    assert "Choose a format" in response.content.decode()
    assert not Report.objects.exists()


def test_the_celery_task_builds_the_report_once(world, alice) -> None:
    report = Report.objects.create(workspace=world.workspace, format="claimreview", created_by=alice)
    assert build_report.delay(report.pk).get() == ReportState.DONE  # eager in tests
    report.refresh_from_db()
    first = report.file.name
    assert report.manifest["counts"]["claim_reviews"] == 3
    # A second delivery (acks_late) leaves a finished report alone.
    assert build_report.delay(report.pk).get() is None
    report.refresh_from_db()
    assert report.file.name == first


def test_a_report_that_cannot_be_made_fails_with_its_reason_on_the_page(
    world, alice, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(workspace=world.workspace, user=alice, format="pdf", filters={})
    report.refresh_from_db()
    assert report.state == ReportState.FAILED
    assert "PDF export needs WeasyPrint" in report.error
    page = client_for(alice).get(url(world, "list")).content.decode()
    assert "Failed: PDF export needs WeasyPrint" in page
