from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef, Q, QuerySet

from claims.matching.normalize import normalize_text
from claims.models import (
    DERIVED_VERSION,
    Claim,
    ClaimStatus,
    Credibility,
    Link,
    LinkOrigin,
    LinkRelation,
    LinkState,
    Tag,
)
from gazetteer.models import Actor, Place
from sources.models import Network, Source, Stance
from workbench.forms import QuickSelectForm
from workspaces.models import Workspace

DATE = forms.DateInput(attrs={"type": "date"})
YES_NO = forms.Select(choices=[("", "Any"), ("true", "Yes"), ("false", "No")])
# What "needs attention" means in the review queue.
OPEN_STATUSES = (ClaimStatus.NEW, ClaimStatus.IN_REVIEW)


def links_touching(*, state: Any = None, relation: str | None = None, since: Any = None) -> Q:
    """A condition on a claim: some link of it (either end) matches; two EXISTS on indexed columns."""
    conditions = Q()
    if state is not None:
        conditions &= Q(state__in=state) if isinstance(state, list | tuple) else Q(state=state)
    if relation is not None:
        conditions &= Q(relation=relation)
    if since is not None:
        conditions &= Q(created_at__date__gte=since)
    # The redundant `>=` is a correlated condition that is not an equality: it keeps PostgreSQL
    # from turning an EXISTS under OR into a hash of every matching link in the installation
    # (a full read of the links for a 50-row page); each claim is probed through the
    # (claim, state, relation) index instead.
    outgoing = Link.objects.filter(conditions, from_claim=OuterRef("pk"), from_claim__gte=OuterRef("pk"))
    incoming = Link.objects.filter(conditions, to_claim=OuterRef("pk"), to_claim__gte=OuterRef("pk"))
    return Q(Exists(outgoing)) | Q(Exists(incoming))


def undecided_suggestions() -> Q:
    return links_touching(state=LinkState.SUGGESTED)


def live_contradictions(since: Any = None) -> Q:
    # A rejected contradiction is one a reviewer has dismissed; suggested and accepted ones count.
    return links_touching(
        state=[LinkState.SUGGESTED, LinkState.ACCEPTED], relation=LinkRelation.CONTRADICTS, since=since
    )


