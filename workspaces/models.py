from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


class Role(models.TextChoices):
    VIEWER = "viewer", "Viewer"
    RESEARCHER = "researcher", "Researcher"
    REVIEWER = "reviewer", "Reviewer"
    ADMIN = "admin", "Admin"


# Each role may do everything the roles before it may.
ROLE_RANK = {Role.VIEWER: 1, Role.RESEARCHER: 2, Role.REVIEWER: 3, Role.ADMIN: 4}


class WorkspaceQuerySet(models.QuerySet["Workspace"]):
    def for_user(self, user: User | AnonymousUser) -> WorkspaceQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)


class Workspace(models.Model):
    """One investigation: its members, claims, links and reports."""

    slug = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    organisation = models.CharField(
        max_length=200, blank=True, help_text="Who publishes this workspace's reports."
    )
    description = models.TextField(blank=True)
    require_two_factor = models.BooleanField(
        default=False,
        help_text="Members must sign in with a two-factor code before they see this workspace.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()
    objects = WorkspaceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.VIEWER)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["workspace", "user"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "user"], name="membership_one_per_user"),
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="membership_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.workspace} as {self.role}"

    def has_role(self, role: str) -> bool:
        return ROLE_RANK[Role(self.role)] >= ROLE_RANK[Role(role)]
