"""Change history as people read it: who, when, which field, old and new value, with names."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models


@dataclass
class FieldChange:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: Any
    who: str
    action: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)


def _related_ids(value: Any, target: str) -> list[int]:
    # simple-history gives many-to-many values as [{"claim": 1, "place": 23}, ...].
    return [row[target] for row in value or [] if isinstance(row, dict) and target in row]


def _related_model(model: type[models.Model], name: str) -> type[models.Model] | None:
    related = model._meta.get_field(name).related_model
    return related if isinstance(related, type) and issubclass(related, models.Model) else None


def history_entries(records: Sequence[Any], model: type[models.Model]) -> list[HistoryEntry]:
    """Entries for history records ordered newest first, each diffed against the next one.

    Foreign keys and many-to-many values are shown by name, choices by label; names are
    fetched with one query per related model, not per row.
    """
    diffs = []
    for index, record in enumerate(records):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = record.diff_against(previous, foreign_keys_are_objs=False).changes if previous else []
        diffs.append((record, changes))

    wanted: dict[type[models.Model], set[int]] = defaultdict(set)
    for _, changes in diffs:
        for change in changes:
            model_field = model._meta.get_field(change.field)
            related = _related_model(model, change.field)
            if related is None:
                continue
            for value in (change.old, change.new):
                if model_field.many_to_many:
                    wanted[related].update(_related_ids(value, related._meta.model_name or ""))
                elif value is not None:
                    wanted[related].add(value)
    names = {
        related: {obj.pk: str(obj) for obj in related._default_manager.filter(pk__in=ids)}
        for related, ids in wanted.items()
    }

    def show(name: str, value: Any) -> str:
        model_field = model._meta.get_field(name)
        related = _related_model(model, name)
        if model_field.many_to_many and related is not None:
            ids = _related_ids(value, related._meta.model_name or "")
            return ", ".join(sorted(names[related].get(pk, f"#{pk}") for pk in ids))
        if value is None or value == "":
            return ""
        if related is not None:
            return names[related].get(value, f"#{value}")
        choices = dict(getattr(model_field, "flatchoices", None) or [])
        if value in choices:
            return str(choices[value])
        return str(value)

    entries = []
    for record, changes in diffs:
        user = record.history_user
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=user.get_username() if user else "system",
                action=record.get_history_type_display(),
                reason=record.history_change_reason or "",
                changes=[FieldChange(c.field, show(c.field, c.old), show(c.field, c.new)) for c in changes],
            )
        )
    return entries
