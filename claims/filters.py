from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet

from claims.matching.normalize import normalize_text
from claims.models import Claim, ClaimStatus
from gazetteer.models import Place
from sources.models import Source, Stance

DATE = forms.DateInput(attrs={"type": "date"})


class ClaimFilter(django_filters.FilterSet):
    """The claim filters of the pages and the API: one definition, run inside the selector."""

    q = django_filters.CharFilter(method="filter_text", label="Text")
    # distinct=False: one status and one source per claim cannot repeat a row, and the default
    # SELECT DISTINCT over every column (the texts too) made a filtered list of 100,000 claims 5x slower.
    status = django_filters.MultipleChoiceFilter(choices=ClaimStatus.choices, distinct=False)
    stance = django_filters.MultipleChoiceFilter(
        field_name="source__stance", choices=Stance.choices, distinct=False
    )
    source = django_filters.ModelChoiceFilter(queryset=Source.objects.all())
    place = django_filters.ModelChoiceFilter(
        queryset=Place.objects.all(), method="filter_place", label="Place"
    )
    event_after = django_filters.DateFilter(widget=DATE, method="filter_event_after", label="Event from")
    event_before = django_filters.DateFilter(widget=DATE, method="filter_event_before", label="Event until")
    published_after = django_filters.DateFilter(
        widget=DATE, field_name="published", lookup_expr="gte", label="Published from"
    )
    published_before = django_filters.DateFilter(
        widget=DATE, field_name="published", lookup_expr="lte", label="Published until"
    )

    class Meta:
        model = Claim
        fields: list[str] = []

    def filter_text(self, queryset: QuerySet[Claim], name: str, value: str) -> QuerySet[Claim]:
        # The folded text matches across hamza and alef forms, diacritics and case.
        folded = normalize_text(value)
        if not folded:
            return queryset
        return queryset.filter(Q(text_normalized__contains=folded) | Q(text__icontains=value.strip()))

    def filter_place(self, queryset: QuerySet[Claim], name: str, value: Place) -> QuerySet[Claim]:
        # A place includes what lies within it (a city's neighbourhoods, a governorate's towns).
        ids = {value.pk}
        frontier = {value.pk}
        while frontier:
            frontier = set(Place.objects.filter(parent__in=frontier).values_list("pk", flat=True)) - ids
            ids |= frontier
        return queryset.filter(places__in=ids).distinct()

    def filter_event_after(self, queryset: QuerySet[Claim], name: str, value: object) -> QuerySet[Claim]:
        # A window overlaps [after, ...) when it ends (or, for a single day, starts) on or after it.
        return queryset.filter(Q(event_end__gte=value) | Q(event_end__isnull=True, event_start__gte=value))

    def filter_event_before(self, queryset: QuerySet[Claim], name: str, value: object) -> QuerySet[Claim]:
        return queryset.filter(event_start__lte=value)
