"""JSON's "\\u0000" puts a NUL inside a value although the line has no NUL byte: refused by field."""

from __future__ import annotations

import io
import json

import pytest

from claims.models import Claim
from claims.services.imports import ClaimImporter, ImportFileError, read_jsonl


@pytest.mark.parametrize("field", ["source", "text", "places"])
def test_a_nul_inside_a_json_value_is_refused_naming_its_field(field, workspace, alice) -> None:
    row = {"text": "Shelling near Hajin", "source": "SOHR", field: "Haj\x00in"}
    (raw,) = list(read_jsonl(io.BytesIO(json.dumps(row).encode() + b"\n")))
    importer = ClaimImporter(workspace=workspace, user=alice, filename="nul.jsonl")
    with pytest.raises(ImportFileError) as error:
        importer.import_row(raw)
        importer.write_rows()
    assert (error.value.line, error.value.field) == (1, field)
    assert "NUL" in str(error.value)
    assert Claim.objects.count() == 0
