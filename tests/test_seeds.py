"""The demo's seed texts: found where the settings say, or a clear failure naming the folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_seed_texts_are_in_the_folder_the_settings_name(seeds_dir: Path) -> None:
    texts = sorted(seeds_dir.glob("*.txt"))
    assert texts
    assert all(path.read_text(encoding="utf-8").strip() for path in texts)


def test_without_the_seeds_a_test_that_needs_them_fails_naming_the_folder(tmp_path: Path) -> None:
    missing = tmp_path / "no-seeds-here"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            f"{Path(__file__).relative_to(ROOT)}::test_the_seed_texts_are_in_the_folder_the_settings_name",
            "-q",
            "-p",
            "no:cacheprovider",
        ],
        cwd=ROOT,
        env={**os.environ, "WORKBENCH_SEEDS_DIR": str(missing)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    # An error at the fixture: red in CI, never a skip.
    assert "1 error" in result.stdout and "skipped" not in result.stdout, result.stdout
    assert f"found none in {missing}." in result.stdout, result.stdout
    assert "set WORKBENCH_SEEDS_DIR to it" in result.stdout, result.stdout
