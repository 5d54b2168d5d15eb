from __future__ import annotations

from typing import Any

from django import template

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
