"""Watching from the claim and source pages, the inbox, the unread count in the top bar."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims.services.claims import claim_update
from notifications.models import Notification, TargetType, Watch
from tests.conftest import client_for
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def test_a_viewer_watches_and_unwatches_a_claim_from_its_page(workspace, vera, source) -> None:
    claim = ClaimFactory.create(workspace=workspace, source=source)
    client = client_for(vera)
    page = reverse("claims:detail", kwargs={"slug": workspace.slug, "pk": claim.pk})
    html = client.get(page).content.decode()
    assert "☆ Watch" in html and f"/w/{workspace.slug}/claims/{claim.pk}/graph/" in html
    url = reverse("notifications:watch_claim", kwargs={"slug": workspace.slug, "pk": claim.pk})
    assert client.post(url, {"watch": "on"})["Location"] == page
    assert Watch.objects.filter(user=vera, target_type=TargetType.CLAIM, target_id=claim.pk).exists()
    assert "★ Watching" in client.get(page).content.decode()
    client.post(url, {"watch": "off"})
    assert not Watch.objects.exists()


def test_a_source_is_watched_for_the_workspace_it_was_watched_in(workspace, vera, source) -> None:
    client = client_for(vera)
    url = reverse("notifications:watch_source", kwargs={"slug": workspace.slug, "source_pk": source.pk})
    client.post(url, {"watch": "on"})
    watch = Watch.objects.get()
    assert (watch.workspace, watch.target_type, watch.target_id) == (workspace, TargetType.SOURCE, source.pk)
    page = client.get(reverse("sources:detail", kwargs={"slug": workspace.slug, "pk": source.pk}))
    assert "★ Watching" in page.content.decode()


def test_the_inbox_shows_ones_own_notifications_and_the_unread_count(
    workspace, other_workspace, alice, bob, charlie, vera, source
) -> None:
    claim = ClaimFactory.create(workspace=workspace, source=source)
    client = client_for(vera)
    client.post(reverse("notifications:watch_claim", kwargs={"slug": workspace.slug, "pk": claim.pk}))
    claim_update(claim=claim, updated_by=bob, status="in_review")
    claim_update(claim=claim, updated_by=alice, status="corroborated")
    inbox = reverse("notifications:inbox")
    response = client.get(inbox)
    html = response.content.decode()
    assert [n.message for n in response.context["page"]] == [
        f"Claim #{claim.pk} (ANHA): status in review → corroborated by alice",
        f"Claim #{claim.pk} (ANHA): status new → in review by bob",
    ]
    assert '<span class="unread-count">2</span>' in html  # the top bar
    assert client_for(charlie).get(inbox).context["page"].paginator.count == 0

    newest = Notification.objects.filter(user=vera).first()
    assert newest is not None
    client.post(reverse("notifications:mark_read"), {"id": newest.pk})
    assert '<span class="unread-count">1</span>' in client.get(inbox).content.decode()
    client.post(reverse("notifications:mark_read"))
    assert Notification.objects.filter(user=vera, read_at__isnull=True).count() == 0
    assert 'class="unread-count"' not in client.get(inbox).content.decode()


def test_marking_read_touches_only_ones_own_notifications(workspace, alice, bob, vera, source) -> None:
    claim = ClaimFactory.create(workspace=workspace, source=source)
    for user in (alice, vera):
        client_for(user).post(
            reverse("notifications:watch_claim", kwargs={"slug": workspace.slug, "pk": claim.pk})
        )
    claim_update(claim=claim, updated_by=bob, status="refuted")
    alices = Notification.objects.get(user=alice)
    client_for(vera).post(reverse("notifications:mark_read"), {"id": alices.pk})
    alices.refresh_from_db()
    assert alices.read_at is None
