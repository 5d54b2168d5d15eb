from __future__ import annotations

from collections.abc import Sequence

from celery import shared_task

from notifications.services import notifications_email, notifications_send_digests


@shared_task(name="notifications.tasks.email_notifications")
def email_notifications(notification_ids: Sequence[int]) -> int:
    """E-mail new notifications, after the change that made them committed."""
    return notifications_email(notification_ids=list(notification_ids))


@shared_task(name="notifications.tasks.send_daily_digests")
def send_daily_digests() -> int:
    """Beat, once a day: each user's digest per workspace."""
    return notifications_send_digests()
