"""The manifest every report carries: what produced it, and the SHA-256 of each file.

A recipient recomputes the hashes (`sha256sum`, or `file_sha256` below) and compares: a file
altered after the report was made no longer matches.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

MANIFEST_VERSION = 1
MANIFEST_NAME = "manifest.json"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_entry(path: Path, *, name: str | None = None) -> dict[str, Any]:
    return {"name": name or path.name, "bytes": path.stat().st_size, "sha256": file_sha256(path)}


def manifest_build(
    *,
    report: Mapping[str, Any],
    workspace: Mapping[str, Any],
    filters: Mapping[str, Any],
    generated_at: str,
    generated_by: str,
    engine_version: str,
    counts: Mapping[str, Any],
    files: Sequence[Mapping[str, Any]],
) -> dict[str, Any]:
    return {
        "manifest_version": MANIFEST_VERSION,
        "report": dict(report),
        "workspace": dict(workspace),
        "filters": dict(filters),
        "generated_at": generated_at,
        "generated_by": generated_by,
        "engine_version": engine_version,
        "counts": dict(counts),
        "files": [dict(entry) for entry in files],
    }


def manifest_dumps(manifest: Mapping[str, Any]) -> str:
    return json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"


def bundle_write(*, report_path: Path, manifest: Mapping[str, Any], zip_path: Path) -> None:
    """The download: a zip of the report file and manifest.json beside it."""
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        bundle.write(report_path, arcname=manifest["files"][0]["name"])
        bundle.writestr(MANIFEST_NAME, manifest_dumps(manifest))
