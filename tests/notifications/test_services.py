"""Who hears of what: watches, the services' notifications, e-mail after commit, the digest."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from claims.models import Link, LinkRelation, LinkState
from claims.services.claims import claim_create, claim_update
from claims.services.links import link_create, link_decide
from notifications.models import Notification, NotificationKind, TargetType, Watch
from notifications.services import notifications_email, notifications_send_digests, watch_set
from notifications.tasks import send_daily_digests
from tests.conftest import member
from tests.factories import ClaimFactory, MembershipFactory, SourceFactory

pytestmark = pytest.mark.django_db


def watch(user, claim_or_source, workspace) -> None:
    target_type = TargetType.CLAIM if hasattr(claim_or_source, "text") else TargetType.SOURCE
    watch_set(user=user, workspace=workspace, target_type=target_type, target_id=claim_or_source.pk, on=True)


def sdf_took_al_omar(workspace, author, source):
    """The claim the engine's contradiction tests contradict: the SDF took al-Omar oil field."""
    return claim_create(
        workspace=workspace,
        created_by=author,
        text="The SDF seized al-Omar oil field east of al-Mayadeen on Sunday.",
        source=source,
        published=dt.date(2017, 10, 22),
    )


def received(user) -> list[tuple[str, int | None]]:
    return sorted((n.kind, n.claim_id) for n in Notification.objects.filter(user=user))


def test_a_status_change_reaches_the_claims_watchers_but_not_the_one_who_made_it(
    workspace, alice, bob, rita, vera, source
) -> None:
    claim = ClaimFactory.create(workspace=workspace, source=source)
    for user in (alice, bob, rita):
        watch(user, claim, workspace)
    claim_update(claim=claim, updated_by=bob, status="corroborated")
    assert received(alice) == received(rita) == [(NotificationKind.STATUS, claim.pk)]
    assert received(bob) == []  # his own change
    assert received(vera) == []  # watches nothing
    notification = Notification.objects.get(user=alice)
    assert notification.actor == bob
    assert notification.message == f"Claim #{claim.pk} (ANHA): status new → corroborated by bob"
    assert notification.reason == f"you watch claim #{claim.pk}"
    # An edit of another field notifies nobody.
    claim_update(claim=claim, updated_by=bob, text="Changed wording")
    assert Notification.objects.count() == 2


def test_a_source_watch_covers_that_sources_claims_in_this_workspace_only(
    workspace, other_workspace, alice, bob, charlie, source
) -> None:
    MembershipFactory.create(workspace=other_workspace, user=alice)
    watch(alice, source, workspace)
    here = ClaimFactory.create(workspace=workspace, source=source)
    there = ClaimFactory.create(workspace=other_workspace, source=source)
    other_source = ClaimFactory.create(workspace=workspace, source=SourceFactory.create(name="SANA"))
    for claim in (here, there, other_source):
        claim_update(
            claim=claim, updated_by=bob if claim.workspace == workspace else charlie, status="in_review"
        )
    assert received(alice) == [(NotificationKind.STATUS, here.pk)]
    assert Notification.objects.get(user=alice).reason == "you watch its source"


def test_the_assignee_hears_of_an_assignment_without_watching(workspace, alice, bob, rita, source) -> None:
    claim = ClaimFactory.create(workspace=workspace, source=source)
    watch(alice, claim, workspace)
    claim_update(claim=claim, updated_by=bob, assignee=rita)
    assert received(rita) == [(NotificationKind.ASSIGNMENT, claim.pk)]
    assert Notification.objects.get(user=rita).reason == "assigned to you"
    assert received(alice) == [(NotificationKind.ASSIGNMENT, claim.pk)]
    claim_update(claim=claim, updated_by=rita, assignee=rita, status="in_review")  # no change of assignee
    assert [n.kind for n in Notification.objects.filter(user=rita)] == [NotificationKind.ASSIGNMENT]
    claim_update(claim=claim, updated_by=bob, assignee=bob)  # bob takes it himself
    assert not Notification.objects.filter(user=bob).exists()


