"""Malformed settings stop start-up with a message that names the variable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def check(**env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "SECRET_KEY",
            "DEBUG",
            "ALLOWED_HOSTS",
            "DJANGO_SETTINGS_MODULE",
        }
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "maybe"}, "DEBUG='maybe' is not a boolean"),
        ({"DEBUG": "0"}, "SECRET_KEY must be set when DEBUG is off"),
        ({"DEBUG": "0", "SECRET_KEY": "short"}, "SECRET_KEY is shorter than 32"),
        ({"DEBUG": "0", "SECRET_KEY": "k" * 50}, "ALLOWED_HOSTS must name at least one host"),
        (
            {"DEBUG": "1", "DATABASE_URL": "mysql://u@h/db"},
            "Workbench supports PostgreSQL and SQLite",
        ),
        (
            {"DEBUG": "1", "DATABASE_URL": "nonsense://x"},
            "DATABASE_URL='nonsense://x' cannot be used",
        ),
        (
            {"DEBUG": "1", "REDIS_URL": "localhost:6379"},
            "REDIS_URL='localhost:6379' is not a Redis URL",
        ),
        (
            {"DEBUG": "1", "BROKER_VISIBILITY_TIMEOUT": "0"},
            "BROKER_VISIBILITY_TIMEOUT=0 must be a number of seconds, 1 or more",
        ),
        (
            {"DEBUG": "1", "BROKER_RESTORE_INTERVAL": "1m"},
            "BROKER_RESTORE_INTERVAL='1m' is not an integer",
        ),
    ],
)
def test_a_malformed_setting_stops_start_up_naming_it(env: dict[str, str], message: str) -> None:
    result = check(**env)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_good_settings_start(tmp_path: Path) -> None:
    result = check(
        DEBUG="0",
        SECRET_KEY="k" * 50,
        ALLOWED_HOSTS="workbench.example.org",
        WORKBENCH_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
