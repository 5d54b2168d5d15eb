"""Places and actors with their aliases in Latin transliterations and Arabic script."""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from simple_history.models import HistoricalRecords


class PlaceKind(models.TextChoices):
    GOVERNORATE = "governorate", "Governorate"
    DISTRICT = "district", "District"
    CITY = "city", "City"
    TOWN = "town", "Town"
    VILLAGE = "village", "Village"
    NEIGHBOURHOOD = "neighbourhood", "Neighbourhood"
    OIL_FIELD = "oil_field", "Oil field"
    GAS_FIELD = "gas_field", "Gas field"
    FACILITY = "facility", "Facility"
    MILITARY_SITE = "military_site", "Military site"
    BORDER_CROSSING = "border_crossing", "Border crossing"
    CAMP = "camp", "Camp"
    RIVER = "river", "River"
    REGION = "region", "Region"
    OTHER = "other", "Other"


class ActorKind(models.TextChoices):
    STATE_FORCES = "state_forces", "State forces"
    ARMED_GROUP = "armed_group", "Armed group"
    MILITIA = "militia", "Militia"
    COALITION = "coalition", "Coalition"
    POLITICAL_BODY = "political_body", "Political body"
    GOVERNMENT = "government", "Government"
    TRIBE = "tribe", "Tribe"
    PERSON = "person", "Person"
    ORGANISATION = "organisation", "Organisation"
    OTHER = "other", "Other"


class Script(models.TextChoices):
    LATIN = "latin", "Latin"
    ARABIC = "arabic", "Arabic"
    MIXED = "mixed", "Mixed"


class GazetteerEntry(models.Model):
    name = models.CharField(max_length=200)
    needs_review = models.BooleanField(
        default=False, help_text="Created by an import from a name the gazetteer did not know."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Place(GazetteerEntry):
    kind = models.CharField(max_length=32, choices=PlaceKind.choices, default=PlaceKind.OTHER)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)

    history = HistoricalRecords()

    class Meta(GazetteerEntry.Meta):
        constraints = [
            models.UniqueConstraint(Lower("name"), name="place_name_unique_ci"),
            models.CheckConstraint(condition=models.Q(kind__in=PlaceKind.values), name="place_kind_valid"),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True) | models.Q(latitude__gte=-90, latitude__lte=90),
                name="place_latitude_range",
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True)
                | models.Q(longitude__gte=-180, longitude__lte=180),
                name="place_longitude_range",
            ),
        ]


class Side(models.TextChoices):
    """The side of the war an actor fights on; the engine reads control claims by it."""

    REGIME = "regime", "Syrian government and allies"
    SDF = "sdf", "SDF and the coalition"
    IS = "is", "Islamic State"
    OPPOSITION = "opposition", "Opposition and Turkey"


class Actor(GazetteerEntry):
    kind = models.CharField(max_length=32, choices=ActorKind.choices, default=ActorKind.OTHER)
    side = models.CharField(
        max_length=16,
        choices=Side.choices,
        blank=True,
        help_text="Two actors of one side taking the same place do not contradict each other.",
    )

    history = HistoricalRecords()

    class Meta(GazetteerEntry.Meta):
        constraints = [
            models.UniqueConstraint(Lower("name"), name="actor_name_unique_ci"),
            models.CheckConstraint(condition=models.Q(kind__in=ActorKind.values), name="actor_kind_valid"),
        ]


class Alias(models.Model):
    alias = models.CharField(max_length=200)
    script = models.CharField(max_length=8, choices=Script.choices, editable=False)
    # normalize_text(alias): exact lookups; key: normalize_name(alias), across transliterations.
    normalized = models.CharField(max_length=200, db_index=True, editable=False)
    key = models.CharField(max_length=200, db_index=True, editable=False)

    class Meta:
        abstract = True
        ordering = ["alias"]

    def __str__(self) -> str:
        return self.alias


class PlaceAlias(Alias):
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="aliases")

    class Meta(Alias.Meta):
        verbose_name_plural = "place aliases"
        constraints = [
            models.UniqueConstraint(fields=["place", "normalized"], name="place_alias_unique"),
        ]


class ActorAlias(Alias):
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="aliases")

    class Meta(Alias.Meta):
        verbose_name_plural = "actor aliases"
        constraints = [
            models.UniqueConstraint(fields=["actor", "normalized"], name="actor_alias_unique"),
        ]
