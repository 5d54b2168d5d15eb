"""`export_report`: the files the page makes, a manifest beside them, and clear errors naming the option."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from reports.manifest import MANIFEST_NAME, file_sha256
from reports.models import Report
from reports.services import report_build

pytestmark = pytest.mark.django_db


def export(world, tmp_path: Path, *args: str, fmt: str = "csv", name: str = "out") -> Path:
    path = tmp_path / f"{name}.{fmt}"
    call_command(
        "export_report", "--workspace", world.workspace.slug, "--format", fmt, "-o", str(path), *args
    )
    return path


def test_export_writes_the_report_and_its_manifest_beside_it(world, tmp_path, capsys) -> None:
    path = export(world, tmp_path, "--status", "corroborated,refuted", "--user", "bob")
    manifest = json.loads((tmp_path / "out.csv.manifest.json").read_text(encoding="utf-8"))
    assert manifest["files"] == [
        {"name": "out.csv", "bytes": path.stat().st_size, "sha256": file_sha256(path)}
    ]
    assert manifest["generated_by"] == "bob"
    assert manifest["counts"]["claims"] == 2
    assert manifest["filters"]["query"] == {"status": ["corroborated", "refuted"]}
    assert "2 claims" in capsys.readouterr().out


def test_filters_by_source_and_place_names_and_dates(world, tmp_path) -> None:
    path = export(world, tmp_path, "--source", "Syrian Observatory", "--event-from", "2017-11-01")
    assert [line.split(",")[1] for line in path.read_text().splitlines()[1:]] == ["sohr-1"]
    path = export(world, tmp_path, "--place", "al-bukamal", "--stance", "independent_media", name="b")
    assert [line.split(",")[1] for line in path.read_text().splitlines()[1:]] == ["dez-1"]
    path = export(world, tmp_path, "--filter", "published_before=2017-11-09", name="c")
    assert {line.split(",")[1] for line in path.read_text().splitlines()[1:]} == {"sohr-1", "dez-1"}


def test_the_command_writes_the_same_file_as_the_page(world, tmp_path, alice) -> None:
    filters = {"status": ["corroborated", "contested"]}
    report = Report.objects.create(workspace=world.workspace, format="csv", filters=filters, created_by=alice)
    built = report_build(report_id=report.pk)
    assert built is not None
    path = export(world, tmp_path, "--status", "corroborated", "--status", "contested")
    with zipfile.ZipFile(built.file.path) as bundle:
        [name] = [n for n in bundle.namelist() if n != MANIFEST_NAME]
        assert bundle.read(name) == path.read_bytes()
        manifest = json.loads(bundle.read(MANIFEST_NAME))
    assert manifest["files"][0]["sha256"] == file_sha256(path)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--status", "maybe"],
            "--status: Select a valid choice. maybe is not one of the available choices.",
        ),
        (["--stance", "friendly"], "--stance: Select a valid choice."),
        (["--event-from", "last tuesday"], "--event-from: Enter a valid date."),
        (["--published-to", "2017-13-01"], "--published-to: Enter a valid date."),
        (["--source", "Nobody Media"], "--source: no source named 'Nobody Media'."),
        (["--source", "99999"], "--source: Select a valid choice."),
        (["--place", "Atlantis"], "--place: no gazetteer place named 'Atlantis'."),
        (["--filter", "colour=red"], "--filter: no filter 'colour'"),
        (["--filter", "status"], "--filter: 'status' is not NAME=VALUE."),
        (["--user", "nobody"], "--user: 'nobody' does not exist."),
        (["--user", "charlie"], "--user: 'charlie' is not a member of this workspace."),
    ],
)
def test_bad_input_is_a_clear_error_naming_the_option_and_writes_nothing(
    world, tmp_path, charlie, args, message
) -> None:
    with pytest.raises(CommandError) as error:
        export(world, tmp_path, *args)
    assert str(error.value).startswith(message)
    assert list(tmp_path.iterdir()) == []


def test_unknown_workspace_format_and_folder_are_refused(world, tmp_path) -> None:
    with pytest.raises(CommandError, match="--workspace: no workspace 'nowhere'"):
        call_command(
            "export_report", "--workspace", "nowhere", "--format", "csv", "-o", str(tmp_path / "x.csv")
        )
    with pytest.raises(CommandError, match="invalid choice: 'docx'"):
        call_command("export_report", "--workspace", world.workspace.slug, "--format", "docx", "-o", "x")
    with pytest.raises(CommandError, match="-o: the folder"):
        export(world, tmp_path / "missing")
