"""Sources as in the demo, for the reliability tests."""

from __future__ import annotations

import pytest

from sources.services import network_get_or_create, source_create, source_grade


@pytest.fixture
def voices(db):
    gov = network_get_or_create(name="Syrian government")
    sources = {
        "anha": source_create(
            name="ANHA", stance="partisan", network=network_get_or_create(name="SDF media")
        ),
        "sana": source_create(name="SANA", stance="state_media", network=gov, aliases=["سانا"]),
        "masdar": source_create(
            name="al-Masdar News", stance="pro_government", network=gov, aliases=["al-Masdar"]
        ),
        "reuters": source_create(
            name="Reuters", stance="wire_agency", network=network_get_or_create(name="Reuters")
        ),
        "sohr": source_create(
            name="SOHR", stance="independent_monitor", aliases=["Syrian Observatory for Human Rights"]
        ),
    }
    # The demo's grades (claims/demo_data/sources.json).
    for name, grade in {"anha": "C", "sana": "D", "masdar": "D", "reuters": "B", "sohr": "C"}.items():
        source_grade(source=sources[name], grade=grade, rationale="as in the demo", assessed_by=None)
        sources[name].refresh_from_db()
    return sources
