from __future__ import annotations

from typing import Any

from django import template

from notifications.models import TargetType, Watch
from notifications.services import is_watching, unread_count

register = template.Library()


@register.simple_tag
def unread_notifications(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return unread_count(user=user)


@register.simple_tag
def watching(user: Any, workspace: Any, target_type: str, target_id: int) -> bool:
    if not getattr(user, "is_authenticated", False) or workspace is None:
        return False
    return is_watching(user=user, workspace=workspace, target_type=target_type, target_id=target_id)


@register.simple_tag
def watched_filters(user: Any, workspace: Any) -> set[str]:
    """The queue filters a user watches in a workspace, as keys for `filter_watched`: one query."""
    if not getattr(user, "is_authenticated", False) or workspace is None:
        return set()
    rows = Watch.objects.filter(
        user=user,
        workspace=workspace,
        target_type__in=[TargetType.SAVED_FILTER, TargetType.BUILTIN_FILTER],
    ).values_list("target_type", "target_id")
    return {f"{target_type}:{target_id}" for target_type, target_id in rows}


@register.simple_tag
def filter_watched(watched: set[str], named: Any) -> bool:
    """Whether a queue filter (a claims.queue.NamedFilter) is among `watched_filters`."""
    if named.pk is not None:
        return f"{TargetType.SAVED_FILTER}:{named.pk}" in watched
    return f"{TargetType.BUILTIN_FILTER}:{named.builtin}" in watched
