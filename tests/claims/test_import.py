from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from claims.models import Claim
from claims.services.imports import ImportFileError, claims_import
from sources.models import Source
from workspaces.models import Workspace

pytestmark = pytest.mark.django_db

DEMO_CLAIMS = Path(__file__).resolve().parents[2] / "claims" / "demo_data" / "claims.jsonl"


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    return path


def write_csv(path: Path, rows: list[dict]) -> Path:
    columns = sorted({key for row in rows for key in row})
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def rows(n: int = 4) -> list[dict]:
    return [
        {
            "id": f"c{i}",
            "text": f"Claim {i}: the SDF took al-Omar oil field",
            "source": "ANHA",
            "stance": "partisan",
            "network": "SDF/AANES media",
            "published": "2017-10-22",
            "event_date": "2017-10-22",
            "places": ["al-Omar oil field"],
            "actors": ["SDF"],
        }
        for i in range(1, n + 1)
    ]


def test_import_creates_claims_sources_and_gazetteer_entries(
    workspace, tmp_path, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = claims_import(path=write_jsonl(tmp_path / "a.jsonl", rows()), workspace=workspace)
    # One sweep for the whole import, not one task per row.
    assert len(callbacks) == 1
    assert (result.created, result.updated, result.sources_created) == (4, 0, ["ANHA"])
    anha = Source.objects.get(name="ANHA")
    assert anha.network is not None
    assert (anha.stance, anha.network.name) == ("partisan", "SDF/AANES media")
    claim = Claim.objects.get(external_id="c2")
    assert [p.name for p in claim.places.all()] == ["al-Omar oil field"]
    assert claim.event_precision == "day"
    # Derived fields are refreshed by the sweep queued after commit (in-process in tests).
    assert claim.derived_version > 0


@pytest.mark.parametrize("suffix", ["jsonl", "csv"])
def test_import_rejects_row_without_source_and_keeps_nothing(workspace, tmp_path, suffix) -> None:
    data = rows()
    data[2]["source"] = ""
    path = (write_jsonl if suffix == "jsonl" else write_csv)(tmp_path / f"bad.{suffix}", data)
    with pytest.raises(ImportFileError) as error:
        claims_import(path=path, workspace=workspace)
    assert error.value.field == "source"
    assert error.value.row == 3
    # JSONL: the 3rd row is line 3. CSV: the header is line 1, so the 3rd row is on line 4.
    assert error.value.line == (3 if suffix == "jsonl" else 4)
    assert "row 3" in str(error.value) or suffix == "jsonl"
    assert Claim.objects.count() == 0
    assert Source.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("text", "", "required"),
        ("stance", "liberation_front", "unknown stance 'liberation_front'"),
        ("published", "22/10/2017", "is not a date"),
        ("event_date", "autumn 2017", "is not an event date"),
        ("url", "not a url", "is not a URL"),
        ("credibility", "9", "not a credibility"),
        ("status", "true", "unknown status"),
        ("places", 7, "list of names"),
    ],
)
def test_import_names_line_and_field_of_a_bad_value(workspace, tmp_path, field, value, message) -> None:
    data = rows()
    data[1][field] = value
    if field == "stance":
        data[1]["source"] = "A new outlet"
    with pytest.raises(ImportFileError) as error:
        claims_import(path=write_jsonl(tmp_path / "bad.jsonl", data), workspace=workspace)
    assert (error.value.line, error.value.field) == (2, field)
    assert message in str(error.value)
    assert Claim.objects.count() == 0


def test_reimporting_an_id_updates_the_claim_instead_of_duplicating_it(workspace, tmp_path) -> None:
    claims_import(path=write_jsonl(tmp_path / "a.jsonl", rows()), workspace=workspace)
    changed = rows()
    changed[0]["text"] = "Corrected: the SDF took al-Omar oil field on 22 October"
    changed.append({"id": "c5", "text": "A fifth claim", "source": "ANHA"})
    result = claims_import(path=write_jsonl(tmp_path / "b.jsonl", changed), workspace=workspace)
    assert (result.created, result.updated) == (1, 4)
    assert Claim.objects.count() == 5
    claim = Claim.objects.get(external_id="c1")
    assert claim.text.startswith("Corrected")
    assert claim.history.first().history_change_reason == "import b.jsonl line 1"


def test_a_failing_reimport_leaves_the_earlier_import_untouched(workspace, tmp_path) -> None:
    claims_import(path=write_jsonl(tmp_path / "a.jsonl", rows()), workspace=workspace)
    before = list(Claim.objects.order_by("pk").values_list("external_id", "text"))
    changed = rows()
    changed[0]["text"] = "This edit must not survive"
    changed[3]["published"] = "2017-02-30"
    with pytest.raises(ImportFileError, match="line 4"):
        claims_import(path=write_jsonl(tmp_path / "b.jsonl", changed), workspace=workspace)
    assert list(Claim.objects.order_by("pk").values_list("external_id", "text")) == before


def test_an_id_twice_in_one_file_is_an_error(workspace, tmp_path) -> None:
    data = rows()
    data[3]["id"] = "c1"
    with pytest.raises(ImportFileError, match="appears twice") as error:
        claims_import(path=write_jsonl(tmp_path / "dup.jsonl", data), workspace=workspace)
    assert error.value.line == 4