def test_a_decision_on_a_link_reaches_watchers_of_either_claim_once(
    workspace, alice, bob, rita, source
) -> None:
    a, b = (ClaimFactory.create(workspace=workspace, source=source) for _ in range(2))
    link = link_create(from_claim=a, to_claim=b, relation=LinkRelation.CORROBORATES, created_by=rita)
    assert Notification.objects.count() == 0  # a proposed corroboration is not news
    watch(alice, a, workspace)
    watch(alice, b, workspace)
    watch(rita, b, workspace)
    link_decide(link=link, decided_by=bob, state=LinkState.ACCEPTED)
    assert [n.kind for n in Notification.objects.filter(user=alice)] == [NotificationKind.DECISION]
    assert received(rita) == [(NotificationKind.DECISION, b.pk)]
    assert received(bob) == []
    assert Notification.objects.get(user=rita).message == (
        f"Link accepted by bob: claim #{a.pk} (ANHA) corroborates #{b.pk} (ANHA)"
    )


def test_a_contradiction_recorded_by_hand_reaches_the_watchers(workspace, alice, bob, rita, source) -> None:
    a, b = (ClaimFactory.create(workspace=workspace, source=source) for _ in range(2))
    watch(alice, b, workspace)
    link_create(from_claim=a, to_claim=b, relation=LinkRelation.CONTRADICTS, created_by=rita)
    [notification] = Notification.objects.filter(user=alice)
    assert notification.kind == NotificationKind.CONTRADICTION
    assert notification.message.startswith(f"Claim #{a.pk} (ANHA) contradicts #{b.pk}")


