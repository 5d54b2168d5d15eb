"""The report endpoints of the API: the same access rules and the same files as the page."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from reports.manifest import MANIFEST_NAME
from reports.models import Report

pytestmark = pytest.mark.django_db


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_a_member_requests_follows_and_downloads_a_report(
    world, bob, django_capture_on_commit_callbacks
) -> None:
    endpoint = reverse("api:workspace_reports", kwargs={"slug": world.workspace.slug})
    with django_capture_on_commit_callbacks(execute=True):
        response = api(bob).post(
            endpoint, {"format": "json", "filters": {"stance": ["independent_monitor"]}}, format="json"
        )
    assert response.status_code == 201, response.content
    report_id = response.json()["id"]
    detail = api(bob).get(reverse("api:report_detail", kwargs={"report_pk": report_id})).json()
    assert detail["state"] == "done"
    assert detail["filters"] == {"stance": ["independent_monitor"]}
    assert detail["manifest"]["counts"]["claims"] == 2
    assert detail["download"].endswith(f"/api/reports/{report_id}/download/")
    response = api(bob).get(detail["download"])
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as bundle:
        assert json.loads(bundle.read(MANIFEST_NAME))["generated_by"] == "bob"
    listed = api(bob).get(endpoint).json()
    assert [r["id"] for r in listed] == [report_id]


def test_outsiders_get_404_and_anonymous_401(world, alice, charlie) -> None:
    report = Report.objects.create(workspace=world.workspace, format="csv", created_by=alice)
    endpoint = reverse("api:workspace_reports", kwargs={"slug": world.workspace.slug})
    assert api(charlie).post(endpoint, {"format": "csv"}, format="json").status_code == 404
    assert api(charlie).get(reverse("api:report_detail", kwargs={"report_pk": report.pk})).status_code == 404
    assert (
        api(charlie).get(reverse("api:report_download", kwargs={"report_pk": report.pk})).status_code == 404
    )
    assert api().post(endpoint, {"format": "csv"}, format="json").status_code == 401
    assert Report.objects.count() == 1


def test_bad_input_names_the_field_and_stores_nothing(world, alice) -> None:
    endpoint = reverse("api:workspace_reports", kwargs={"slug": world.workspace.slug})
    response = api(alice).post(endpoint, {"format": "csv", "filters": {"status": ["maybe"]}}, format="json")
    assert response.status_code == 400
    # The API's one error shape: the nested field is named in its message.
    assert response.json()["error"]["fields"]["filters"][0].startswith("status: ")
    response = api(alice).post(endpoint, {"format": "docx"}, format="json")
    assert response.status_code == 400 and "format" in response.json()["error"]["fields"]
    assert not Report.objects.exists()
