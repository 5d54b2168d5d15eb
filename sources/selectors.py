from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce, TruncQuarter
from django.http import Http404

from claims.models import Claim, ClaimStatus, Link, LinkOrigin, LinkRelation, LinkState
from sources.models import Source, Stance
from sources.scoring import (
    RecordCounts,
    Report,
    SourceInfo,
    Suggestion,
    TrackRecord,
    VoiceCount,
    count_voices,
    suggest_credibility,
    track_record,
)
from workspaces.models import Workspace


def source_list(*, workspace: Workspace, query: str = "") -> QuerySet[Source]:
    """Sources with their claim counts in this workspace; those with claims here first."""
    sources = Source.objects.select_related("network").annotate(
        claim_count=Count("claims", filter=Q(claims__workspace=workspace))
    )
    if query:
        sources = sources.filter(Q(name__icontains=query) | Q(aliases__alias__icontains=query)).distinct()
    return sources.order_by("-claim_count", "name")


def source_get(*, pk: int) -> Source:
    source = Source.objects.select_related("network").prefetch_related("aliases").filter(pk=pk).first()
    if source is None:
        raise Http404("No such source.")
    return source


def source_claims(*, source: Source, workspace: Workspace) -> QuerySet[Claim]:
    """Its claims in the workspace, and others' relays of it."""
    return (
        Claim.objects.alive()
        .filter(Q(source=source) | Q(relayed_from=source), workspace=workspace)
        .select_related("source", "relayed_from")
        .prefetch_related("places")
        .order_by("-published", "-id")
    )


# --- reliability and independence ------------------------------------------------------------

VERDICTS = (
    ClaimStatus.CORROBORATED,
    ClaimStatus.CONTESTED,
    ClaimStatus.REFUTED,
    ClaimStatus.UNVERIFIABLE,
)
# Links that count for corroboration: a reviewer's decision, or a researcher's link not rejected.
COUNTED_LINKS = Q(state=LinkState.ACCEPTED) | Q(origin=LinkOrigin.MANUAL, state=LinkState.SUGGESTED)


def source_info(source: Source) -> SourceInfo:
    return SourceInfo(
        id=source.pk,
        name=source.name,
        stance=source.stance,
        network_id=source.network_id,
        network_name=source.network.name if source.network else "",
        grade=source.reliability,
    )


def claim_report(claim: Claim) -> Report:
    relayed = claim.relayed_from
    return Report(
        claim_id=claim.pk,
        source=source_info(claim.source),
        relayed_from=source_info(relayed) if relayed is not None else None,
    )


@dataclass
class Corroboration:
    """Who corroborates and who contradicts a claim, as independent voices, and the suggestion."""

    subject: Report
    support: VoiceCount
    against: VoiceCount
    suggestion: Suggestion
    claims: dict[int, Claim]
    links: dict[int, Link]

    def rows(self, count: VoiceCount) -> list[dict[str, Any]]:
        """One row per voice with its claims, ordered by stance, for templates to regroup."""
        order = {stance: index for index, stance in enumerate(Stance.values)}
        rows = [
            {
                "voice": voice,
                "stance": Stance(voice.stances[0]).label if voice.stances[0] in order else voice.stances[0],
                "rank": order.get(voice.stances[0], len(order)),
                "items": [(self.claims[r.claim_id], self.links[r.claim_id], r) for r in voice.reports],
            }
            for voice in count.voices
        ]
        return sorted(rows, key=lambda row: row["rank"])

    @property
    def sides(self) -> list[tuple[str, list[dict[str, Any]], str]]:
        return [
            ("for", self.support_rows, "No independent source corroborates it yet."),
            ("against", self.against_rows, "No independent source contradicts it."),
        ]

    @property
    def support_rows(self) -> list[dict[str, Any]]:
        return self.rows(self.support)

    @property
    def against_rows(self) -> list[dict[str, Any]]:
        return self.rows(self.against)

    @property
    def excluded_rows(self) -> list[tuple[Claim, Link, str]]:
        return [
            (self.claims[r.claim_id], self.links[r.claim_id], why)
            for r, why in [*self.support.excluded, *self.against.excluded]
        ]


def claim_corroboration(*, claim: Claim) -> Corroboration:
    """The accepted (and researchers' undecided manual) corroborating and contradicting links."""
    related = Claim.objects.select_related("source__network", "relayed_from__network")
    links = list(
        Link.objects.touching(claim)
        .filter(COUNTED_LINKS, relation__in=[LinkRelation.CORROBORATES, LinkRelation.CONTRADICTS])
        .prefetch_related(Prefetch("from_claim", queryset=related), Prefetch("to_claim", queryset=related))
        .order_by("pk")
    )
    subject = Claim.objects.select_related("source__network", "relayed_from__network").get(pk=claim.pk)
    others = {link.pk: link.other(subject) for link in links}
    by_claim = {others[link.pk].pk: link for link in links}
    reports = {link.pk: claim_report(others[link.pk]) for link in links}
    corroborating = [reports[link.pk] for link in links if link.relation == LinkRelation.CORROBORATES]
    contradicting = [reports[link.pk] for link in links if link.relation == LinkRelation.CONTRADICTS]
    report = claim_report(subject)
    return Corroboration(
        subject=report,
        support=count_voices(report, corroborating),
        against=count_voices(report, contradicting),
        suggestion=suggest_credibility(report, corroborating, contradicting),
        claims={other.pk: other for other in others.values()},
        links=by_claim,
    )


