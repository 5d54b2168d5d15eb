"""What every API view shares: the role each HTTP method needs, and finding objects with it.

`required_roles` maps a method to the workspace role it needs (viewer reads, researcher writes
claims and proposes links, reviewer decides, admin manages members), as `workspace_view` does for
the pages. The lookups go through `membership_or_404`: an outsider gets 404 for a workspace and
for anything in it, a member whose role is too low 403; an anonymous caller has already been
answered 401 by the IsAuthenticated permission.
"""

from __future__ import annotations

from typing import ClassVar

from django.http import Http404
from rest_framework.request import Request
from rest_framework.views import APIView

from claims.models import Claim, Link
from claims.selectors import claim_get
from workspaces.access import membership_or_404
from workspaces.models import Membership, Role


class WorkspaceAPIView(APIView):
    required_roles: ClassVar[dict[str, str]] = {"GET": Role.VIEWER}

    def role_needed(self, request: Request) -> str:
        method = "GET" if request.method in ("HEAD", "OPTIONS") else str(request.method)
        return self.required_roles[method]

    def membership(self, slug: str) -> Membership:
        return membership_or_404(self.request.user, slug, self.role_needed(self.request))

    def claim_with_membership(self, pk: int) -> tuple[Claim, Membership]:
        slug = (
            Claim.objects.visible_to(self.request.user)
            .filter(pk=pk)
            .values_list("workspace__slug", flat=True)
        ).first()
        if slug is None:
            raise Http404("No such claim.")
        membership = self.membership(slug)
        return claim_get(workspace=membership.workspace, pk=pk), membership

    def link_with_membership(self, pk: int) -> tuple[Link, Membership]:
        slug = (
            Link.objects.visible_to(self.request.user).filter(pk=pk).values_list("workspace__slug", flat=True)
        ).first()
        if slug is None:
            raise Http404("No such link.")
        membership = self.membership(slug)
        return Link.objects.select_related("from_claim", "to_claim", "decided_by", "created_by").get(
            pk=pk
        ), membership
