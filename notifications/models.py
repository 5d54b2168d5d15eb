"""Watching claims, sources and saved filters, and the notifications that follow."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class TargetType(models.TextChoices):
    CLAIM = "claim", "Claim"
    SOURCE = "source", "Source"
    # The review queue's filters: a user's own saved ones (target_id: the SavedFilter), and the
    # built-in ones, which are not stored (target_id: NamedFilter.builtin, 1 "My queue", ...).
    SAVED_FILTER = "saved_filter", "Saved filter"
    BUILTIN_FILTER = "builtin_filter", "Built-in filter"


class Watch(models.Model):
    """A user follows one thing in one workspace (a source is watched for this workspace's claims)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="watches")
    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="watches")
    target_type = models.CharField(max_length=16, choices=TargetType.choices)
    target_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["workspace", "target_type", "target_id"], name="watch_target"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "workspace", "target_type", "target_id"], name="watch_one_per_target"
            ),
            models.CheckConstraint(
                condition=models.Q(target_type__in=TargetType.values), name="watch_target_type_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} watches {self.target_type} {self.target_id}"


class NotificationKind(models.TextChoices):
    CONTRADICTION = "contradiction", "New contradiction"
    DECISION = "decision", "Link decided"
    STATUS = "status", "Status changed"
    ASSIGNMENT = "assignment", "Assignment"


class Notification(models.Model):
    """Something happened to what a user watches (or to a claim assigned to him)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=16, choices=NotificationKind.choices)
    claim = models.ForeignKey(
        "claims.Claim", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # The engine may withdraw a suggestion it made; the notification stays, without its link.
    link = models.ForeignKey(
        "claims.Link", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    message = models.CharField(max_length=500)
    reason = models.CharField(max_length=200, help_text="Why this user got it: what he watches.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    digested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_user_unread"),
            models.Index(fields=["digested_at", "created_at"], name="notification_digest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=NotificationKind.values), name="notification_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"to {self.user}: {self.message}"
