from __future__ import annotations

from django.db.models import QuerySet

from gazetteer.models import Actor, Place


def place_list() -> QuerySet[Place]:
    return Place.objects.order_by("name")


def actor_list() -> QuerySet[Actor]:
    return Actor.objects.order_by("name")
