from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
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


def test_the_capped_count_does_not_sort_what_it_counts(workspace, source) -> None:
    ClaimFactory.create_batch(3, workspace=workspace, source=source)
    paginator = CappedCountPaginator(Claim.objects.order_by("-published", "-pk"), 2)
    with CaptureQueriesContext(connection) as queries:
        assert paginator.count == 3
    (count,) = queries.captured_queries
    assert "ORDER BY" not in count["sql"]
    # The page itself keeps the order.
    assert [c.pk for c in paginator.page(1)] == list(
        Claim.objects.order_by("-published", "-pk").values_list("pk", flat=True)[:2]
    )
