"""An uploaded import through a real Celery worker process (needs REDIS_URL, like tests/test_worker.py)."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from claims.models import Claim
from imports.models import ImportJob, ImportState
from imports.services import import_job_create
from tests.test_worker import celery_worker_process, wait_for  # noqa: F401 (a fixture, used by name)

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(settings, monkeypatch, request, tmp_path):
    """The worker reads the uploaded file from the same MEDIA_ROOT as this test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setenv("MEDIA_ROOT", str(settings.MEDIA_ROOT))
    return request.getfixturevalue("celery_worker_process")


def test_the_worker_runs_an_uploaded_import_and_records_its_result(worker, workspace, alice) -> None:
    rows = "".join(
        json.dumps({"id": f"w{i}", "text": f"Claim {i} about Hajin", "source": "SOHR"}) + "\n"
        for i in range(300)
    )
    job = import_job_create(
        workspace=workspace, created_by=alice, upload=SimpleUploadedFile("w.jsonl", rows.encode())
    )
    assert wait_for(lambda: ImportJob.objects.get(pk=job.pk).finished, timeout=60), (
        "the worker never finished it"
    )
    job.refresh_from_db()
    assert (job.state, job.rows_done, job.result["created"]) == (ImportState.DONE, 300, 300)
    assert Claim.objects.filter(workspace=workspace, external_id__startswith="w").count() == 300
    assert worker.poll() is None


def test_the_worker_records_a_bad_files_line_and_stores_nothing(worker, workspace, alice) -> None:
    content = b'{"text": "fine", "source": "SOHR"}\n{"text": "no source"}\n'
    job = import_job_create(
        workspace=workspace, created_by=alice, upload=SimpleUploadedFile("bad.jsonl", content)
    )
    assert wait_for(lambda: ImportJob.objects.get(pk=job.pk).finished, timeout=60)
    job.refresh_from_db()
    assert (job.state, job.error_line, job.error_field) == (ImportState.FAILED, 2, "source")
    assert Claim.objects.count() == 0