def test_invalid_utf8_and_broken_json_name_their_line(workspace, tmp_path) -> None:
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(b'{"text": "ok", "source": "ANHA"}\n{"text": "Dayr az-Zawr \xe9", "source": "ANHA"}\n')
    with pytest.raises(ImportFileError, match="line 2: not valid UTF-8"):
        claims_import(path=path, workspace=workspace)
    path = tmp_path / "broken.jsonl"
    path.write_text('{"text": "ok", "source": "ANHA"}\n\n{"text": "no end", \n', encoding="utf-8")
    with pytest.raises(ImportFileError, match="line 3: not valid JSON"):
        claims_import(path=path, workspace=workspace)
    assert Claim.objects.count() == 0


def test_csv_takes_semicolon_lists_quoted_newlines_and_a_byte_order_mark(workspace, tmp_path) -> None:
    path = tmp_path / "excel.csv"
    path.write_text(
        "\ufefftext,source,places,actors,event_date\n"
        '"Two lines,\nwith a comma",SANA,Deir ez-Zor; al-Bukamal,Syrian Arab Army,2017-11\n'
        "ISIS retook the town,Amaq,al-Bukamal,,2017-11-09\n",
        encoding="utf-8",
    )
    claims_import(path=path, workspace=workspace)
    first = Claim.objects.get(text__startswith="Two lines")
    assert sorted(p.name for p in first.places.all()) == ["Deir ez-Zor", "al-Bukamal"]
    assert first.event_precision == "month"


def test_csv_without_text_and_source_columns_is_refused(workspace, tmp_path) -> None:
    path = tmp_path / "wrong.csv"
    path.write_text("claim,outlet\nx,y\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="line 1: the header must name"):
        claims_import(path=path, workspace=workspace)


def test_a_huge_text_is_refused_with_its_size(workspace, tmp_path) -> None:
    data = rows(1)
    data[0]["text"] = "x" * 60_000
    with pytest.raises(ImportFileError, match="60,000 characters, more than the 50,000"):
        claims_import(path=write_jsonl(tmp_path / "big.jsonl", data), workspace=workspace)


def test_command_exits_non_zero_naming_line_3_and_keeps_the_count(workspace, tmp_path) -> None:
    claims_import(path=write_jsonl(tmp_path / "ok.jsonl", rows(2)), workspace=workspace)
    data = rows(5)
    del data[2]["source"]
    path = write_jsonl(tmp_path / "bad.jsonl", data)
    with pytest.raises(CommandError, match="line 3 field 'source'"):
        call_command("import_claims", str(path), "--workspace", workspace.slug)
    assert Claim.objects.count() == 2


def test_command_creates_the_workspace_and_imports_the_54_demo_claims_in_english_and_arabic(
    tmp_path, capsys
) -> None:
    lines = [
        json.loads(line) for line in DEMO_CLAIMS.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    assert len(lines) >= 54
    sample = lines[:44] + [row for row in lines if row.get("language") == "ar"][:10]
    assert len(sample) == 54
    assert {row["language"] for row in sample} == {"en", "ar"}
    path = write_jsonl(tmp_path / "demo54.jsonl", sample)
    call_command("import_claims", str(path), "--workspace", "fresh")
    workspace = Workspace.objects.get(slug="fresh")
    assert Claim.objects.filter(workspace=workspace).count() == 54
    assert Claim.objects.filter(workspace=workspace, language="ar").count() == 10
    assert "54 rows: 54 claims created" in capsys.readouterr().out


def test_imported_claims_have_one_creation_record_with_places_actors_tags_and_figures(
    workspace, tmp_path, alice
) -> None:
    from claims.models import Figure

    data = rows(3)
    data[1]["tags"] = ["oil-fields", "Oil Fields"]
    data[1]["figures"] = [{"count": 156, "qualifier": "exact", "counted": "mercenaries killed"}]
    claims_import(path=write_jsonl(tmp_path / "h.jsonl", data), workspace=workspace, user=alice)
    claim = Claim.objects.get(external_id="c2")
    (record,) = claim.history.all()
    assert (record.history_type, record.history_user, record.history_change_reason) == (
        "+",
        alice,
        "import h.jsonl line 2",
    )
    assert [row.place.name for row in record.places.all()] == ["al-Omar oil field"]
    assert [row.actor.name for row in record.actors.all()] == ["SDF"]
    # Two spellings of one tag become one tag.
    assert [row.tag.name for row in record.tags.all()] == ["oil-fields"]
    assert [str(f) for f in claim.figures.all()] == ["156 mercenaries killed"]
    assert Figure.history.get().history_user == alice
    assert claim.created_by == alice


def test_batches_flush_in_file_order_across_batch_boundaries(workspace, tmp_path) -> None:
    from claims.services.imports import ClaimImporter, read_rows

    path = write_jsonl(tmp_path / "many.jsonl", rows(7))
    importer = ClaimImporter(workspace=workspace, batch_size=3)
    with path.open("rb") as handle:
        for raw in read_rows(path, handle):
            importer.import_row(raw)
    # Two full batches are written; the last row waits for the final write.
    assert Claim.objects.count() == 6
    importer.write_rows()
    assert list(Claim.objects.order_by("pk").values_list("external_id", flat=True)) == [
        f"c{i}" for i in range(1, 8)
    ]
