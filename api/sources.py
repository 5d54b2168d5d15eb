"""Sources (shared by the installation, seen from a workspace): search, detail, record, grade."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import WorkspaceAPIView
from api.pagination import Cursor, paginate
from api.serializers import (
    AssessmentSerializer,
    GradeInput,
    SourceDetailSerializer,
    SourceInput,
    SourceListSerializer,
)
from sources.selectors import source_get, source_list
from sources.services import network_get_or_create, source_create, source_grade, source_resolve
from workspaces.models import Role


class SourceList(WorkspaceAPIView):
    """GET: sources, searched by name or any alias, with their claim counts here. POST: record one."""

    required_roles = {"GET": Role.VIEWER, "POST": Role.RESEARCHER}
    pagination_class = Cursor

    @extend_schema(
        parameters=[OpenApiParameter("q", str, description="A name or alias, in any script (contains).")],
        responses=SourceListSerializer(many=True),
        tags=["sources"],
    )
    def get(self, request: Request, slug: str) -> Response:
        membership = self.membership(slug)
        query = str(request.query_params.get("q", "")).strip()
        sources = source_list(workspace=membership.workspace, query=query)
        return paginate(self, sources, SourceListSerializer)

    @extend_schema(request=SourceInput, responses={201: SourceDetailSerializer}, tags=["sources"])
    def post(self, request: Request, slug: str) -> Response:
        self.membership(slug)
        data = SourceInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        existing = source_resolve(name=values["name"])
        if existing is not None:
            raise ValidationError(
                {"name": f"This source is already recorded as {existing.name!r} (id {existing.pk})."}
            )
        source = source_create(
            name=values["name"],
            kind=values["kind"],
            stance=values["stance"],
            network=network_get_or_create(name=values["network"]),
            url=values["url"],
            description=values["description"],
            aliases=values["aliases"],
            created_by=request.user,
        )
        return Response(SourceDetailSerializer(source_get(pk=source.pk)).data, status=status.HTTP_201_CREATED)


class SourceDetail(WorkspaceAPIView):
    """GET: a source with its aliases, current grade and assessment history."""

    @extend_schema(responses=SourceDetailSerializer, tags=["sources"])
    def get(self, request: Request, slug: str, source_pk: int) -> Response:
        self.membership(slug)
        return Response(SourceDetailSerializer(source_get(pk=source_pk)).data)


class SourceGrade(WorkspaceAPIView):
    """POST: grade a source's reliability (A–F) with a rationale; reviewers."""

    required_roles = {"POST": Role.REVIEWER}

    @extend_schema(request=GradeInput, responses={201: AssessmentSerializer}, tags=["sources"])
    def post(self, request: Request, slug: str, source_pk: int) -> Response:
        membership = self.membership(slug)
        source = source_get(pk=source_pk)
        data = GradeInput(data=request.data)
        data.is_valid(raise_exception=True)
        assessment = source_grade(
            source=source,
            grade=data.validated_data["grade"],
            rationale=data.validated_data["rationale"],
            assessed_by=request.user,
            workspace=membership.workspace,
        )
        return Response(AssessmentSerializer(assessment).data, status=status.HTTP_201_CREATED)
