"""SECURITY.md's access matrix is what the code says today."""

from __future__ import annotations

from pathlib import Path

from django.core.management import CommandError, call_command

from accounts.access_matrix import current_between_markers, matrix_markdown, replace_between_markers

SECURITY_MD = Path(__file__).resolve().parents[1] / "SECURITY.md"


def test_security_md_matrix_is_up_to_date() -> None:
    committed = current_between_markers(SECURITY_MD.read_text(encoding="utf-8"))
    assert committed == matrix_markdown(), (
        "SECURITY.md's access matrix is out of date: run ./dev manage access_matrix --write"
    )


def test_the_check_fails_on_a_stale_file_and_write_fixes_it(tmp_path) -> None:
    stale = tmp_path / "SECURITY.md"
    text = SECURITY_MD.read_text(encoding="utf-8")
    stale.write_text(replace_between_markers(text, "| `old:page` | … |\n"), encoding="utf-8")
    try:
        call_command("access_matrix", "--check", "--file", str(stale))
    except CommandError as exc:
        assert "out of date" in str(exc)
    else:
        raise AssertionError("--check passed on a stale matrix")
    call_command("access_matrix", "--write", "--file", str(stale))
    call_command("access_matrix", "--check", "--file", str(stale))
    assert stale.read_text(encoding="utf-8") == text
