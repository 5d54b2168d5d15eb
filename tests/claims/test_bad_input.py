"""Bad input: every file of tests/data/bad_input/ gets a clear error naming its line and field,
and nothing of it is stored. The huge cases are generated here rather than kept as files."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from claims.models import Claim, Figure, Link
from claims.services.imports import ImportFileError, claims_import
from gazetteer.models import Actor, Place
from sources.models import Source

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[1] / "data" / "bad_input"


@dataclass(frozen=True)
class Expected:
    line: int | None
    field: str | None
    says: str  # a fragment of the message
    row: int | None = None


# One entry per file in tests/data/bad_input/: a file without an entry fails the suite.
CORPUS = {
    "latin1.csv": Expected(3, None, "not valid UTF-8"),
    "utf16.jsonl": Expected(1, None, "the file is UTF-16; save it as UTF-8"),
    "utf16-no-bom.csv": Expected(1, None, "NUL byte"),
    "nul-byte.csv": Expected(2, None, "NUL byte"),
    "bad-published-date.jsonl": Expected(
        3, "published", "'2017-13-45' is not a date; write it as YYYY-MM-DD"
    ),
    "bad-event-date.csv": Expected(3, "event_date", "'last Tuesday' is not an event date", row=2),
    "unknown-stance.jsonl": Expected(2, "stance", "unknown stance 'rebel'"),
    "duplicate-id.jsonl": Expected(4, "id", "the id 'ok-2' appears twice in this file"),
    "bad-json.jsonl": Expected(2, None, "not valid JSON"),
    "truncated-json.jsonl": Expected(3, None, "not valid JSON"),
    "json-array-line.jsonl": Expected(2, None, "each line must be a JSON object"),
    "wrong-header.csv": Expected(1, None, "the header must name the columns 'text' and 'source'"),
    "empty.jsonl": Expected(None, None, "the file holds no claims"),
    "empty.csv": Expected(None, None, "the file holds no claims"),
    "header-only.csv": Expected(None, None, "the file holds no claims"),
    "blank-lines.jsonl": Expected(None, None, "the file holds no claims"),
    "missing-text.csv": Expected(3, "text", "required, and empty", row=2),
    "missing-source.csv": Expected(3, "source", "required, and empty", row=2),
    "bad-figures.jsonl": Expected(2, "figures", "must be a JSON list"),
    "figure-without-count.jsonl": Expected(1, "figures", "figure 1: count"),
    "negative-figure.jsonl": Expected(2, "figures", "figure 1: count"),
    "bad-credibility.csv": Expected(3, "credibility", "'9' is not a credibility from 1 to 6", row=2),
    "unknown-status.jsonl": Expected(2, "status", "unknown status 'true'"),
    "script-url.jsonl": Expected(1, "url", "'javascript:alert(1)' is not a URL"),
    "too-many-values.csv": Expected(3, None, "4 values for 3 columns", row=2),
    "wrong-extension.txt": Expected(None, None, "use a .jsonl or .csv file"),
    "places-not-names.jsonl": Expected(1, "places", "must be a list of names"),
    "text-not-text.jsonl": Expected(2, "text", "must be text"),
    "id-too-long.jsonl": Expected(2, "id", "more than the 200 allowed"),
}


def stored() -> dict[str, int]:
    """Everything an import may write, counted, with its history."""
    models = (Claim, Figure, Link, Source, Place, Actor)
    counts = {model.__name__: model.objects.count() for model in models}
    counts.update({f"history of {model.__name__}": model.history.count() for model in models})
    return counts


def import_expecting_error(path: Path, workspace, user) -> ImportFileError:
    before = stored()
    with pytest.raises(ImportFileError) as caught:
        claims_import(path=path, workspace=workspace, user=user)
    assert stored() == before, "a failed import left something behind"
    return caught.value


def test_every_file_of_the_corpus_has_an_expectation() -> None:
    assert sorted(p.name for p in DATA.iterdir() if p.name != "README.md") == sorted(CORPUS)


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_a_bad_file_gets_a_clear_error_naming_line_and_field_and_stores_nothing(
    name: str, workspace, alice
) -> None:
    expected = CORPUS[name]
    error = import_expecting_error(DATA / name, workspace, alice)
    assert (error.line, error.field) == (expected.line, expected.field), str(error)
    assert expected.says in str(error)
    if expected.row is not None:
        assert error.row == expected.row
        assert f"line {expected.line} (row {expected.row})" in str(error)
    if expected.line is not None:
        assert str(error).startswith(f"line {expected.line}")
    if expected.field is not None:
        assert f"field '{expected.field}'" in str(error)


def test_the_command_names_the_file_and_says_nothing_was_imported(workspace, alice) -> None:
    with pytest.raises(CommandError) as caught:
        call_command("import_claims", str(DATA / "duplicate-id.jsonl"), "--workspace", workspace.slug)
    assert str(caught.value) == (
        "duplicate-id.jsonl: line 4 field 'id': the id 'ok-2' appears twice in this file. "
        "Nothing was imported."
    )


def good_row(i: int) -> dict:
    return {"id": f"ok-{i}", "text": f"Shelling on Hajin, report {i}.", "source": f"Outlet {i % 9}"}


def jsonl(path: Path, rows: list[dict | str]) -> Path:
    path.write_text(
        "".join(
            (row if isinstance(row, str) else json.dumps(row, ensure_ascii=False)) + "\n" for row in rows
        ),
        encoding="utf-8",
    )
    return path


def huge_text(path: Path) -> Path:
    return jsonl(path / "huge-text.jsonl", [good_row(1), {**good_row(2), "text": "x" * 50_001}])


def megabyte_csv_line(path: Path) -> Path:
    target = path / "megabyte-line.csv"
    target.write_text(f"id,text,source\nok-1,Clashes,ANHA\nok-2,{'y' * 1_048_576},ANHA\n", encoding="utf-8")
    return target


def megabyte_jsonl_source(path: Path) -> Path:
    return jsonl(path / "megabyte-source.jsonl", [{**good_row(1), "source": "z" * 1_048_576}])


def bad_row_after_a_thousand_good_ones(path: Path) -> Path:
    rows: list[dict | str] = [good_row(i) for i in range(1, 1_001)]
    rows.append({**good_row(1_001), "published": "yesterday"})
    return jsonl(path / "late-bad-row.jsonl", rows)


GENERATED: dict[str, tuple[Callable[[Path], Path], Expected]] = {
    "text over 50,000 characters": (
        huge_text,
        Expected(2, "text", "50,001 characters, more than the 50,000"),
    ),
    "a 1 MB CSV line": (
        megabyte_csv_line,
        Expected(3, None, "a value longer than 200,001 characters", row=2),
    ),
    "a 1 MB source name": (megabyte_jsonl_source, Expected(1, "source", "1,048,576 characters")),
    "a bad row after 1,000 good ones": (
        bad_row_after_a_thousand_good_ones,
        Expected(1_001, "published", "'yesterday' is not a date"),
    ),
}


@pytest.mark.parametrize("case", sorted(GENERATED))
def test_huge_and_late_bad_input_gets_a_clear_error_and_stores_nothing(
    case: str, workspace, alice, tmp_path: Path
) -> None:
    make, expected = GENERATED[case]
    error = import_expecting_error(make(tmp_path), workspace, alice)
    assert (error.line, error.field) == (expected.line, expected.field), str(error)
    assert expected.says in str(error)
    if expected.row is not None:
        assert error.row == expected.row


def test_a_utf8_byte_order_mark_is_accepted(workspace, alice, tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffid,text,source\nok-1,اشتباكات قرب هجين,ANHA\n".encode())
    result = claims_import(path=path, workspace=workspace, user=alice)
    assert result.created == 1
    assert Claim.objects.get().external_id == "ok-1"
