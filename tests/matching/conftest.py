"""Fixtures for the matching engine's unit tests: the starter gazetteer and a features helper.

Nothing here touches the database. `claims.services.matching` needs Django configured to import
(pytest-django does that from pyproject's DJANGO_SETTINGS_MODULE), but `starter_entities` only
reads the shipped JSON file.

Two numberings of the same gazetteer are offered:

* `gazetteer`: `starter_entities()` exactly as the app builds it for a database whose gazetteer is
  still empty (ids are minus the position: -1, -2, ...);
* `db_gazetteer`: the same entries numbered 1, 2, ... by position, as a freshly loaded database
  would number them. The engine should decide the same way whichever numbering it is given.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis.configuration import set_hypothesis_home_dir

from claims.matching.entities import Gazetteer
from claims.services.matching import starter_entities
from gazetteer.services import STARTER_SET
from tests.matching.helpers import FeaturesOf, entities_by_position, features_with

# Hypothesis keeps caches (character tables, constants) in ./.hypothesis even without an example
# database; keep them out of the working tree unless the caller chose a place.
if not os.getenv("HYPOTHESIS_STORAGE_DIRECTORY"):
    set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "workbench-hypothesis")


@pytest.fixture(scope="session")
def starter_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(STARTER_SET.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    """The starter set as the app builds it (`claims.services.matching.starter_entities`)."""
    return Gazetteer(starter_entities())


@pytest.fixture(scope="session")
def db_gazetteer(starter_data: dict[str, Any]) -> Gazetteer:
    """The starter set numbered 1, 2, ... by position, as a database would number it."""
    return Gazetteer(entities_by_position(starter_data))


@pytest.fixture(scope="session")
def features(gazetteer: Gazetteer) -> FeaturesOf:
    """`features(text, published=None)`: the engine's features of a text, starter gazetteer."""
    return features_with(gazetteer)
