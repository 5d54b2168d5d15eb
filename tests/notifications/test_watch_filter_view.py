"""Watching a queue filter from the queue page, and what the inbox says of it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims.services.claims import claim_update
from claims.services.queue import saved_filter_save
from notifications.models import TargetType, Watch
from tests.conftest import client_for
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def test_alice_watches_and_unwatches_her_saved_filter_from_the_queue(workspace, alice, bob, source) -> None:
    saved = saved_filter_save(workspace=workspace, user=alice, name="ANHA new", query=f"source={source.pk}")
    client = client_for(alice)
    queue = reverse("claims:queue", kwargs={"slug": workspace.slug})
    html = client.get(queue).content.decode()
    assert 'aria-label="Watch filter ANHA new"' in html
    assert 'aria-label="Watch filter My queue"' in html  # the built-in ones too
    url = reverse("notifications:watch_filter", kwargs={"slug": workspace.slug})
    response = client.post(url, {"filter": saved.pk, "watch": "on", "back": f"source={source.pk}&cursor=x"})
    assert response["Location"] == f"{queue}?source={source.pk}"
    watch = Watch.objects.get()
    assert (watch.user, watch.workspace, watch.target_type, watch.target_id) == (
        alice,
        workspace,
        TargetType.SAVED_FILTER,
        saved.pk,
    )
    html = client.get(queue).content.decode()
    assert 'aria-label="Stop watching filter ANHA new"' in html
    assert 'aria-label="Watch filter Contradictions this week"' in html

    # The inbox names the filter, both in what she watches and in why she was told.
    claim = ClaimFactory.create(workspace=workspace, source=source)
    claim_update(claim=claim, updated_by=bob, status="in_review")
    inbox = client.get(reverse("notifications:inbox")).content.decode()
    assert "you watch the filter “ANHA new”" in inbox
    assert f'href="{queue}?source={source.pk}" dir="auto">filter “ANHA new”</a>' in inbox

    client.post(url, {"filter": saved.pk, "watch": "off"})
    assert not Watch.objects.exists()


def test_bob_watches_a_built_in_filter_but_not_alices(workspace, alice, bob) -> None:
    saved = saved_filter_save(workspace=workspace, user=alice, name="Mine", query="status=new")
    url = reverse("notifications:watch_filter", kwargs={"slug": workspace.slug})
    client = client_for(bob)
    assert client.post(url, {"filter": saved.pk, "watch": "on"}).status_code == 404
    assert client.post(url, {"builtin": "7", "watch": "on"}).status_code == 404
    assert client.post(url, {"watch": "on"}).status_code == 302  # nothing chosen: told so, on the queue
    assert client.get(url).status_code == 405
    assert not Watch.objects.exists()
    assert client.post(url, {"builtin": "2", "watch": "on"}).status_code == 302
    assert Watch.objects.get().target_type == TargetType.BUILTIN_FILTER
    inbox = client.get(reverse("notifications:inbox")).content.decode()
    assert "filter “Contradictions this week”</a>" in inbox


def test_charlie_an_outsider_gets_404(workspace, alice, charlie) -> None:
    saved = saved_filter_save(workspace=workspace, user=alice, name="Mine", query="status=new")
    url = reverse("notifications:watch_filter", kwargs={"slug": workspace.slug})
    assert client_for(charlie).post(url, {"filter": saved.pk, "watch": "on"}).status_code == 404
    assert client_for(charlie).post(url, {"builtin": "1", "watch": "on"}).status_code == 404
    assert client_for(None).post(url, {"builtin": "1"}).status_code == 302  # to the login page
    assert not Watch.objects.exists()
