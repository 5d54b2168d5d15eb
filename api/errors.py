"""One JSON shape for every error the API answers.

    {"error": {"status": 400, "code": "invalid", "message": "...", "fields": {"text": ["..."]}}}

`status` repeats the HTTP status; `code` is a stable machine-readable word (`invalid`,
`not_authenticated`, `authentication_failed`, `permission_denied`, `not_found`,
`method_not_allowed`, `not_acceptable`, `unsupported_media_type`, `parse_error`, `throttled`,
`server_error`); `message` is for people; `fields` names each bad input field with its messages
(empty unless the input was invalid; errors not tied to one field are in `message`).

Django's own ValidationError, which the services raise, is answered like a DRF one, so a rule the
service enforces (a duplicate external id, a link between two workspaces) comes back as a 400 that
names the field. Anything unexpected is logged with its traceback and answered as a 500 in the same
shape, without details.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, serializers, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import set_rollback

logger = logging.getLogger("api")

NON_FIELD = ("non_field_errors", "__all__")


class ErrorBodySerializer(serializers.Serializer):
    status = serializers.IntegerField(help_text="The HTTP status, repeated.")
    code = serializers.CharField(help_text="A stable word for programs, e.g. `invalid`, `not_found`.")
    message = serializers.CharField(help_text="What went wrong, for people.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Each invalid input field with its messages; empty for other errors.",
    )


class ErrorSerializer(serializers.Serializer):
    """The body of every error response."""

    error = ErrorBodySerializer()


def error_body(
    *, status_code: int, code: str, message: str, fields: dict[str, list[str]] | None = None
) -> dict:
    return {"error": {"status": status_code, "code": code, "message": message, "fields": fields or {}}}


def _flatten(detail: Any) -> list[str]:
    """Messages of one field, however deep DRF nested them (lists of dicts for list fields)."""
    if isinstance(detail, dict):
        return [f"{key}: {message}" for key, value in detail.items() for message in _flatten(value)]
    if isinstance(detail, list):
        messages: list[str] = []
        for index, item in enumerate(detail):
            if isinstance(item, dict):
                messages += [f"item {index + 1}: {message}" for message in _flatten(item)]
            else:
                messages += _flatten(item)
        return messages
    return [str(detail)]


def _validation_body(detail: Any) -> dict:
    if not isinstance(detail, dict):
        messages = _flatten(detail)
        return error_body(status_code=400, code="invalid", message=" ".join(messages) or "Invalid input.")
    fields = {name: _flatten(value) for name, value in detail.items() if name not in NON_FIELD}
    general = [message for name in NON_FIELD for message in _flatten(detail.get(name, []))]
    if general:
        message = " ".join(general)
    else:
        message = "Invalid input: " + "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in fields.items())
    return error_body(status_code=400, code="invalid", message=message, fields=fields)


def _code_of(exc: exceptions.APIException) -> str:
    codes = exc.get_codes()
    return codes if isinstance(codes, str) else exc.default_code


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]: every exception a view raises becomes one error body.

    Always JSON, also from the views that otherwise answer YAML (the schema) or HTML (the docs).
    """
    request = context.get("request")
    if request is not None:
        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = JSONRenderer.media_type
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or None)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)

    headers: dict[str, str] = {}
    if isinstance(exc, exceptions.APIException):
        # Set by DRF on 401s (the scheme to use) and by throttles on 429s (seconds to wait).
        auth_header = getattr(exc, "auth_header", None)
        wait = getattr(exc, "wait", None)
        if auth_header:
            headers["WWW-Authenticate"] = auth_header
        if wait:
            headers["Retry-After"] = str(int(wait))
        if isinstance(exc, exceptions.ValidationError):
            body = _validation_body(exc.detail)
        else:
            body = error_body(status_code=exc.status_code, code=_code_of(exc), message=str(exc.detail))
        set_rollback()
        return Response(body, status=exc.status_code, headers=headers)

    logger.error(
        "Internal Server Error: %s",
        getattr(request, "path", "?"),
        exc_info=(type(exc), exc, exc.__traceback__),
    )
    set_rollback()
    return Response(
        error_body(
            status_code=500,
            code="server_error",
            message="Something went wrong on our side; it has been logged.",
        ),
        status=status.HTTP_500_INTERNAL_SERVER_ERROR,
    )
