"""Workspaces: the ones you are a member of, one with its counts, and its members (admins)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.base import WorkspaceAPIView
from api.pagination import Cursor, paginate
from api.serializers import MemberSerializer, WorkspaceDetailSerializer, WorkspaceSerializer
from workspaces.models import Membership, Role
from workspaces.selectors import member_list, membership_list, workspace_summary


def _workspace(membership: Membership) -> dict:
    workspace = membership.workspace
    return {
        "slug": workspace.slug,
        "name": workspace.name,
        "organisation": workspace.organisation,
        "description": workspace.description,
        "role": membership.role,
        "created_at": workspace.created_at,
    }


class MembershipAsWorkspace(WorkspaceSerializer):
    def to_representation(self, instance: Membership) -> dict:
        return _workspace(instance)


class WorkspaceList(APIView):
    """GET: the workspaces you are a member of, with your role in each."""

    required_roles = {"GET": Role.VIEWER}  # any member of anything: the list is filtered by user
    pagination_class = Cursor

    @extend_schema(responses=WorkspaceSerializer(many=True), tags=["workspaces"])
    def get(self, request: Request) -> Response:
        return paginate(self, membership_list(user=request.user), MembershipAsWorkspace)  # type: ignore[arg-type]


class WorkspaceDetail(WorkspaceAPIView):
    @extend_schema(responses=WorkspaceDetailSerializer, tags=["workspaces"])
    def get(self, request: Request, slug: str) -> Response:
        membership = self.membership(slug)
        data = {**_workspace(membership), **workspace_summary(workspace=membership.workspace)}
        return Response(WorkspaceDetailSerializer(data).data)


class MemberList(WorkspaceAPIView):
    """GET: the workspace's members and their roles; for its admins."""

    required_roles = {"GET": Role.ADMIN}
    pagination_class = Cursor

    @extend_schema(responses=MemberSerializer(many=True), tags=["workspaces"])
    def get(self, request: Request, slug: str) -> Response:
        membership = self.membership(slug)
        return paginate(self, member_list(workspace=membership.workspace), MemberSerializer)
