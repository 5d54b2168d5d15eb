"""Links and the engine's suggestions: list, link by hand, accept or reject.

A researcher's link is proposed (`suggested`) until a reviewer decides; a reviewer's is accepted
at once, as on the claim page. Deciding goes through link_decide, which keeps the history.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import WorkspaceAPIView
from api.pagination import Cursor, paginate
from api.serializers import DecisionInput, LinkInput, LinkSerializer
from claims.filters import LinkFilter
from claims.models import Claim, LinkOrigin
from claims.selectors import claim_links, link_list
from claims.services.links import link_create, link_decide
from workspaces.models import Role


class WorkspaceLinks(WorkspaceAPIView):
    """GET: the workspace's links, manual and suggested, newest first."""

    pagination_class = Cursor
    filterset_class = LinkFilter
    origin: str | None = None

    @extend_schema(responses=LinkSerializer(many=True), tags=["links"])
    def get(self, request: Request, slug: str) -> Response:
        membership = self.membership(slug)
        link_filter, links = link_list(
            workspace=membership.workspace, filters=request.query_params, origin=self.origin
        )
        if link_filter.is_bound and not link_filter.is_valid():
            raise ValidationError(link_filter.errors)
        return paginate(self, links, LinkSerializer)


class WorkspaceSuggestions(WorkspaceLinks):
    """GET: the engine's suggestions in the workspace (`?state=suggested` for those awaiting a decision)."""

    origin = LinkOrigin.SUGGESTED

    @extend_schema(responses=LinkSerializer(many=True), tags=["suggestions"])
    def get(self, request: Request, slug: str) -> Response:
        return super().get(request, slug)


class ClaimLinks(WorkspaceAPIView):
    """GET: every link touching the claim, by relation. POST: link it to another claim by hand."""

    required_roles = {"GET": Role.VIEWER, "POST": Role.RESEARCHER}

    @extend_schema(responses=LinkSerializer(many=True), tags=["links"])
    def get(self, request: Request, pk: int) -> Response:
        claim, _ = self.claim_with_membership(pk)
        return Response(LinkSerializer(claim_links(claim=claim), many=True).data)

    @extend_schema(request=LinkInput, responses={201: LinkSerializer}, tags=["links"])
    def post(self, request: Request, pk: int) -> Response:
        claim, membership = self.claim_with_membership(pk)
        data = LinkInput(data=request.data)
        data.is_valid(raise_exception=True)
        other = Claim.objects.filter(
            workspace=membership.workspace, pk=data.validated_data["to_claim"]
        ).first()
        if other is None:
            raise ValidationError(
                {"to_claim": [f"No claim {data.validated_data['to_claim']} in this workspace."]}
            )
        link = link_create(
            from_claim=claim,
            to_claim=other,
            relation=data.validated_data["relation"],
            note=data.validated_data["note"],
            created_by=request.user,
            accepted=membership.has_role(Role.REVIEWER),
        )
        link, _ = self.link_with_membership(link.pk)
        return Response(LinkSerializer(link).data, status=status.HTTP_201_CREATED)


class LinkDetail(WorkspaceAPIView):
    """GET: one link."""

    @extend_schema(responses=LinkSerializer, tags=["links"])
    def get(self, request: Request, link_pk: int) -> Response:
        link, _ = self.link_with_membership(link_pk)
        return Response(LinkSerializer(link).data)


class LinkDecide(WorkspaceAPIView):
    """POST: accept or reject a link or suggestion, optionally correcting its relation; reviewers."""

    required_roles = {"POST": Role.REVIEWER}

    @extend_schema(request=DecisionInput, responses=LinkSerializer, tags=["links", "suggestions"])
    def post(self, request: Request, link_pk: int) -> Response:
        link, _ = self.link_with_membership(link_pk)
        data = DecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        link_decide(
            link=link,
            decided_by=request.user,
            state=data.validated_data["state"],
            relation=data.validated_data.get("relation"),
            note=data.validated_data.get("note"),
        )
        link, _ = self.link_with_membership(link_pk)
        return Response(LinkSerializer(link).data)
