"""Loading a gazetteer (the starter set, `load_gazetteer`): idempotent, and it never undoes edits."""

from __future__ import annotations

import json
from typing import Any

import pytest

from gazetteer.models import Actor, ActorAlias, Place, PlaceAlias, PlaceKind
from gazetteer.services import STARTER_SET, alias_fields, gazetteer_load, gazetteer_load_starter_set

pytestmark = pytest.mark.django_db


def aliases() -> set[tuple[str, str, str, str, str]]:
    return {
        *PlaceAlias.objects.values_list("place__name", "alias", "normalized", "key", "script"),
        *ActorAlias.objects.values_list("actor__name", "alias", "normalized", "key", "script"),
    }


def test_the_starter_set_stores_each_spelling_of_an_entry_once_and_a_second_load_adds_nothing() -> None:
    data = json.loads(STARTER_SET.read_text(encoding="utf-8"))
    assert gazetteer_load_starter_set() == (len(data["places"]), len(data["actors"]))
    # Every name and alias, once per entry and normalised form: the first spelling written wins.
    expected = set()
    for kind in ("places", "actors"):
        seen: set[tuple[str, str]] = set()
        for entry in data[kind]:
            for alias in [entry["name"], *entry.get("aliases", [])]:
                fields = alias_fields(alias)
                if (entry["name"], fields["normalized"]) not in seen:
                    seen.add((entry["name"], fields["normalized"]))
                    expected.add((entry["name"], *fields.values()))
    stored = aliases()
    assert stored == expected
    assert len(stored) < sum(1 + len(e.get("aliases", [])) for k in ("places", "actors") for e in data[k])
    counts = (Place.objects.count(), Actor.objects.count(), PlaceAlias.objects.count())
    gazetteer_load_starter_set()
    assert (Place.objects.count(), Actor.objects.count(), PlaceAlias.objects.count()) == counts
    assert aliases() == stored


def test_a_reload_keeps_edits_and_hand_made_aliases_and_restores_a_missing_alias(gazetteer: Any) -> None:
    city = Place.objects.get(name="Deir ez-Zor")
    city.kind = PlaceKind.REGION  # someone's edit
    city.save()
    PlaceAlias.objects.filter(place=city, alias="Dayr az-Zawr").delete()
    PlaceAlias.objects.create(place=city, **alias_fields("Deir el-Zour city"))
    actor = Actor.objects.get(name="Syrian Democratic Forces")
    actor.side = ""
    actor.save()
    gazetteer_load(
        data={
            "places": [{"name": "deir ez-zor", "kind": "city", "aliases": ["Dayr az-Zawr", "DEIR EZ-ZOR"]}],
            "actors": [{"name": "Syrian Democratic Forces", "side": "sdf", "aliases": ["New Name Forces"]}],
        }
    )
    city.refresh_from_db()
    assert city.kind == PlaceKind.REGION
    names = set(city.aliases.values_list("alias", flat=True))
    assert {"Dayr az-Zawr", "Deir el-Zour city", "Deir ez-Zor"} <= names
    assert "DEIR EZ-ZOR" not in names and "deir ez-zor" not in names  # the same normalised form
    actor.refresh_from_db()
    assert actor.side == "sdf"  # an entry loaded before sides existed gains its side
    assert actor.aliases.filter(alias="New Name Forces").exists()
    assert Place.objects.filter(name__iexact="deir ez-zor").count() == 1
