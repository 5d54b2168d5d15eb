"""The OpenAPI document: generated without warnings, valid OpenAPI 3, and its docs page served."""

from __future__ import annotations

import io
from typing import Any

import pytest
import yaml
from django.core.management import call_command
from openapi_spec_validator import validate
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_spectacular_validates_the_schema_without_a_warning(tmp_path: Any) -> None:
    # What `./dev manage spectacular --validate --fail-on-warn` runs; it raises on any warning.
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out), stderr=io.StringIO())
    document = yaml.safe_load(out.read_text())
    assert document["openapi"].startswith("3.")


def test_the_served_schema_is_valid_openapi_and_types_every_operation() -> None:
    response = APIClient().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    document = response.json()
    validate(document)  # openapi-spec-validator: an independent check
    operations = {
        (method.upper(), path)
        for path, item in document["paths"].items()
        for method in item
        if method in ("get", "post", "patch", "put", "delete")
    }
    assert ("GET", "/api/workspaces/{slug}/claims/") in operations
    assert ("POST", "/api/links/{link_pk}/decide/") in operations
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method not in ("get", "post", "patch", "put", "delete"):
                continue
            responses = operation["responses"]
            success = [code for code in responses if code.startswith("2")]
            assert success, f"{method} {path} documents no success response"
            for code in success:
                if code == "204":
                    assert "content" not in responses[code]
                    continue
                content = responses[code]["content"]
                # JSON, or a file download (the report's zip) typed as binary.
                typed = content.get("application/json") or content.get("application/zip")
                assert typed and "schema" in typed, f"{method} {path} untyped"
            assert responses["401"]["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/Error"
            }


def test_the_claim_list_documents_the_queue_filters() -> None:
    document = APIClient().get("/api/schema/", {"format": "json"}).json()
    parameters = {p["name"] for p in document["paths"]["/api/workspaces/{slug}/claims/"]["get"]["parameters"]}
    assert parameters >= {"q", "status", "stance", "source", "place", "event_after", "cursor", "page_size"}


def test_the_docs_page_loads_swagger_ui_from_our_static_files_with_no_inline_script() -> None:
    response = APIClient().get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<script src="/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js">' in html
    assert "<script>" not in html
    assert "<style" not in html
    assert "//cdn" not in html and "unpkg" not in html
    script = APIClient().get("/api/docs/", {"script": ""})
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()
