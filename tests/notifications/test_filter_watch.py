"""Watching a queue filter: who hears of what happens to the claims it matches."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import LinkRelation, LinkState, SavedFilter
from claims.services.claims import claim_update
from claims.services.links import link_create, link_decide
from claims.services.queue import saved_filter_delete, saved_filter_save
from notifications.models import Notification, NotificationKind, TargetType, Watch
from notifications.services import watch_set
from tests.factories import ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db

MY_QUEUE, CONTRADICTIONS_THIS_WEEK = 1, 2


def watch_filter(user, workspace, name: str, query: str) -> SavedFilter:
    saved = saved_filter_save(workspace=workspace, user=user, name=name, query=query)
    watch_set(
        user=user, workspace=workspace, target_type=TargetType.SAVED_FILTER, target_id=saved.pk, on=True
    )
    return saved


def watch_builtin(user, workspace, number: int) -> None:
    watch_set(
        user=user, workspace=workspace, target_type=TargetType.BUILTIN_FILTER, target_id=number, on=True
    )


def received(user) -> list[tuple[str, int | None, str]]:
    return sorted((n.kind, n.claim_id, n.reason) for n in Notification.objects.filter(user=user))


def test_a_contradiction_reaches_the_watchers_of_a_filter_matching_either_claim_once(
    workspace, alice, bob, rita, vera, source
) -> None:
    anha = ClaimFactory.create(workspace=workspace, source=source)
    sana = ClaimFactory.create(workspace=workspace, source=SourceFactory.create(name="SANA"))
    watch_filter(alice, workspace, "ANHA", f"source={source.pk}")
    watch_filter(vera, workspace, "Refuted ANHA", f"source={source.pk}&status=refuted")
    link_create(from_claim=sana, to_claim=anha, relation=LinkRelation.CONTRADICTS, created_by=rita)
    assert received(alice) == [(NotificationKind.CONTRADICTION, anha.pk, "you watch the filter “ANHA”")]
    assert received(vera) == []  # her filter does not match: the claim is new, not refuted
    assert received(rita) == []  # the actor
    # A corroboration is not news; a relation nobody filters on reaches nobody new.
    third = ClaimFactory.create(workspace=workspace, source=source)
    link_create(from_claim=third, to_claim=sana, relation=LinkRelation.CORROBORATES, created_by=rita)
    assert Notification.objects.count() == 1


def test_a_claim_watch_and_a_filter_watch_give_one_notification_and_the_actor_none(
    workspace, alice, bob, source
) -> None:
    claim = ClaimFactory.create(workspace=workspace, source=source)
    watch_filter(alice, workspace, "Everything new", "status=new")
    watch_filter(bob, workspace, "Everything new", "status=new")
    watch_set(user=alice, workspace=workspace, target_type=TargetType.CLAIM, target_id=claim.pk, on=True)
    claim_update(claim=claim, updated_by=bob, assignee=alice)
    assert received(alice) == [(NotificationKind.ASSIGNMENT, claim.pk, "assigned to you")]
    assert received(bob) == []  # he made the change, whatever he watches
    claim_update(claim=claim, updated_by=bob, assignee=None)
    assert [reason for _, _, reason in received(alice)] == ["assigned to you", f"you watch claim #{claim.pk}"]


def test_a_decision_and_an_assignment_reach_the_watchers_of_contradictions_this_week(
    workspace, alice, bob, rita, source
) -> None:
    a, b, quiet = (ClaimFactory.create(workspace=workspace, source=source) for _ in range(3))
    watch_builtin(alice, workspace, CONTRADICTIONS_THIS_WEEK)
    link = link_create(from_claim=a, to_claim=b, relation=LinkRelation.CONTRADICTS, created_by=rita)
    link_decide(link=link, decided_by=bob, state=LinkState.ACCEPTED)
    claim_update(claim=a, updated_by=bob, assignee=rita)
    claim_update(claim=quiet, updated_by=bob, assignee=rita)  # not contradicted: not in the filter
    reason = "you watch the filter “Contradictions this week”"
    assert received(alice) == sorted(
        [
            (NotificationKind.CONTRADICTION, a.pk, reason),
            (NotificationKind.DECISION, a.pk, reason),
            (NotificationKind.ASSIGNMENT, a.pk, reason),
        ]
    )


def test_my_queue_is_each_watchers_own_and_a_filter_is_tried_after_the_change(
    workspace, alice, bob, rita, source
) -> None:
    mine, hers = (ClaimFactory.create(workspace=workspace, source=source) for _ in range(2))
    claim_update(claim=mine, updated_by=alice, assignee=bob)
    claim_update(claim=hers, updated_by=bob, assignee=rita)
    Notification.objects.all().delete()
    watch_builtin(bob, workspace, MY_QUEUE)
    watch_builtin(rita, workspace, MY_QUEUE)
    link = link_create(from_claim=mine, to_claim=hers, relation=LinkRelation.CONTRADICTS, created_by=alice)
    assert received(bob) == [(NotificationKind.CONTRADICTION, mine.pk, "you watch the filter “My queue”")]
    assert received(rita) == [(NotificationKind.CONTRADICTION, hers.pk, "you watch the filter “My queue”")]
    # A filter is tried after the change: refuted, with its suggestion rejected, bob's claim no
    # longer needs attention and so leaves "My queue"; the rejection is news only for rita.
    claim_update(claim=mine, updated_by=alice, status="refuted")
    link_decide(link=link, decided_by=alice, state=LinkState.REJECTED)
    assert [kind for kind, _, _ in received(bob)] == [NotificationKind.CONTRADICTION, NotificationKind.STATUS]
    assert NotificationKind.DECISION in [kind for kind, _, _ in received(rita)]


def test_only_members_watch_and_only_their_own_filters(
    workspace, other_workspace, alice, bob, charlie, source
) -> None:
    bobs = saved_filter_save(workspace=workspace, user=bob, name="Bob's", query="status=new")
    with pytest.raises(ValidationError):
        watch_set(
            user=alice, workspace=workspace, target_type=TargetType.SAVED_FILTER, target_id=bobs.pk, on=True
        )
    with pytest.raises(ValidationError):
        watch_set(
            user=charlie, workspace=workspace, target_type=TargetType.BUILTIN_FILTER, target_id=1, on=True
        )
    with pytest.raises(ValidationError):
        watch_set(
            user=alice, workspace=workspace, target_type=TargetType.BUILTIN_FILTER, target_id=9, on=True
        )
    elsewhere = saved_filter_save(workspace=other_workspace, user=charlie, name="All", query="status=new")
    with pytest.raises(ValidationError):  # his filter, but of another workspace
        watch_set(
            user=charlie,
            workspace=workspace,
            target_type=TargetType.SAVED_FILTER,
            target_id=elsewhere.pk,
            on=True,
        )
    assert Watch.objects.count() == 0


def test_a_watcher_who_left_or_a_deleted_filter_hears_nothing(workspace, alice, bob, rita, source) -> None:
    claim = ClaimFactory.create(workspace=workspace, source=source)
    watch_filter(rita, workspace, "New", "status=new")
    kept = watch_filter(alice, workspace, "New", "status=new")
    rita.memberships.all().delete()
    saved_filter_delete(workspace=workspace, user=alice, pk=kept.pk)
    assert not Watch.objects.filter(user=alice).exists()  # the watch went with the filter
    claim_update(claim=claim, updated_by=bob, status="in_review")
    assert Notification.objects.count() == 0


def test_each_watched_filter_costs_one_query_whatever_the_workspaces_size(
    workspace, alice, bob, source
) -> None:
    claim = ClaimFactory.create(workspace=workspace, source=source)

    def queries_of_one_change() -> int:
        claim.refresh_from_db()
        status = "in_review" if claim.status == "new" else "new"
        with CaptureQueriesContext(connection) as captured:
            claim_update(claim=claim, updated_by=bob, status=status)
        return len(captured)

    watch_filter(alice, workspace, "Open", "status=new&status=in_review")
    one = queries_of_one_change()
    ClaimFactory.create_batch(30, workspace=workspace, source=source)
    assert queries_of_one_change() == one  # the filter runs on the changed claim only
    watch_filter(alice, workspace, "Contradicted", "contradictions=false")
    watch_filter(alice, workspace, "Text", "q=strikes")
    assert queries_of_one_change() == one + 2
    watch_filter(bob, workspace, "Open", "status=new&status=in_review")
    assert queries_of_one_change() == one + 2  # the actor's own filters are not even run
    # One notification a change, however many of her filters match it.
    assert Notification.objects.filter(user=alice).count() == 4
