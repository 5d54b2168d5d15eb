from __future__ import annotations

import pytest
from django.urls import reverse

from claims.models import Claim
from tests.conftest import client_for
from tests.factories import ClaimFactory
from workbench.pagination import CappedCountPaginator

pytestmark = pytest.mark.django_db


def test_the_claim_list_counts_at_most_the_cap(workspace, alice, source, monkeypatch) -> None:
    ClaimFactory.create_batch(5, workspace=workspace, source=source)
    monkeypatch.setattr(CappedCountPaginator, "cap", 3)
    paginator = CappedCountPaginator(Claim.objects.order_by("pk"), 2)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (4, True, 2)
    html = client_for(alice).get(reverse("claims:list", args=[workspace.slug])).content.decode()
    assert "More than 3 claims: filter to narrow them" in html

    monkeypatch.setattr(CappedCountPaginator, "cap", 10)
    paginator = CappedCountPaginator(Claim.objects.order_by("pk"), 2)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (5, False, 3)
    assert "5 claims" in client_for(alice).get(reverse("claims:list", args=[workspace.slug])).content.decode()
