"""The schema and its Swagger UI page, and a JSON 404 for any other path under /api/."""

from __future__ import annotations

from typing import Any

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 document (YAML, or JSON with `?format=json`); public, like the docs page."""

    permission_classes = [AllowAny]


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI from drf-spectacular-sidecar's static files; its start-up script is a separate
    request (the split view), and the page has no inline style, so it runs under a CSP that allows
    scripts and styles from 'self' only."""

    permission_classes = [AllowAny]
    template_name = "api/swagger_ui.html"


class NotFoundView(APIView):
    """Any other path under /api/: a 404 in the API's error shape, not the HTML page."""

    permission_classes = [AllowAny]

    def http_method_not_allowed(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        raise NotFound("No such API endpoint; the endpoints are listed at /api/docs/.")

    options = http_method_not_allowed