class ClaimFilter(django_filters.FilterSet):
    """The claim filters of the pages and the API: one definition, run inside the selector.

    `workspace` narrows the choices of assignee and tag to that workspace (the form lists them);
    without it they are narrowed to the workspaces of the claims being filtered.
    """

    q = django_filters.CharFilter(method="filter_text", label="Text")
    attention = django_filters.BooleanFilter(
        method="filter_attention",
        label="Needs attention",
        widget=YES_NO,
        help_text="New or in review, or with suggestions nobody has decided.",
    )
    # distinct=False: one status and one source per claim cannot repeat a row, and the default
    # SELECT DISTINCT over every column (the texts too) made a filtered list of 100,000 claims 5x slower.
    status = django_filters.MultipleChoiceFilter(choices=ClaimStatus.choices, distinct=False)
    stance = django_filters.MultipleChoiceFilter(
        field_name="source__stance", choices=Stance.choices, distinct=False
    )
    network = django_filters.ModelChoiceFilter(
        field_name="source__network", queryset=Network.objects.only("name").order_by("name"), label="Network"
    )
    source = django_filters.ModelChoiceFilter(queryset=Source.objects.only("name"))
    place = django_filters.ModelChoiceFilter(
        queryset=Place.objects.only("name"), method="filter_place", label="Place"
    )
    actor = django_filters.ModelChoiceFilter(
        field_name="actors",
        queryset=Actor.objects.only("name").order_by("name"),
        label="Actor",
        distinct=True,
    )
    event_after = django_filters.DateFilter(widget=DATE, method="filter_event_after", label="Event from")
    event_before = django_filters.DateFilter(widget=DATE, method="filter_event_before", label="Event until")
    published_after = django_filters.DateFilter(
        widget=DATE, field_name="published", lookup_expr="gte", label="Published from"
    )
    published_before = django_filters.DateFilter(
        widget=DATE, field_name="published", lookup_expr="lte", label="Published until"
    )
    credibility = django_filters.MultipleChoiceFilter(choices=Credibility.choices)
    assignee = django_filters.ModelChoiceFilter(
        queryset=User.objects.none(), null_label="Unassigned", label="Assignee"
    )
    tag = django_filters.ModelChoiceFilter(
        field_name="tags", queryset=Tag.objects.none(), label="Tag", distinct=True
    )
    contradictions = django_filters.BooleanFilter(
        method="filter_contradictions", label="Contradictions", widget=YES_NO
    )
    contradicted_since = django_filters.DateFilter(
        widget=DATE, method="filter_contradicted_since", label="Contradicted since"
    )
    suggestions = django_filters.BooleanFilter(
        method="filter_suggestions", label="Undecided suggestions", widget=YES_NO
    )

    class Meta:
        model = Claim
        fields: list[str] = []
        form = QuickSelectForm

    def __init__(self, *args: Any, workspace: Workspace | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if workspace is not None:
            members = User.objects.filter(memberships__workspace=workspace)
            tags = Tag.objects.filter(workspace=workspace)
        else:
            workspaces = self.queryset.order_by().values("workspace_id").distinct()
            members = User.objects.filter(memberships__workspace__in=workspaces).distinct()
            tags = Tag.objects.filter(workspace__in=workspaces)
        # The select lists show names only: the rows are read with the name alone.
        self.filters["assignee"].queryset = members.only("username").order_by("username")
        self.filters["tag"].queryset = tags.only("name").order_by("name")

    def filter_text(self, queryset: QuerySet[Claim], name: str, value: str) -> QuerySet[Claim]:
        # The folded text matches across hamza and alef forms, diacritics and case.
        folded = normalize_text(value)
        if not folded:
            return queryset
        stripped = value.strip()
        # The raw text is searched only where the folded copy is not written yet (a claim saved
        # a moment ago): case-folding every row's full text would cost a scan of all of it.
        return queryset.filter(
            Q(text_normalized__contains=folded)
            | Q(derived_version__lt=DERIVED_VERSION, text__icontains=stripped)
            | Q(external_id=stripped)
        )

    def filter_attention(self, queryset: QuerySet[Claim], name: str, value: bool | None) -> QuerySet[Claim]:
        needs = Q(status__in=OPEN_STATUSES) | undecided_suggestions()
        return queryset.filter(needs) if value else queryset.exclude(needs)

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

    def filter_contradictions(
        self, queryset: QuerySet[Claim], name: str, value: bool | None
    ) -> QuerySet[Claim]:
        return queryset.filter(live_contradictions()) if value else queryset.exclude(live_contradictions())

    def filter_contradicted_since(
        self, queryset: QuerySet[Claim], name: str, value: object
    ) -> QuerySet[Claim]:
        return queryset.filter(live_contradictions(since=value))

    def filter_suggestions(self, queryset: QuerySet[Claim], name: str, value: bool | None) -> QuerySet[Claim]:
        return (
            queryset.filter(undecided_suggestions()) if value else queryset.exclude(undecided_suggestions())
        )


class LinkFilter(django_filters.FilterSet):
    """Filters of a workspace's links and suggestions (the API's link lists)."""

    state = django_filters.MultipleChoiceFilter(choices=LinkState.choices)
    relation = django_filters.MultipleChoiceFilter(choices=LinkRelation.choices)
    origin = django_filters.ChoiceFilter(choices=LinkOrigin.choices)
    claim = django_filters.NumberFilter(method="filter_claim", label="Touching the claim with this id")

    class Meta:
        model = Link
        fields: list[str] = []

    def filter_claim(self, queryset: QuerySet[Link], name: str, value: object) -> QuerySet[Link]:
        return queryset.filter(Q(from_claim_id=value) | Q(to_claim_id=value))
