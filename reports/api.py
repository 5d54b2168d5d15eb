"""The report endpoints of the REST API: request a report, follow it, download it.

The same rules as the pages: a member of the workspace (any role) may ask for and download its
reports; anyone else gets 404 for the workspace and its reports.
"""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from reports.models import Report, ReportFormat, ReportState
from reports.selectors import ReportFilterError
from reports.services import ReportError, report_request
from workspaces.access import membership_or_404
from workspaces.models import Role


class ReportSerializer(serializers.ModelSerializer[Report]):
    workspace = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    percent = serializers.IntegerField(read_only=True)
    download = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = [
            "id",
            "workspace",
            "format",
            "filters",
            "state",
            "total",
            "done",
            "percent",
            "error",
            "manifest",
            "created_by",
            "created_at",
            "finished_at",
            "download",
        ]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_download(self, report: Report) -> str | None:
        if report.state != ReportState.DONE:
            return None
        request = self.context.get("request")
        path = reverse("api:report_download", kwargs={"report_pk": report.pk})
        return request.build_absolute_uri(path) if request else path


class ReportRequestSerializer(serializers.Serializer[Any]):
    format = serializers.ChoiceField(choices=ReportFormat.choices)
    filters = serializers.DictField(required=False, default=dict)


def _report(request: Request, report_pk: int) -> Report:
    report = Report.objects.filter(pk=report_pk).select_related("workspace", "created_by").first()
    if report is None:
        raise Http404("No such report.")
    # An outsider gets the same 404 for a report of another workspace as for one that does not exist.
    membership_or_404(request.user, report.workspace.slug, Role.VIEWER)
    return report


class WorkspaceReports(APIView):
    """GET: the workspace's reports, newest first. POST {"format": ..., "filters": {...}}: request one."""

    required_role = Role.VIEWER
    # Per method, as the API's access matrix on main reads it: any member may ask for a report.
    required_roles = {"GET": Role.VIEWER, "POST": Role.VIEWER}

    @extend_schema(responses=ReportSerializer(many=True), tags=["reports"])
    def get(self, request: Request, slug: str) -> Response:
        membership = membership_or_404(request.user, slug, self.required_role)
        reports = Report.objects.filter(workspace=membership.workspace).select_related(
            "workspace", "created_by"
        )
        return Response(ReportSerializer(reports[:50], many=True, context={"request": request}).data)

    @extend_schema(request=ReportRequestSerializer, responses={201: ReportSerializer}, tags=["reports"])
    def post(self, request: Request, slug: str) -> Response:
        membership = membership_or_404(request.user, slug, self.required_role)
        query = ReportRequestSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        try:
            report = report_request(
                workspace=membership.workspace,
                user=membership.user,
                format=query.validated_data["format"],
                filters=query.validated_data["filters"],
                base_url=request.build_absolute_uri("/"),
            )
        except ReportFilterError as exc:
            raise ValidationError({"filters": {exc.field: [exc.message]}}) from None
        except ReportError as exc:
            raise ValidationError({"format": [str(exc)]}) from None
        report.refresh_from_db()
        data = ReportSerializer(report, context={"request": request}).data
        return Response(data, status=status.HTTP_201_CREATED)


class ReportDetail(APIView):
    """GET: a report's state, progress and, when done, its manifest and download link."""

    required_role = Role.VIEWER
    required_roles = {"GET": Role.VIEWER}

    @extend_schema(responses=ReportSerializer, tags=["reports"])
    def get(self, request: Request, report_pk: int) -> Response:
        report = _report(request, report_pk)
        return Response(ReportSerializer(report, context={"request": request}).data)


class ReportDownload(APIView):
    """GET: the zip of the report and its manifest.json; 404 until it is done."""

    required_role = Role.VIEWER
    required_roles = {"GET": Role.VIEWER}

    @extend_schema(
        responses={
            (200, "application/zip"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The report and its manifest.json, zipped."
            )
        },
        tags=["reports"],
    )
    def get(self, request: Request, report_pk: int) -> FileResponse:
        report = _report(request, report_pk)
        if report.state != ReportState.DONE or not report.file:
            raise Http404("This report is not ready.")
        return FileResponse(
            report.file.open("rb"),
            as_attachment=True,
            filename=report.file.name.rsplit("/", 1)[-1],
            content_type="application/zip",
        )
