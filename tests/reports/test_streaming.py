"""CSV and JSON stream: claims are read a chunk at a time and their relations fetched per chunk.

The number of queries depends on the number of chunks, never on the number of claims in one,
which is what keeps a report of a million claims within a fixed memory (benchmarks/export_report.py
measures it).
"""

from __future__ import annotations

import io
import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim
from reports.formats import write_csv, write_json
from reports.selectors import report_claims, report_rows
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


def add_claims(world, count: int) -> None:
    sources = [SourceFactory.create(name=f"Bulk source {i}") for i in range(3)]
    claims = Claim.objects.bulk_create(
        Claim(workspace=world.workspace, source=sources[i % 3], text=f"Bulk claim {i}", status="new")
        for i in range(count)
    )
    Claim.places.through.objects.bulk_create(
        Claim.places.through(claim_id=claim.pk, place_id=world.place.pk) for claim in claims
    )


def queries(world, fmt: str, chunk_size: int) -> tuple[int, int]:
    claims = report_claims(workspace=world.workspace, filters=None)
    out = io.StringIO()
    with CaptureQueriesContext(connection) as captured:
        chunks = report_rows(
            claims=claims, chunk_size=chunk_size, details=fmt == "json", history=fmt == "json"
        )
        if fmt == "csv":
            written = write_csv(chunks, out)
        else:
            written = write_json(chunks, out, header={}, claim_url=str)
    return len(captured), written


@pytest.mark.parametrize(("fmt", "per_chunk"), [("csv", 4), ("json", 10)])
def test_queries_grow_with_chunks_not_with_claims(world, fmt, per_chunk) -> None:
    add_claims(world, 35)  # 40 claims in all, over 4 sources and more
    one_chunk, written = queries(world, fmt, chunk_size=100)
    assert written == 40
    assert one_chunk <= per_chunk + 2
    for chunk_size in (10, 7):
        count, _ = queries(world, fmt, chunk_size=chunk_size)
        chunks = math.ceil(40 / chunk_size)
        assert count <= 2 + per_chunk * chunks, (chunk_size, count)

    add_claims(world, 40)  # twice the claims in the same single chunk: the same queries
    again, written = queries(world, fmt, chunk_size=100)
    assert written == 80
    assert again == one_chunk


def test_rows_are_produced_lazily_one_chunk_at_a_time(world) -> None:
    add_claims(world, 20)
    claims = report_claims(workspace=world.workspace, filters=None)
    chunks = report_rows(claims=claims, chunk_size=10, details=False, history=False)
    with CaptureQueriesContext(connection) as captured:
        first = next(chunks)
    assert len(first) == 10
    after_first = len(captured)
    with CaptureQueriesContext(connection) as captured:
        rest = [claim for chunk in chunks for claim in chunk]
    assert len(rest) == 15
    assert after_first <= 6 and len(captured) <= 2 * 4
