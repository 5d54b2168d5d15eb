"""The REST API: the same questions as the engine's commands, with the pages' permissions.

Every view finds the workspace through `membership_or_404`: an outsider gets 404 for a claim or a
workspace he is not in, a member whose role is too low gets 403.
"""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.serializers import ClaimSuggestionsSerializer, SimilarSerializer
from claims.matching import ENGINE_VERSION
from claims.models import Claim
from claims.selectors import claim_suggestions
from claims.services.matching import similar_to_text
from workspaces.access import membership_or_404
from workspaces.models import Role


class ClaimSuggestions(APIView):
    """GET: the engine's suggestions for one claim, strongest first, as `suggest_links` prints them."""

    required_roles = {"GET": Role.VIEWER}

    @extend_schema(responses=ClaimSuggestionsSerializer, tags=["suggestions"])
    def get(self, request: Request, pk: int) -> Response:
        claim = get_object_or_404(Claim.objects.visible_to(request.user).select_related("workspace"), pk=pk)
        membership_or_404(request.user, claim.workspace.slug, self.required_roles["GET"])
        return Response(claim_suggestions(claim=claim))


class SimilarQuery(serializers.Serializer):
    text = serializers.CharField(max_length=20_000, trim_whitespace=True)
    top = serializers.IntegerField(min_value=1, max_value=100, default=5)
    published = serializers.DateField(required=False, allow_null=True, default=None)


class WorkspaceSimilar(APIView):
    """GET ?text=...&top=5[&published=YYYY-MM-DD]: `find_similar` for one text; writes nothing."""

    required_roles = {"GET": Role.VIEWER}

    @extend_schema(parameters=[SimilarQuery], responses=SimilarSerializer, tags=["suggestions"])
    def get(self, request: Request, slug: str) -> Response:
        membership = membership_or_404(request.user, slug, self.required_roles["GET"])
        query = SimilarQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        data: dict[str, Any] = query.validated_data
        matches = similar_to_text(
            workspace_id=membership.workspace_id,
            text=data["text"],
            top=data["top"],
            published=data["published"],
        )
        return Response({"engine_version": ENGINE_VERSION, "matches": matches})
