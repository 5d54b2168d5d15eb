"""The reports page in a real browser: request a report, watch htmx poll its progress, download it."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.contrib.auth.models import User

from claims.models import Claim
from reports.models import Report, ReportState
from reports.services import report_build
from workspaces.models import Workspace

pytestmark = pytest.mark.django_db(transaction=True)


def test_alice_requests_a_pdf_report_and_downloads_the_zip(page, login, screenshot) -> None:
    login(page, "alice")
    page.set_default_timeout(90_000)  # the PDF is made in-process before the redirect
    page.goto("/w/deir-ezzor/")
    page.get_by_role("link", name="Reports").first.click()
    page.get_by_label("PDF (readable report)").check()
    page.get_by_label("Status").select_option(["corroborated", "contested"])
    # Without REDIS_URL the task runs in-process after the commit: the report is done on return.
    page.get_by_role("button", name="Make the report").click()
    page.get_by_role("status").filter(has_text="requested").wait_for()
    row = page.locator("li.report").first
    assert "Status: Corroborated, Contested" in row.inner_text()
    with page.expect_download() as download:
        row.get_by_role("link", name="Download").click()
    content = open(download.value.path(), "rb").read()  # noqa: SIM115 - Playwright owns the file
    with zipfile.ZipFile(io.BytesIO(content)) as bundle:
        manifest = json.loads(bundle.read("manifest.json"))
        [name] = [n for n in bundle.namelist() if n.endswith(".pdf")]
        assert bundle.read(name).startswith(b"%PDF-")
    assert manifest["generated_by"] == "alice"
    selected = Claim.objects.alive().filter(
        workspace__slug="deir-ezzor", status__in=["corroborated", "contested"]
    )
    assert manifest["counts"]["claims"] == selected.count() > 0


def test_the_progress_bar_follows_a_running_report_until_its_download_appears(
    page, login, screenshot
) -> None:
    workspace = Workspace.objects.get(slug="deir-ezzor")
    bob = User.objects.get(username="bob")
    report = Report.objects.create(workspace=workspace, format="json", total=66, done=24, created_by=bob)
    Report.objects.filter(pk=report.pk).update(state=ReportState.RUNNING)
    login(page, "bob")
    page.goto("/w/deir-ezzor/reports/")
    row = page.locator(f"#report-{report.pk}")
    bar = row.locator("progress")
    assert (bar.get_attribute("max"), bar.get_attribute("value")) == ("66", "24")
    assert bar.get_attribute("aria-label") == f"Report {report.pk} progress"
    assert "24 of 66 claims written" in row.inner_text()
    screenshot(page, "reports-progress")
    report_build(report_id=report.pk)  # the worker finishes; the polled row shows the download
    page.locator(f"#report-{report.pk} >> text=Download").wait_for(timeout=10_000)
    assert page.locator(f"#report-{report.pk} progress").count() == 0
    screenshot(page, "reports-done")
