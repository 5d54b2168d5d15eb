"""Writes to the gazetteer, and the resolver imports use to turn names into entries."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from claims.matching.normalize import normalize_name, normalize_text, script_of
from gazetteer.models import Actor, ActorAlias, ActorKind, Place, PlaceAlias, PlaceKind

STARTER_SET = Path(__file__).resolve().parent / "data" / "eastern_syria.json"


# NFKC can make a name longer ("ﷺ" is 18 letters): the lookup forms are cut to their columns.
LOOKUP_LENGTH = 200


def alias_fields(alias: str) -> dict[str, str]:
    return {
        "alias": alias.strip(),
        "normalized": normalize_text(alias)[:LOOKUP_LENGTH],
        "key": normalize_name(alias)[:LOOKUP_LENGTH],
        "script": script_of(alias) or "latin",
    }


def place_add_alias(*, place: Place, alias: str) -> PlaceAlias:
    fields = alias_fields(alias)
    obj, _ = PlaceAlias.objects.get_or_create(place=place, normalized=fields["normalized"], defaults=fields)
    return obj


def actor_add_alias(*, actor: Actor, alias: str) -> ActorAlias:
    fields = alias_fields(alias)
    obj, _ = ActorAlias.objects.get_or_create(actor=actor, normalized=fields["normalized"], defaults=fields)
    return obj


@transaction.atomic
def gazetteer_load(*, data: dict[str, Any]) -> tuple[int, int]:
    """Add the places and actors of a starter set that are not there yet; idempotent.

    Entries are matched by name (case-insensitive); existing ones keep their edits and gain any
    alias they lack. Returns (places, actors) in the set.
    """
    places = data.get("places", [])
    place_aliases: list[PlaceAlias] = []
    for entry in places:
        place = Place.objects.filter(name__iexact=entry["name"]).first()
        if place is None:
            parent = None
            if entry.get("parent"):
                parent = Place.objects.get(name__iexact=entry["parent"])
            place = Place.objects.create(
                name=entry["name"],
                kind=entry.get("kind") or PlaceKind.OTHER,
                parent=parent,
                latitude=entry.get("lat"),
                longitude=entry.get("lon"),
            )
        place_aliases += [
            PlaceAlias(place=place, **alias_fields(alias))
            for alias in [entry["name"], *entry.get("aliases", [])]
        ]
    actors = data.get("actors", [])
    actor_aliases: list[ActorAlias] = []
    for entry in actors:
        actor = Actor.objects.filter(name__iexact=entry["name"]).first()
        if actor is None:
            actor = Actor.objects.create(
                name=entry["name"], kind=entry.get("kind") or ActorKind.OTHER, side=entry.get("side", "")
            )
        elif not actor.side and entry.get("side"):
            # Entries loaded before sides existed gain theirs; a side someone set is kept.
            actor.side = entry["side"]
            actor.save(update_fields=["side"])
        actor_aliases += [
            ActorAlias(actor=actor, **alias_fields(alias))
            for alias in [entry["name"], *entry.get("aliases", [])]
        ]
    # The aliases an entry lacks, in one statement each: an alias it has already (the same
    # normalised form, the unique constraint) is left as it is, as place_add_alias would. (One
    # get_or_create per alias, about 800 of them, took a third of the demo's loading.)
    PlaceAlias.objects.bulk_create(place_aliases, ignore_conflicts=True)
    ActorAlias.objects.bulk_create(actor_aliases, ignore_conflicts=True)
    return len(places), len(actors)


def gazetteer_load_starter_set() -> tuple[int, int]:
    return gazetteer_load(data=json.loads(STARTER_SET.read_text(encoding="utf-8")))


@dataclass
class GazetteerResolver:
    """Turns place and actor names into gazetteer entries, caching what it has looked up.

    Exact alias match first (after normalize_text), then the transliteration key when it points
    at one entry only. With `create_missing`, an unknown name becomes a new entry flagged
    `needs_review`, so an import never drops a name a researcher wrote down.
    """

    create_missing: bool = True
    # Who and why, on the history of the entries it creates (an import names its file).
    history_user: Any = None
    change_reason: str = ""

    def __post_init__(self) -> None:
        self._places: dict[str, Place | None] = {}
        self._actors: dict[str, Actor | None] = {}

    def place(self, name: str) -> Place | None:
        normalized = normalize_text(name)
        if normalized not in self._places:
            self._places[normalized] = self._resolve(name, Place, PlaceAlias, "place")
        return self._places[normalized]

    def actor(self, name: str) -> Actor | None:
        normalized = normalize_text(name)
        if normalized not in self._actors:
            self._actors[normalized] = self._resolve(name, Actor, ActorAlias, "actor")
        return self._actors[normalized]

    def _resolve(self, name: str, model: Any, alias_model: Any, field: str) -> Any:
        fields = alias_fields(name)
        if not fields["normalized"]:
            return None
        exact = alias_model.objects.filter(normalized=fields["normalized"]).values_list(field, flat=True)
        ids = set(exact[:2])
        if not ids:
            ids = set(alias_model.objects.filter(key=fields["key"]).values_list(field, flat=True)[:2])
        if len(ids) == 1:
            return model.objects.get(pk=ids.pop())
        if ids:
            # Ambiguous: prefer the entry whose own name matches.
            named = model.objects.filter(pk__in=ids, name__iexact=name.strip()).first()
            if named is not None:
                return named
            return model.objects.filter(pk__in=ids).order_by("pk").first()
        if not self.create_missing:
            return None
        entry = model(name=fields["alias"], needs_review=True)
        entry._history_user = self.history_user
        if self.change_reason:
            entry._change_reason = self.change_reason
        entry.save()
        alias_model.objects.create(**{field: entry}, **fields)
        return entry