def _counts_by_origin(claims: QuerySet[Claim]) -> dict[int, dict[str, int]]:
    """Claims per status, attributed to whom they speak for: the origin of a relay, else the source."""
    rows = (
        claims.annotate(origin=Coalesce("relayed_from_id", "source_id"))
        .values("origin", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[int, dict[str, int]] = {}
    for row in rows:
        counts.setdefault(row["origin"], {})[row["status"]] = row["n"]
    return counts


def record_of(statuses: dict[str, int]) -> TrackRecord:
    return track_record(
        RecordCounts(
            corroborated=statuses.get(ClaimStatus.CORROBORATED, 0),
            contested=statuses.get(ClaimStatus.CONTESTED, 0),
            refuted=statuses.get(ClaimStatus.REFUTED, 0),
            unverifiable=statuses.get(ClaimStatus.UNVERIFIABLE, 0),
        )
    )


def _speaking_for(source: Source) -> Q:
    """Claims that speak for a source: its own that relay no one, and others' relays of it."""
    return Q(relayed_from=source) | Q(source=source, relayed_from__isnull=True)


def _claims_of_members(user: User) -> QuerySet[Claim]:
    """Claims of the workspaces the user is a member of: never another team's work, not even counted."""
    return Claim.objects.alive().filter(workspace__in=Workspace.objects.for_user(user))


@dataclass
class SourceRecord:
    workspace: TrackRecord
    yours: TrackRecord  # across the workspaces the requesting user is a member of
    claims_here: int  # claims speaking for the source here, reviewed or not
    relayed_here: int  # of which published by others, relaying it


def source_record(*, source: Source, workspace: Workspace, user: User) -> SourceRecord:
    """Its record in the workspace, and across the user's workspaces (never counting other teams')."""
    here = _counts_by_origin(Claim.objects.alive().filter(_speaking_for(source), workspace=workspace))
    yours = _counts_by_origin(_claims_of_members(user).filter(_speaking_for(source)))
    statuses = here.get(source.pk, {})
    return SourceRecord(
        workspace=record_of(statuses),
        yours=record_of(yours.get(source.pk, {})),
        claims_here=sum(statuses.values()),
        relayed_here=Claim.objects.alive().filter(workspace=workspace, relayed_from=source).count(),
    )


def source_record_by_quarter(
    *, source: Source, workspace: Workspace
) -> dict[tuple[int, int], dict[str, int]]:
    """Claims speaking for the source here, per quarter of publication and status."""
    rows = (
        Claim.objects.alive()
        .filter(_speaking_for(source), workspace=workspace, published__isnull=False)
        .annotate(quarter=TruncQuarter("published"))
        .values("quarter", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[tuple[int, int], dict[str, int]] = {}
    for row in rows:
        quarter = row["quarter"]
        key = (quarter.year, (quarter.month - 1) // 3 + 1)
        counts.setdefault(key, {})[row["status"]] = row["n"]
    return counts


@dataclass
class ReliabilityRow:
    source: Source
    record: TrackRecord
    yours: TrackRecord  # across the workspaces the requesting user is a member of
    published_here: int
    speaking_here: int  # claims speaking for it here: its own that relay no one, and relays of it
    relayed_here: int


def source_reliability_table(*, workspace: Workspace, user: User) -> list[ReliabilityRow]:
    """Every source with claims in the workspace, its grade and record here and across the user's
    workspaces (never counting other teams' claims); a fixed number of queries."""
    claims = Claim.objects.alive().filter(workspace=workspace)
    here = _counts_by_origin(claims)
    published: dict[int, int] = {}
    relayed: dict[int, int] = {}
    for source_id, relayed_from_id, n in (
        claims.values("source_id", "relayed_from_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("source_id", "relayed_from_id", "n")
    ):
        published[source_id] = published.get(source_id, 0) + n
        if relayed_from_id is not None:
            relayed[relayed_from_id] = relayed.get(relayed_from_id, 0) + n
    ids = set(here) | set(published)
    yours = _counts_by_origin(
        _claims_of_members(user).filter(
            Q(relayed_from_id__in=ids) | Q(source_id__in=ids, relayed_from__isnull=True)
        )
    )
    sources = Source.objects.filter(pk__in=ids).select_related("network")
    return [
        ReliabilityRow(
            source=source,
            record=record_of(here.get(source.pk, {})),
            yours=record_of(yours.get(source.pk, {})),
            published_here=published.get(source.pk, 0),
            speaking_here=sum(here.get(source.pk, {}).values()),
            relayed_here=relayed.get(source.pk, 0),
        )
        for source in sources.order_by("stance", "network__name", "name")
    ]
