"""How the OpenAPI schema describes the API beyond what drf-spectacular reads off the views.

- Every operation lists the errors it can answer (400, 401, 403, 404, 429) with the one error
  body of api/errors.py, so a client (and schemathesis) knows their shape.
- A list view that declares `filterset_class` documents that FilterSet's query parameters: the
  view runs it through its selector (as the pages do), not through a DRF filter backend.
"""

from __future__ import annotations

from typing import Any

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.openapi import AutoSchema

from api.errors import ErrorSerializer

ERRORS = {
    "400": "Invalid input: `fields` names each bad field.",
    "401": "Not signed in: send `Authorization: Token <key>` or a session cookie.",
    "403": "Signed in, but this needs a higher role in the workspace (or a CSRF token with a session).",
    "404": "No such object, or it belongs to a workspace you are not a member of.",
    "429": "Too many requests: see the Retry-After header.",
}


class WorkbenchAutoSchema(AutoSchema):
    def _get_filter_parameters(self) -> list[Any]:
        filterset_class = getattr(self.view, "filterset_class", None)
        if filterset_class is None or not self._is_list_view():
            return super()._get_filter_parameters()
        # What drf-spectacular's django-filter extension does for a DRF filter backend, given
        # the FilterSet's model (these views have no queryset attribute to find it by).
        extension = DjangoFilterExtension(DjangoFilterBackend())
        model = filterset_class._meta.model
        return [
            parameter
            for name, field in filterset_class.base_filters.items()
            for parameter in extension.resolve_filter_field(self, model, filterset_class, name, field)
        ]

    def get_operation(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        error_ref = self.resolve_serializer(ErrorSerializer(), "response").ref
        places = {parameter["in"] for parameter in operation.get("parameters", [])}
        codes = ["401", "403", "429"]
        if "query" in places or "requestBody" in operation:
            codes.append("400")
        if "path" in places:
            codes.append("404")
        for code in sorted(codes):
            operation["responses"].setdefault(
                code,
                {"description": ERRORS[code], "content": {"application/json": {"schema": error_ref}}},
            )
        return operation
