"""Property-based tests (hypothesis) of what reads imported rows, dates and figures: whatever
comes in, the answer is a value or a clear error (ImportFileError, ValueError, ValidationError
naming the field), never a crash. Bounded: a fixed number of examples and a deadline each."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from claims.dates import parse_event_window, parse_iso_date
from claims.models import Claim
from claims.services.claims import figures_validate
from claims.services.imports import KNOWN_FIELDS, ClaimImporter, ImportFileError, read_csv, read_jsonl
from sources.services import source_create

# The time bound: examples per test and a deadline per example (generous: the machine is shared).
BOUNDED = settings(
    max_examples=150,
    deadline=dt.timedelta(seconds=2),
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=6,
)
date_like = st.one_of(
    st.dates().map(str),
    st.from_regex(r"\A[0-9]{1,5}(-[0-9]{1,3}){0,2}(/[0-9]{1,5}(-[0-9]{1,3}){0,2})?\Z"),
    st.text(max_size=20),
)


class Rollback(Exception):
    """Raised to leave each example's database writes behind."""


@BOUNDED
@given(date_like)
def test_the_date_parser_returns_a_date_or_a_clear_value_error(text: str) -> None:
    try:
        value = parse_iso_date(text)
    except ValueError as exc:
        assert str(exc)
    else:
        assert isinstance(value, dt.date)


@BOUNDED
@given(st.none() | date_like)
def test_the_event_date_parser_returns_an_ordered_window_or_a_clear_value_error(text: str | None) -> None:
    try:
        window = parse_event_window(text)
    except ValueError as exc:
        assert str(exc)
    else:
        if window.start is None:
            assert window.end is None and window.precision == ""
        else:
            assert window.end is None or window.end >= window.start
            assert window.precision in {"day", "range", "month", "year"}


figure = st.fixed_dictionaries(
    {},
    optional={
        "count": st.integers() | st.floats() | st.text(max_size=12) | st.none() | st.booleans(),
        "qualifier": st.sampled_from(["exact", "at_least", "dozens", "about", "", "lots"])
        | st.text(max_size=10),
        "counted": st.text(max_size=250) | st.integers() | st.none(),
    },
)


@BOUNDED
@given(st.lists(figure | st.dictionaries(st.text(max_size=8), json_values, max_size=4), max_size=4))
# Found by hand beside the fuzzer: "²".isdigit() but int("²") fails; int(inf) overflows.
@example([{"count": "²", "counted": "killed"}])
@example([{"count": float("inf"), "counted": "killed"}])
@example([{"count": True, "counted": "killed"}])
@example([{"count": 10**30, "counted": "killed"}])
def test_the_figure_parser_returns_figures_or_an_error_naming_the_figure(
    figures: list[dict[str, Any]],
) -> None:
    try:
        rows = figures_validate(figures)
    except ValidationError as exc:
        assert list(exc.message_dict) == ["figures"]
        assert exc.message_dict["figures"][0].startswith("figure ")
    else:
        assert len(rows) == len(figures)
        for row in rows:
            assert row.count is None or (isinstance(row.count, int) and row.count >= 0)


@BOUNDED
@given(st.binary(max_size=400) | st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_the_row_readers_yield_rows_or_a_clear_error_for_any_bytes(data: bytes) -> None:
    for reader in (read_jsonl, read_csv):
        try:
            for raw in reader(io.BytesIO(data)):
                assert raw.line >= 1 and raw.row >= 1
                assert isinstance(raw.data, dict)
        except ImportFileError as exc:
            assert exc.line is not None and exc.line >= 1


rows = st.fixed_dictionaries(
    {
        "text": st.text(min_size=1, max_size=80) | json_values,
        "source": st.text(min_size=1, max_size=30) | json_values,
    },
    optional={
        "id": st.text(max_size=20) | json_values,
        "stance": st.sampled_from(["partisan", "state_media", "rebel", ""]) | json_values,
        "network": st.text(max_size=20),
        "language": st.sampled_from(["en", "ar", ""]) | st.text(max_size=20),
        "published": date_like | json_values,
        "event_date": date_like | json_values,
        "url": st.sampled_from(["https://example.org/a", "javascript:alert(1)", ""]) | st.text(max_size=30),
        "places": st.lists(st.text(max_size=30), max_size=3) | st.text(max_size=40) | json_values,
        "actors": st.lists(st.text(max_size=30), max_size=3) | st.text(max_size=40) | json_values,
        "tags": st.lists(st.text(max_size=250), max_size=3) | st.text(max_size=40) | json_values,
        "figures": st.lists(figure, max_size=2) | st.text(max_size=30) | json_values,
        "status": st.sampled_from(["new", "refuted", "true", ""]) | json_values,
        "credibility": st.sampled_from(["1", "6", "9", 3, ""]) | json_values,
    },
)


@pytest.mark.django_db
@BOUNDED
@given(row=rows)
@example(row={"text": "x", "source": "ANHA", "tags": ["t" * 250]})
@example(row={"text": "x", "source": "ANHA", "figures": [{"count": "²", "counted": "killed"}]})
@example(row={"text": "x", "source": "ANHA", "figures": '[{"count": Infinity, "counted": "killed"}]'})
@example(row={"text": "x", "source": "\ufdfa" * 150})
@example(row={"text": "x", "source": "ANHA", "places": ["\ufdfa" * 200]})
@example(row={"text": "x", "source": "ANHA", "event_date": "0000"})
@example(row={"text": "x", "source": "???"})
def test_an_imported_row_is_stored_or_refused_with_an_error_naming_its_field(row, workspace, alice) -> None:
    """Each row, parsed and written as the importer does (line 1 of a JSONL file), beside a
    source whose name has no letters (so a second such name cannot take its alias)."""
    (raw,) = list(read_jsonl(io.BytesIO(json.dumps(row).encode() + b"\n")))
    try:
        with transaction.atomic():
            source_create(name="!!!", created_by=alice)
            importer = ClaimImporter(workspace=workspace, user=alice, filename="fuzz.jsonl")
            try:
                importer.import_row(raw)
                importer.write_rows()
            except ImportFileError as exc:
                assert exc.line == 1
                assert exc.field is None or exc.field in KNOWN_FIELDS, str(exc)
            else:
                stored = Claim.objects.get(workspace=workspace)
                assert stored.text == str(row["text"]).strip()
            raise Rollback
    except Rollback:
        pass