def test_the_engines_suggested_contradiction_reaches_the_watchers(
    workspace, alice, bob, source, gazetteer, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = sdf_took_al_omar(workspace, alice, source)
    watch(bob, first, workspace)
    with django_capture_on_commit_callbacks(execute=True):
        claim_create(
            workspace=workspace,
            created_by=alice,
            text="The Syrian army took control of the al-Omar oil field on Sunday.",
            source=SourceFactory.create(name="SANA", stance="state_media"),
            published=dt.date(2017, 10, 22),
        )
    [notification] = Notification.objects.filter(user=bob)
    assert notification.kind == NotificationKind.CONTRADICTION
    assert notification.actor is None
    assert "suggested by the engine, score" in notification.message
    # The engine's insert sets each new suggestion's id: the notification leads to it.
    assert notification.link == Link.objects.get(workspace=workspace, relation=LinkRelation.CONTRADICTS)


def test_a_change_rolled_back_notifies_nobody(workspace, alice, bob, source) -> None:
    claim = ClaimFactory.create(workspace=workspace, source=source)
    watch(alice, claim, workspace)
    with pytest.raises(RuntimeError), transaction.atomic():
        claim_update(claim=claim, updated_by=bob, status="refuted")
        raise RuntimeError("the request failed")
    assert Notification.objects.count() == 0


def test_someone_who_left_the_workspace_hears_nothing_more(workspace, alice, bob, rita, source) -> None:
    claim = ClaimFactory.create(workspace=workspace, source=source)
    watch(rita, claim, workspace)
    rita.memberships.all().delete()
    claim_update(claim=claim, updated_by=bob, status="refuted")
    assert Notification.objects.count() == 0


def test_only_what_a_member_can_see_can_be_watched(
    workspace, other_workspace, alice, charlie, source
) -> None:
    foreign = ClaimFactory.create(workspace=other_workspace, source=source)
    with pytest.raises(ValidationError):
        watch_set(
            user=alice, workspace=workspace, target_type=TargetType.CLAIM, target_id=foreign.pk, on=True
        )
    claim = ClaimFactory.create(workspace=workspace, source=source)
    with pytest.raises(ValidationError):
        watch_set(
            user=charlie, workspace=workspace, target_type=TargetType.CLAIM, target_id=claim.pk, on=True
        )
    with pytest.raises(ValidationError):
        watch_set(user=alice, workspace=workspace, target_type=TargetType.SAVED_FILTER, target_id=1, on=True)
    assert Watch.objects.count() == 0


def test_notifications_are_emailed_after_commit_one_message_per_user(
    workspace, alice, bob, rita, source, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    a, b = (ClaimFactory.create(workspace=workspace, source=source) for _ in range(2))
    watch(alice, a, workspace)
    watch(rita, a, workspace)
    rita.email = ""
    rita.save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        claim_update(claim=a, updated_by=bob, status="contested", assignee=alice)
    assert mailoutbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    [message] = mailoutbox
    assert message.to == ["alice@example.org"]
    assert message.subject == "[Workbench] 2 new notifications in Deir Ezzor"
    assert f"{settings.SITE_URL}/w/deir-ezzor/claims/{a.pk}/" in message.body
    assert "assigned to alice by bob" in message.body
    # Delivered twice (a retried task): sent once.
    assert notifications_email(notification_ids=list(Notification.objects.values_list("pk", flat=True))) == 0
    assert len(mailoutbox) == 1
    assert not Notification.objects.filter(user=rita, emailed_at__isnull=False).exists()  # no address


def test_the_daily_digest_sends_each_user_his_workspaces_news_once(
    workspace, other_workspace, alice, bob, charlie, source, mailoutbox
) -> None:
    here = ClaimFactory.create(workspace=workspace, source=source)
    there = ClaimFactory.create(workspace=other_workspace, source=source)
    MembershipFactory.create(workspace=other_workspace, user=alice)
    watch(alice, here, workspace)
    watch(alice, there, other_workspace)
    claim_update(claim=here, updated_by=bob, status="refuted")
    claim_update(claim=here, updated_by=bob, assignee=alice)
    claim_update(claim=there, updated_by=charlie, status="corroborated")
    mailoutbox.clear()
    assert send_daily_digests.delay().get() == 2  # through Celery, as beat runs it
    subjects = sorted(m.subject for m in mailoutbox)
    assert subjects == [
        "[Workbench] Daily digest for Deir Ezzor: 2 notifications",
        "[Workbench] Daily digest for Elsewhere: 1 notification",
    ]
    body = next(m.body for m in mailoutbox if "Deir Ezzor" in m.subject)
    assert "(2 still unread)" in body and "status new → refuted by bob" in body
    assert notifications_send_digests() == 0  # nothing new since
    assert "notifications-daily-digest" in settings.CELERY_BEAT_SCHEDULE


def test_a_new_member_who_never_watched_anything_gets_no_digest(
    workspace, alice, bob, source, mailoutbox
) -> None:
    member(workspace, "newcomer", "viewer")
    claim = ClaimFactory.create(workspace=workspace, source=source)
    watch(alice, claim, workspace)
    claim_update(claim=claim, updated_by=bob, status="refuted")
    mailoutbox.clear()
    assert notifications_send_digests() == 1
    assert [m.to for m in mailoutbox] == [["alice@example.org"]]


def test_a_contradiction_suggested_by_a_batch_check_reaches_the_watchers_and_none_without_them(
    workspace, alice, bob, source, gazetteer, django_capture_on_commit_callbacks
) -> None:
    """An import's claims are checked in batches: a contradiction one of them suggests reaches
    whoever watches the claim it contradicts; where nobody watches anything, nobody is told."""
    from claims.services.matching import check_claims

    with django_capture_on_commit_callbacks(execute=True):
        first = sdf_took_al_omar(workspace, alice, source)

    def batch_of_two() -> list:
        texts = (
            "The Syrian army took control of the al-Omar oil field on Sunday.",
            "Air strikes hit al-Bukamal on Monday, killing 12 people.",
        )
        claims = [
            claim_create(
                workspace=workspace,
                created_by=alice,
                text=text,
                source=SourceFactory.create(name=f"Batch {i}"),
                published=dt.date(2017, 10, 22),
                enqueue=False,
            )
            for i, text in enumerate(texts)
        ]
        check_claims([claim.pk for claim in claims])
        return claims

    batch_of_two()  # nobody watches anything in the workspace yet
    assert not Notification.objects.exists()
    assert Link.objects.filter(workspace=workspace, relation=LinkRelation.CONTRADICTS).count() == 1
    watch(bob, first, workspace)
    batch_of_two()
    [notification] = Notification.objects.filter(user=bob)
    assert notification.kind == NotificationKind.CONTRADICTION
    assert "suggested by the engine, score" in notification.message
