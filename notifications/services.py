"""Watches and notifications: who hears of what, written by the services that make the change.

The claim and link services call the `notify_*` functions below (marked `# notifications:` at
each call), inside their transaction: a change rolled back notifies nobody. E-mail goes out
from a Celery task after the commit. The one who made a change is never told of it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from claims.models import Claim, Link, LinkRelation, LinkState, SavedFilter
from claims.queue import builtin_filters, queue_filter
from notifications.models import Notification, NotificationKind, TargetType, Watch
from sources.models import Source
from workspaces.models import Workspace

DIGEST_MAX_LINES = 50


# --- watching -----------------------------------------------------------------------------------


def watch_set(*, user: User, workspace: Workspace, target_type: str, target_id: int, on: bool) -> bool:
    """Start or stop watching a claim of the workspace, a source (for this workspace's claims)
    or one of his queue filters in the workspace (his own saved ones or a built-in one).

    Returns whether the user watches it now. A target he cannot see is refused; one that is
    gone (a deleted saved filter) can always be unwatched.
    """
    if not on:
        Watch.objects.filter(
            user=user, workspace=workspace, target_type=target_type, target_id=target_id
        ).delete()
        return False
    if target_type == TargetType.CLAIM:
        exists = Claim.objects.filter(workspace=workspace, pk=target_id).exists()
    elif target_type == TargetType.SOURCE:
        exists = Source.objects.filter(pk=target_id).exists()
    elif target_type == TargetType.SAVED_FILTER:
        # Someone else's filter is as unknown as a missing one.
        exists = SavedFilter.objects.filter(workspace=workspace, user=user, pk=target_id).exists()
    elif target_type == TargetType.BUILTIN_FILTER:
        exists = any(f.builtin == target_id for f in builtin_filters(user=user))
    else:
        raise ValidationError({"target_type": f"{target_type!r} cannot be watched yet."})
    if not exists:
        what = TargetType(target_type).label.lower() if target_type in TargetType.values else target_type
        raise ValidationError({"target_id": f"No such {what} in this workspace."})
    if not workspace.memberships.filter(user=user).exists():
        raise ValidationError({"user": "Only members of the workspace can watch in it."})
    Watch.objects.get_or_create(user=user, workspace=workspace, target_type=target_type, target_id=target_id)
    return True


def is_watching(*, user: User, workspace: Workspace, target_type: str, target_id: int) -> bool:
    return Watch.objects.filter(
        user=user, workspace=workspace, target_type=target_type, target_id=target_id
    ).exists()


# --- notifying ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClaimEvent:
    """Something that happened to one claim; its watchers (and its source's) hear of it."""

    kind: str
    claim_id: int
    message: str
    link_id: int | None = None
    # Told whether or not he watches anything (the new assignee).
    addressee_id: int | None = None


def notify(*, workspace_id: int, events: Sequence[ClaimEvent], actor: User | None) -> list[Notification]:
    """One notification per user and event, for everyone watching the claim or its source.

    A link touches two claims: someone watching both hears of it once. The actor is left out;
    so is a watcher who is no longer a member of the workspace. Three queries, whatever the
    number of events.
    """
    if not events:
        return []
    claim_ids = {event.claim_id for event in events}
    source_of = dict(Claim.objects.filter(pk__in=claim_ids).values_list("pk", "source_id"))
    watches = (
        Watch.objects.filter(workspace_id=workspace_id, user__memberships__workspace_id=workspace_id)
        .filter(
            Q(target_type=TargetType.CLAIM, target_id__in=claim_ids)
            | Q(target_type=TargetType.SOURCE, target_id__in=set(source_of.values()))
        )
        .values_list("user_id", "target_type", "target_id")
    )
    claim_watchers: dict[int, list[int]] = defaultdict(list)
    source_watchers: dict[int, list[int]] = defaultdict(list)
    for user_id, target_type, target_id in watches:
        (claim_watchers if target_type == TargetType.CLAIM else source_watchers)[target_id].append(user_id)
    actor_id = actor.pk if actor is not None else None
    filter_watchers = _filter_watchers(workspace_id=workspace_id, claim_ids=claim_ids, actor_id=actor_id)
    rows: list[Notification] = []
    sent: set[tuple[int, str, int, int | None]] = set()
    for event in events:
        recipients: dict[int, str] = {}
        if event.addressee_id is not None:
            recipients[event.addressee_id] = "assigned to you"
        for user_id in claim_watchers.get(event.claim_id, []):
            recipients.setdefault(user_id, f"you watch claim #{event.claim_id}")
        for user_id in source_watchers.get(source_of.get(event.claim_id, -1), []):
            recipients.setdefault(user_id, "you watch its source")
        for user_id, name in filter_watchers.get(event.claim_id, []):
            recipients.setdefault(user_id, f"you watch the filter “{name}”"[:200])
        if actor_id is not None:
            recipients.pop(actor_id, None)
        for user_id, reason in recipients.items():
            key = (user_id, event.kind, event.link_id or 0, None if event.link_id else event.claim_id)
            if key in sent:
                continue
            sent.add(key)
            rows.append(
                Notification(
                    user_id=user_id,
                    workspace_id=workspace_id,
                    kind=event.kind,
                    claim_id=event.claim_id,
                    link_id=event.link_id,
                    actor=actor,
                    message=event.message[:500],
                    reason=reason,
                )
            )
    if not rows:
        return []
    Notification.objects.bulk_create(rows)
    ids = [row.pk for row in rows]
    transaction.on_commit(lambda: _enqueue_email(ids))
    return rows


def _filter_watchers(
    *, workspace_id: int, claim_ids: set[int], actor_id: int | None
) -> dict[int, list[tuple[int, str]]]:
    """For each claim, the members watching a queue filter of theirs that the claim matches now.

    Each watched filter is run by the queue's own ClaimFilter over just these claims: one query
    a filter (and its validation's look-ups of a chosen source, place or assignee), no scan.
    The actor's filters are not run: he is not told of his own change.
    """
    rows = Watch.objects.filter(
        workspace_id=workspace_id,
        user__memberships__workspace_id=workspace_id,
        target_type__in=[TargetType.SAVED_FILTER, TargetType.BUILTIN_FILTER],
    )
    if actor_id is not None:
        rows = rows.exclude(user_id=actor_id)
    watches = list(rows.select_related("user", "workspace").order_by("pk"))
    if not watches:
        return {}
    saved = SavedFilter.objects.filter(
        workspace_id=workspace_id,
        pk__in=[w.target_id for w in watches if w.target_type == TargetType.SAVED_FILTER],
    ).in_bulk()
    matches: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for watch in watches:
        if watch.target_type == TargetType.SAVED_FILTER:
            own = saved.get(watch.target_id)
            # A filter deleted since, or (never made by watch_set) someone else's: nothing to run.
            if own is None or own.user_id != watch.user_id:
                continue
            name, query = own.name, own.query
        else:
            found = [f for f in builtin_filters(user=watch.user) if f.builtin == watch.target_id]
            if not found:
                continue
            name, query = found[0].name, found[0].query
        claim_filter = queue_filter(
            workspace=watch.workspace, filters=QueryDict(query), claims=Claim.objects.filter(pk__in=claim_ids)
        )
        if not claim_filter.is_valid():
            continue
        for claim_id in claim_filter.qs.order_by().values_list("pk", flat=True):
            matches[claim_id].append((watch.user_id, name))
    return matches


def _enqueue_email(ids: list[int]) -> None:
    from notifications.tasks import email_notifications

    email_notifications.delay(ids)


def _labels(claim_ids: Iterable[int]) -> dict[int, str]:
    return {
        pk: f"#{pk} ({source})"
        for pk, source in Claim.objects.filter(pk__in=set(claim_ids)).values_list("pk", "source__name")
    }


def _by(actor: User | None) -> str:
    return f" by {actor.username}" if actor is not None else ""


def notify_contradictions(
    *, links: Sequence[Link], actor: User | None, watched: bool | None = None
) -> list[Notification]:
    """New `contradicts` links, suggested by the engine or recorded by hand. `watched`: whether
    anyone watches anything in the links' workspace, where the caller has read it already (the
    engine's check, with the claim)."""
    links = [link for link in links if link.relation == LinkRelation.CONTRADICTS]
    if watched is None and links:
        watched = Watch.objects.filter(workspace_id__in={link.workspace_id for link in links}).exists()
    if not links or not watched:
        return []  # nobody watches anything there: one query at most instead of notify's four
    labels = _labels(pk for link in links for pk in (link.from_claim_id, link.to_claim_id))
    by_workspace: dict[int, list[ClaimEvent]] = defaultdict(list)
    for link in links:
        a, b = labels.get(link.from_claim_id, ""), labels.get(link.to_claim_id, "")
        if link.state == LinkState.SUGGESTED and link.score is not None and actor is None:
            how = f"suggested by the engine, score {link.score:.2f}"
        else:
            how = f"{link.get_state_display().lower()}{_by(actor)}"
        message = f"Claim {a} contradicts {b} ({how})"
        for claim_id in (link.from_claim_id, link.to_claim_id):
            by_workspace[link.workspace_id].append(
                ClaimEvent(NotificationKind.CONTRADICTION, claim_id, message, link_id=link.pk)
            )
    notified: list[Notification] = []
    for workspace_id, events in by_workspace.items():
        notified += notify(workspace_id=workspace_id, events=events, actor=actor)
    return notified


def notify_link_decided(*, link: Link, actor: User) -> list[Notification]:
    labels = _labels((link.from_claim_id, link.to_claim_id))
    message = (
        f"Link {link.get_state_display().lower()}{_by(actor)}: claim {labels.get(link.from_claim_id)} "
        f"{link.relation} {labels.get(link.to_claim_id)}"
    )
    events = [
        ClaimEvent(NotificationKind.DECISION, claim_id, message, link_id=link.pk)
        for claim_id in (link.from_claim_id, link.to_claim_id)
    ]
    return notify(workspace_id=link.workspace_id, events=events, actor=actor)


def notify_claim_changed(
    *, claim: Claim, actor: User | None, old_status: str, old_assignee_id: int | None
) -> list[Notification]:
    """A claim's status or assignee changed (edits of other fields notify nobody)."""
    events = []
    if claim.status != old_status:
        events.append(
            ClaimEvent(
                NotificationKind.STATUS,
                claim.pk,
                f"Claim #{claim.pk} ({claim.source.name}): status {old_status.replace('_', ' ')} → "
                f"{claim.get_status_display().lower()}{_by(actor)}",
            )
        )
    if claim.assignee_id != old_assignee_id:
        who = claim.assignee.username if claim.assignee is not None else "nobody"
        events.append(
            ClaimEvent(
                NotificationKind.ASSIGNMENT,
                claim.pk,
                f"Claim #{claim.pk} ({claim.source.name}) assigned to {who}{_by(actor)}",
                addressee_id=claim.assignee_id,
            )
        )
    return notify(workspace_id=claim.workspace_id, events=events, actor=actor)


# --- reading and marking ------------------------------------------------------------------------


def notifications_for(*, user: User) -> Q:
    """A user's notifications, in workspaces he is still a member of."""
    return Q(user=user, workspace__memberships__user=user)


def unread_count(*, user: User) -> int:
    return Notification.objects.filter(notifications_for(user=user), read_at__isnull=True).count()


def notifications_mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    """Mark some (or, with ids None, all) of a user's notifications read."""
    rows = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return rows.update(read_at=timezone.now())


# --- e-mail -------------------------------------------------------------------------------------


def _claim_url(notification: Notification) -> str:
    if notification.claim_id is None:
        return settings.SITE_URL + reverse("notifications:inbox")
    return settings.SITE_URL + reverse(
        "claims:detail", kwargs={"slug": notification.workspace.slug, "pk": notification.claim_id}
    )


def _claim_for_mail(ids: Sequence[int], field: str) -> list[Notification]:
    """Take notifications for one mailing: a second run (a retried task) finds them taken."""
    now = timezone.now()
    candidates = list(
        Notification.objects.filter(pk__in=list(ids), **{f"{field}__isnull": True})
        .exclude(user__email="")
        .values_list("pk", flat=True)
    )
    Notification.objects.filter(pk__in=candidates, **{f"{field}__isnull": True}).update(**{field: now})
    return list(
        Notification.objects.filter(pk__in=candidates, **{field: now})
        .select_related("user", "workspace")
        .order_by("user_id", "workspace_id", "created_at", "id")
    )


def notifications_email(*, notification_ids: Sequence[int]) -> int:
    """Send new notifications by e-mail: one message per user. Returns the messages sent."""
    by_user: dict[int, list[Notification]] = defaultdict(list)
    for notification in _claim_for_mail(notification_ids, "emailed_at"):
        by_user[notification.user_id].append(notification)
    for rows in by_user.values():
        user = rows[0].user
        workspaces = sorted({row.workspace.name for row in rows})
        subject = (
            f"[Workbench] {rows[0].message[:90]}"
            if len(rows) == 1
            else f"[Workbench] {len(rows)} new notifications in {', '.join(workspaces)}"
        )
        body = "\n\n".join(f"{row.message}\n{_claim_url(row)}\n({row.reason})" for row in rows)
        body += f"\n\nYour inbox: {settings.SITE_URL}{reverse('notifications:inbox')}\n"
        send_mail(subject, body, None, [user.email])
    return len(by_user)


def notifications_send_digests() -> int:
    """The daily digest: for each user and workspace, what he was notified of since the last one.

    Notifications of a workspace the user has left are not sent. Returns the messages sent.
    """
    pending = (
        Notification.objects.filter(digested_at__isnull=True)
        .exclude(user__email="")
        .filter(workspace__memberships__user_id=F("user_id"))
        .values_list("pk", flat=True)
    )
    groups: dict[tuple[int, int], list[Notification]] = defaultdict(list)
    for notification in _claim_for_mail(list(pending), "digested_at"):
        groups[(notification.user_id, notification.workspace_id)].append(notification)
    for rows in groups.values():
        user, workspace = rows[0].user, rows[0].workspace
        unread = sum(1 for row in rows if row.read_at is None)
        subject = (
            f"[Workbench] Daily digest for {workspace.name}: {len(rows)} notification{'s' * (len(rows) != 1)}"
        )
        lines = [
            f"- {row.created_at:%d %b %H:%M} {row.message}\n  {_claim_url(row)}"
            for row in rows[:DIGEST_MAX_LINES]
        ]
        if len(rows) > DIGEST_MAX_LINES:
            lines.append(f"… and {len(rows) - DIGEST_MAX_LINES} more in your inbox.")
        body = (
            f"In {workspace.name} since the last digest ({unread} still unread):\n\n"
            + "\n".join(lines)
            + f"\n\nYour inbox: {settings.SITE_URL}{reverse('notifications:inbox')}\n"
        )
        send_mail(subject, body, None, [user.email])
    return len(groups)
