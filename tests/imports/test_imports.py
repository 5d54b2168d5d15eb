"""Imports uploaded through the page: the job, its progress, its result or its error."""

from __future__ import annotations

import datetime as dt
import json
import threading

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections, transaction
from django.urls import reverse
from django.utils import timezone

from claims.models import Claim
from claims.services.imports import claims_import
from imports.models import ImportJob, ImportState
from imports.services import _progress_key, import_job_create, import_job_progress, import_job_run
from tests.conftest import client_for
from tests.factories import WorkspaceFactory

pytestmark = pytest.mark.django_db


def jsonl(n: int, *, bad_at: int | None = None) -> bytes:
    lines = []
    for i in range(1, n + 1):
        row = {
            "id": f"u{i}",
            "text": f"Claim {i}: shelling near Hajin",
            "source": "SOHR",
            "stance": "independent_monitor",
        }
        if i == bad_at:
            row["event_date"] = "2017-13-45"
        lines.append(json.dumps(row))
    return ("\n".join(lines) + "\n").encode()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def list_url(workspace) -> str:
    return reverse("imports:list", kwargs={"slug": workspace.slug})


def test_the_importer_reports_progress_without_changing_what_it_imports(workspace, tmp_path) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_bytes(jsonl(250))
    seen: list[int] = []
    with_progress = claims_import(path=path, workspace=workspace, progress=seen.append)
    other = WorkspaceFactory.create(slug="plain")
    without = claims_import(path=path, workspace=other)
    assert seen == [100, 200]
    assert (with_progress.rows, with_progress.created) == (without.rows, without.created) == (250, 250)
    assert Claim.objects.filter(workspace=workspace).count() == 250


def test_a_researcher_uploads_a_file_and_sees_its_result(
    workspace, rita, django_capture_on_commit_callbacks, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    client = client_for(rita)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(list_url(workspace), {"file": upload("monitor.jsonl", jsonl(3))})
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "imports:detail", kwargs={"slug": workspace.slug, "job_pk": job.pk}
    )
    assert (job.state, job.rows_total, job.rows_done, job.created_by, job.filename) == (
        ImportState.DONE,
        3,
        3,
        rita,
        "monitor.jsonl",
    )
    assert job.result["created"] == 3 and job.result["sources_created"] == ["SOHR"]
    assert Claim.objects.filter(workspace=workspace).count() == 3
    status = client.get(reverse("imports:status", kwargs={"slug": workspace.slug, "job_pk": job.pk}))
    html = status.content.decode()
    assert "hx-trigger" not in html  # finished: htmx stops polling
    assert "Rows imported" in html and "<strong>3</strong>" in html


