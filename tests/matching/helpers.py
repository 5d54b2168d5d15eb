"""Plain helpers for the matching tests (fixtures live in conftest.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

from claims.matching.entities import Entity, Gazetteer
from claims.matching.extract import Features, extract_features


class FeaturesOf(Protocol):
    def __call__(self, text: str, published: dt.date | None = None) -> Features: ...


def entities_by_position(data: dict[str, Any]) -> list[Entity]:
    """The starter set numbered 1, 2, ... by position; a place's parent resolved by its name."""
    place_ids = {entry["name"]: i + 1 for i, entry in enumerate(data["places"])}
    places = [
        Entity(
            id=place_ids[entry["name"]],
            kind="place",
            name=entry["name"],
            category=entry.get("kind", ""),
            parent_id=place_ids.get(entry.get("parent") or ""),
            aliases=tuple(entry.get("aliases", ())),
        )
        for entry in data["places"]
    ]
    actors = [
        Entity(
            id=i + 1,
            kind="actor",
            name=entry["name"],
            category=entry.get("kind", ""),
            side=entry.get("side", ""),
            aliases=tuple(entry.get("aliases", ())),
        )
        for i, entry in enumerate(data["actors"])
    ]
    return places + actors


def features_with(gazetteer: Gazetteer) -> FeaturesOf:
    """`features(text, published=None)` bound to one gazetteer."""

    def features(text: str, published: dt.date | None = None) -> Features:
        return extract_features(text, gazetteer=gazetteer, published=published)

    return features


def entity(gazetteer: Gazetteer, kind: str, name: str) -> Entity:
    """The one place or actor with this canonical name."""
    matches = [e for e in gazetteer.entities if e.kind == kind and e.name == name]
    assert len(matches) == 1, (kind, name, matches)
    return matches[0]


def place_id(gazetteer: Gazetteer, name: str) -> int:
    return entity(gazetteer, "place", name).id


def actor_id(gazetteer: Gazetteer, name: str) -> int:
    return entity(gazetteer, "actor", name).id
