"""manage.py as a shell pipeline's first command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_a_reader_that_stops_early_gets_no_traceback() -> None:
    """`manage.py suggest_links ... | head` stops reading after a few lines: the command must
    end quietly (exit 1, as Python's own tools do on a broken pipe), not with a traceback."""
    env = {**os.environ, "DEBUG": "1"}
    process = subprocess.Popen(
        [sys.executable, "manage.py", "help"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    process.stdout.close()  # before the command writes anything: every write finds no reader
    _, stderr = process.communicate(timeout=60)

    assert "BrokenPipeError" not in stderr
    assert "Traceback" not in stderr
    assert process.returncode == 1