def test_a_bad_file_fails_with_its_line_and_field_and_stores_nothing(
    workspace, rita, django_capture_on_commit_callbacks, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    client = client_for(rita)
    content = b"id,text,source\nb1,The SDF entered Hajin,ANHA\nb2,Shelling,SOHR\nb3,No source here,\n"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(list_url(workspace), {"file": upload("bad.csv", content)})
    job = ImportJob.objects.get()
    assert (job.state, job.error_line, job.error_field, job.rows_total) == (
        ImportState.FAILED,
        4,
        "source",
        3,
    )
    assert "line 4 (row 3) field 'source'" in job.error
    assert Claim.objects.count() == 0
    html = client.get(
        reverse("imports:detail", kwargs={"slug": workspace.slug, "job_pk": job.pk})
    ).content.decode()
    assert "Nothing was imported." in html and "line 4" in html and "<code>source</code>" in html


def test_while_queued_or_running_the_status_partial_polls_with_a_progress_bar(
    workspace, rita, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    job = import_job_create(workspace=workspace, created_by=rita, upload=upload("later.jsonl", jsonl(500)))
    url = reverse("imports:status", kwargs={"slug": workspace.slug, "job_pk": job.pk})
    client = client_for(rita)
    html = client.get(url).content.decode()
    assert 'hx-trigger="every 1s"' in html and "<progress" in html and "Waiting for a worker" in html

    ImportJob.objects.filter(pk=job.pk).update(state=ImportState.RUNNING, started_at=timezone.now())
    cache.set(_progress_key(job.pk), 200)
    job.refresh_from_db()
    assert import_job_progress(job=job) == (200, 500)
    html = client.get(url).content.decode()
    assert 'max="500" value="200"' in html and "(40%)" in html and 'hx-trigger="every 1s"' in html
    cache.delete(_progress_key(job.pk))


def test_uploads_that_are_too_large_or_not_jsonl_or_csv_are_refused(
    workspace, rita, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.IMPORT_MAX_UPLOAD_BYTES = 1000
    client = client_for(rita)
    response = client.post(list_url(workspace), {"file": upload("big.jsonl", jsonl(30))})
    assert response.status_code == 200
    assert "the limit is 0 MB" in response.content.decode()
    response = client.post(list_url(workspace), {"file": upload("claims.xlsx", b"PK\x03\x04")})
    assert "neither a .jsonl nor a .csv file" in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_a_viewer_cannot_upload(workspace, vera, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    response = client_for(vera).post(list_url(workspace), {"file": upload("x.jsonl", jsonl(1))})
    assert response.status_code == 403
    assert ImportJob.objects.count() == 0


def test_a_job_runs_once_and_a_job_left_by_a_dead_worker_runs_again(
    workspace, rita, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    job = import_job_create(workspace=workspace, created_by=rita, upload=upload("once.jsonl", jsonl(2)))
    assert import_job_run(job_id=job.pk) is not None
    assert import_job_run(job_id=job.pk) is None  # delivered twice: the second does nothing
    assert Claim.objects.count() == 2

    stale = import_job_create(workspace=workspace, created_by=rita, upload=upload("stale.jsonl", jsonl(4)))
    long_ago = timezone.now() - dt.timedelta(hours=1)
    ImportJob.objects.filter(pk=stale.pk).update(state=ImportState.RUNNING, started_at=long_ago)
    assert import_job_run(job_id=stale.pk).state == ImportState.DONE  # type: ignore[union-attr]
    if connection.vendor == "sqlite":  # no row locks: a job running for less than the limit is busy
        recent = import_job_create(
            workspace=workspace, created_by=rita, upload=upload("busy.jsonl", jsonl(1))
        )
        ImportJob.objects.filter(pk=recent.pk).update(state=ImportState.RUNNING, started_at=timezone.now())
        assert import_job_run(job_id=recent.pk) is None  # another worker is on it


@pytest.mark.skipif(
    not connection.features.has_select_for_update_skip_locked, reason="row locks: PostgreSQL only"
)
@pytest.mark.django_db(transaction=True)
def test_a_job_whose_worker_is_alive_is_left_to_it_and_one_whose_worker_died_is_run_at_once(
    workspace, rita, settings, tmp_path
) -> None:
    """A worker running a job holds its row lock; a worker that died (its pool process killed, the
    task delivered again at once) held none, however recently it started."""
    settings.MEDIA_ROOT = tmp_path
    job = import_job_create(workspace=workspace, created_by=rita, upload=upload("busy.jsonl", jsonl(3)))
    ImportJob.objects.filter(pk=job.pk).update(state=ImportState.RUNNING, started_at=timezone.now())
    holding, release = threading.Event(), threading.Event()

    def running_worker() -> None:  # its own database connection, as another worker's
        with transaction.atomic():
            ImportJob.objects.select_for_update().get(pk=job.pk)
            holding.set()
            release.wait(30)
        connections.close_all()

    worker = threading.Thread(target=running_worker)
    worker.start()
    try:
        assert holding.wait(30)
        assert import_job_run(job_id=job.pk) is None  # another worker is on it
        assert ImportJob.objects.get(pk=job.pk).state == ImportState.RUNNING
    finally:
        release.set()
        worker.join(30)
    # Its worker gone (the lock with it), the job is run again straight away, once.
    assert import_job_run(job_id=job.pk).state == ImportState.DONE  # type: ignore[union-attr]
    assert import_job_run(job_id=job.pk) is None
    assert Claim.objects.count() == 3
