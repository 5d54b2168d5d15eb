"""Workspaces: the ones you are a member of, one with its counts, and its members (admins)."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.base import WorkspaceAPIView
from api.pagination import Cursor, paginate
from api.serializers import (
    MemberInput,
    MemberSerializer,
    RoleInput,
    WorkspaceDetailSerializer,
    WorkspaceSerializer,
)
from workspaces.models import Membership, Role
from workspaces.selectors import member_list, membership_list, workspace_summary
from workspaces.services import membership_remove, membership_set


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
        return paginate(self, membership_list(user=request.user), MembershipAsWorkspace)


class WorkspaceDetail(WorkspaceAPIView):
    @extend_schema(responses=WorkspaceDetailSerializer, tags=["workspaces"])
    def get(self, request: Request, slug: str) -> Response:
        membership = self.membership(slug)
        data = {**_workspace(membership), **workspace_summary(workspace=membership.workspace)}
        return Response(WorkspaceDetailSerializer(data).data)


class MemberList(WorkspaceAPIView):
    """GET: the workspace's members and their roles. POST: add a member. For its admins."""

    required_roles = {"GET": Role.ADMIN, "POST": Role.ADMIN}
    pagination_class = Cursor

    @extend_schema(responses=MemberSerializer(many=True), tags=["workspaces"])
    def get(self, request: Request, slug: str) -> Response:
        membership = self.membership(slug)
        return paginate(self, member_list(workspace=membership.workspace), MemberSerializer)

    @extend_schema(request=MemberInput, responses={201: MemberSerializer}, tags=["workspaces"])
    def post(self, request: Request, slug: str) -> Response:
        workspace = self.membership(slug).workspace
        data = MemberInput(data=request.data)
        data.is_valid(raise_exception=True)
        user = data.validated_data["username"]
        if member_list(workspace=workspace).filter(user=user).exists():
            raise ValidationError(
                {"username": [f"{user.username} is already a member; change the role instead."]}
            )
        member = membership_set(
            workspace=workspace, user=user, role=data.validated_data["role"], changed_by=request.user
        )
        return Response(MemberSerializer(member).data, status=status.HTTP_201_CREATED)


class MemberDetail(WorkspaceAPIView):
    """PATCH: change a member's role. DELETE: remove a member. A workspace keeps one admin."""

    required_roles = {"PATCH": Role.ADMIN, "DELETE": Role.ADMIN}

    def member(self, slug: str, member_pk: int) -> Membership:
        workspace = self.membership(slug).workspace
        member = member_list(workspace=workspace).filter(pk=member_pk).first()
        if member is None:
            raise Http404("No such member.")
        return member

    @extend_schema(request=RoleInput, responses=MemberSerializer, tags=["workspaces"])
    def patch(self, request: Request, slug: str, member_pk: int) -> Response:
        member = self.member(slug, member_pk)
        data = RoleInput(data=request.data)
        data.is_valid(raise_exception=True)
        member = membership_set(
            workspace=member.workspace,
            user=member.user,
            role=data.validated_data["role"],
            changed_by=request.user,
        )
        return Response(MemberSerializer(member).data)

    @extend_schema(responses={204: None}, tags=["workspaces"])
    def delete(self, request: Request, slug: str, member_pk: int) -> Response:
        membership_remove(membership=self.member(slug, member_pk), removed_by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
