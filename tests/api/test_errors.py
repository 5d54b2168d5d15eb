"""Every error comes back in one shape: {"error": {"status", "code", "message", "fields"}}."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from tests.api.conftest import api


def error(response: Any, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "code", "message", "fields"}
    assert body["error"]["status"] == status
    assert body["error"]["code"] == code, body
    assert body["error"]["message"]
    return body["error"]


def test_400_names_each_field(ws: dict, rita: Any) -> None:
    response = api(rita).post(
        "/api/workspaces/deir-ezzor/claims/", {"source": "ANHA", "published": "x"}, format="json"
    )
    body = error(response, 400, "invalid")
    assert set(body["fields"]) == {"text", "source", "published"}
    assert body["fields"]["text"] == ["This field is required."]
    assert "text: This field is required." in body["message"]


def test_400_for_malformed_json(ws: dict, rita: Any) -> None:
    response = api(rita).post(
        "/api/workspaces/deir-ezzor/claims/", "{not json", content_type="application/json"
    )
    assert "JSON parse error" in error(response, 400, "parse_error")["message"]


def test_401_without_credentials_or_with_a_bad_token(ws: dict) -> None:
    response = APIClient().get("/api/workspaces/")
    error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == "Token"
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    assert error(client.get("/api/workspaces/"), 401, "authentication_failed")["message"] == "Invalid token."


def test_403_for_a_low_role_and_for_a_session_without_csrf(ws: dict, vera: Any, rita: Any) -> None:
    body = error(
        api(vera).post("/api/workspaces/deir-ezzor/claims/", {}, format="json"), 403, "permission_denied"
    )
    assert body["message"] == "This needs the researcher role in this workspace."
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(rita)
    assert client.get("/api/workspaces/deir-ezzor/").status_code == 200
    response = client.post("/api/workspaces/deir-ezzor/claims/", {"text": "x"}, format="json")
    assert "CSRF" in error(response, 403, "permission_denied")["message"]


def test_404_for_outsiders_missing_objects_and_unknown_paths(ws: dict, charlie: Any, vera: Any) -> None:
    error(api(charlie).get(f"/api/claims/{ws['first'].pk}/"), 404, "not_found")
    error(api(vera).get("/api/claims/999999/"), 404, "not_found")
    error(api(vera).get("/api/links/999999/"), 404, "not_found")
    body = error(api().get("/api/no/such/thing/"), 404, "not_found")
    assert "/api/docs/" in body["message"]
    error(api(vera).post("/api/claims", {}, format="json"), 404, "not_found")  # no redirect to add a slash
    error(api(vera).get("/api/workspaces/a%0Ab/claims/"), 404, "not_found")  # found by schemathesis


def test_405_for_a_method_an_endpoint_does_not_have(ws: dict, alice: Any) -> None:
    body = error(api(alice).delete(f"/api/claims/{ws['first'].pk}/"), 405, "method_not_allowed")
    assert body["message"] == 'Method "DELETE" not allowed.'


def test_415_for_a_form_body(ws: dict, rita: Any) -> None:
    response = api(rita).post("/api/workspaces/deir-ezzor/claims/", {"text": "x"})  # multipart
    error(response, 415, "unsupported_media_type")


def test_500_is_logged_and_answered_without_details(
    ws: dict, vera: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(**kwargs: Any) -> None:
        raise RuntimeError("the database fell over")

    monkeypatch.setattr("api.workspaces.workspace_summary", broken)
    with caplog.at_level(logging.ERROR, logger="api"):
        response = api(vera).get("/api/workspaces/deir-ezzor/")
    body = error(response, 500, "server_error")
    assert "fell over" not in body["message"]
    assert "the database fell over" in caplog.text


@override_settings(
    API_THROTTLE_RATES={"user": "3/minute", "anon": "2/minute"},
    CACHES={
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "throttle-test"}
    },
)
def test_429_after_the_rate_per_user_and_per_anonymous_address(ws: dict, vera: Any, bob: Any) -> None:
    client = api(vera)
    assert [client.get("/api/workspaces/").status_code for _ in range(3)] == [200, 200, 200]
    response = client.get("/api/workspaces/")
    body = error(response, 429, "throttled")
    assert 0 < int(response["Retry-After"]) <= 60
    assert "throttled" in body["message"]
    assert api(bob).get("/api/workspaces/").status_code == 200  # counted per user
    anonymous = APIClient()
    assert [anonymous.get("/api/schema/").status_code for _ in range(2)] == [200, 200]
    error(anonymous.get("/api/schema/"), 429, "throttled")


def test_the_documented_command_gives_a_user_a_token(ws: dict, bob: Any) -> None:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("drf_create_token", "bob", stdout=out)
    key = out.getvalue().split()[2]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/workspaces/").json()["results"][0]["slug"] == "deir-ezzor"


def test_a_malformed_rate_stops_start_up_naming_it() -> None:
    from tests.test_settings_env import check

    result = check(DEBUG="1", API_THROTTLE_USER="lots")
    assert result.returncode != 0
    assert "API_THROTTLE_USER='lots' is not a rate" in result.stderr
