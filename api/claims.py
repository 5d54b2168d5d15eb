"""Claims: the queue's filters, detail, record and edit, through the same services as the pages.

Recording and editing go through claim_create / claim_update, so each change is in the claim's
history and the engine re-checks the claim after the commit. Status, credibility and assignee
are a reviewer's to set: a researcher who sends them gets a 403 naming them.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import WorkspaceAPIView
from api.pagination import Cursor, paginate
from api.serializers import ClaimInput, ClaimSerializer
from claims.filters import ClaimFilter
from claims.selectors import claim_get, claim_list
from claims.services.claims import claim_create, claim_update
from workspaces.models import Membership, Role


def _check_reviewer_fields(data: ClaimInput, membership: Membership) -> None:
    sent = [name for name in ClaimInput.REVIEWER_FIELDS if name in data.validated_data]
    if sent and not membership.has_role(Role.REVIEWER):
        raise PermissionDenied(f"Setting {', '.join(sent)} needs the reviewer role in this workspace.")


class ClaimList(WorkspaceAPIView):
    """GET: the workspace's claims with the queue's filters. POST: record a claim."""

    required_roles = {"GET": Role.VIEWER, "POST": Role.RESEARCHER}
    pagination_class = Cursor
    # Documents the query parameters; the selector applies the filter, as for the pages.
    filterset_class = ClaimFilter

    @extend_schema(responses=ClaimSerializer(many=True), tags=["claims"])
    def get(self, request: Request, slug: str) -> Response:
        membership = self.membership(slug)
        claim_filter, claims = claim_list(workspace=membership.workspace, filters=request.query_params)
        if claim_filter.is_bound and not claim_filter.is_valid():
            raise ValidationError(claim_filter.errors)
        return paginate(
            self,
            claims.select_related("workspace", "created_by").prefetch_related("figures"),
            ClaimSerializer,
        )

    @extend_schema(request=ClaimInput, responses={201: ClaimSerializer}, tags=["claims"])
    def post(self, request: Request, slug: str) -> Response:
        membership = self.membership(slug)
        data = ClaimInput(data=request.data, context={"workspace": membership.workspace})
        data.is_valid(raise_exception=True)
        _check_reviewer_fields(data, membership)
        claim = claim_create(workspace=membership.workspace, created_by=request.user, **data.service_kwargs())
        claim = claim_get(workspace=membership.workspace, pk=claim.pk)
        return Response(ClaimSerializer(claim).data, status=status.HTTP_201_CREATED)


class ClaimDetail(WorkspaceAPIView):
    """GET: one claim. PATCH: change the fields given; the rest stay as they are."""

    required_roles = {"GET": Role.VIEWER, "PATCH": Role.RESEARCHER}

    @extend_schema(responses=ClaimSerializer, tags=["claims"])
    def get(self, request: Request, pk: int) -> Response:
        claim, _ = self.claim_with_membership(pk)
        return Response(ClaimSerializer(claim).data)

    @extend_schema(request=ClaimInput(partial=True), responses=ClaimSerializer, tags=["claims"])
    def patch(self, request: Request, pk: int) -> Response:
        claim, membership = self.claim_with_membership(pk)
        data = ClaimInput(data=request.data, partial=True, context={"workspace": membership.workspace})
        data.is_valid(raise_exception=True)
        _check_reviewer_fields(data, membership)
        claim_update(claim=claim, updated_by=request.user, **data.service_kwargs())
        return Response(ClaimSerializer(claim_get(workspace=membership.workspace, pk=pk)).data)
