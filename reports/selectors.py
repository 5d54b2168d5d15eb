"""What a report reads: the claims the pages' filters select, loaded a chunk at a time.

Claims are read with `.iterator(chunk_size)` (a server-side cursor on PostgreSQL) and everything
else a claim needs (places, actors, links, sources, figures, history) is fetched with one query
per kind per chunk, so memory and the number of queries grow with the chunk, not with the report.
The rows handed to the writers are plain dataclasses: the writers never touch the ORM.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, Lookup, QuerySet
from django.db.models.functions import Substr

from claims.filters import ClaimFilter
from claims.models import Claim, ClaimStatus, Credibility, Figure, Link, LinkRelation, LinkState
from sources.models import CredibilityAssessment, Source, SourceAssessment, Stance
from workspaces.models import Workspace

if TYPE_CHECKING:  # django-stubs types Lookup by its output; at run time it takes no parameter
    _Lookup = Lookup[Any]
else:
    _Lookup = Lookup

CHUNK_SIZE = 2000
SNIPPET = 280


class ReportFilterError(ValueError):
    """A filter value the claim filters refuse; `field` names the filter."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class SourceInfo:
    id: int
    name: str
    kind: str
    stance: str
    network: str
    grade: str
    url: str
    # The latest grading of the source and why (append-only assessments).
    rationale: str = ""
    assessed_by: str = ""
    assessed_at: dt.datetime | None = None

    @property
    def stance_label(self) -> str:
        return Stance(self.stance).label if self.stance in Stance.values else self.stance


@dataclass(frozen=True)
class LinkedClaim:
    """A link seen from one claim: `relation` reads "this claim <relation> the other"."""

    link_id: int
    relation: str  # corroborates, contradicts, related, duplicate, supersedes, superseded_by
    other_id: int
    state: str
    origin: str
    note: str
    decided_by: str
    decided_at: dt.datetime | None
    other_external_id: str = ""
    other_text: str = ""
    other_source: str = ""
    other_stance: str = ""
    other_url: str = ""  # its page, set by the readable report


@dataclass(frozen=True)
class VerdictChange:
    when: dt.datetime
    who: str
    status: str
    credibility: int | None
    reason: str

    @property
    def status_label(self) -> str:
        return ClaimStatus(self.status).label if self.status in ClaimStatus.values else self.status


@dataclass(frozen=True)
class Rationale:
    """Why a claim stands as it does: one reviewer's words, and where they were written."""

    kind: str  # "assessment", "link note", "source grading"
    text: str
    who: str = ""
    when: dt.datetime | None = None
    about: str = ""


@dataclass
class ReportClaim:
    id: int
    external_id: str
    text: str
    language: str
    url: str
    published: dt.date | None
    event_start: dt.date | None
    event_end: dt.date | None
    event_precision: str
    status: str
    credibility: int | None
    created_at: dt.datetime | None
    source: SourceInfo
    places: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    figures: list[str] = field(default_factory=list)
    links: list[LinkedClaim] = field(default_factory=list)
    history: list[VerdictChange] = field(default_factory=list)
    rationale: list[Rationale] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return ClaimStatus(self.status).label if self.status in ClaimStatus.values else self.status

    @property
    def credibility_label(self) -> str:
        return Credibility(self.credibility).label if self.credibility in Credibility.values else ""

    @property
    def event_display(self) -> str:
        """As on the claim page: "8 Nov 2017", "August 2017", "8 Nov 2017 – 11 Nov 2017"."""
        window = Claim(
            event_start=self.event_start, event_end=self.event_end, event_precision=self.event_precision
        )
        return window.event_display

    def linked(self, relation: str) -> list[LinkedClaim]:
        return [link for link in self.links if link.relation == relation]


def report_claim_filter(*, workspace: Workspace, filters: Mapping[str, Any] | None) -> ClaimFilter:
    """The queue's ClaimFilter over a workspace's claims; refuses a bad value with its field's name."""
    unknown = sorted(set(filters or {}) - set(ClaimFilter.base_filters))
    if unknown:
        # A filter the report would silently ignore would misstate its scope in the manifest.
        raise ReportFilterError(unknown[0], f"no such filter (known: {', '.join(ClaimFilter.base_filters)})")
    base = Claim.objects.alive().filter(workspace=workspace).order_by("-published", "-id")
    claim_filter = ClaimFilter(filters or None, queryset=base, workspace=workspace)
    if claim_filter.is_bound and not claim_filter.is_valid():
        name, errors = next(iter(claim_filter.errors.items()))
        raise ReportFilterError(name, " ".join(str(e) for e in errors))
    return claim_filter


def report_claims(*, workspace: Workspace, filters: Mapping[str, Any] | None) -> QuerySet[Claim]:
    return report_claim_filter(workspace=workspace, filters=filters).qs


def filters_described(claim_filter: ClaimFilter) -> list[tuple[str, str]]:
    """The filters in force as a person reads them: [("Status", "Corroborated, Contested"), ...]."""
    if not claim_filter.is_bound:
        return []
    described = []
    for name, value in claim_filter.form.cleaned_data.items():
        if value in (None, "", [], ()):
            continue
        form_field = claim_filter.form.fields[name]
        label = str(form_field.label or name.replace("_", " ").capitalize())
        choices = dict(getattr(form_field, "choices", None) or [])
        if isinstance(value, list | tuple | set | QuerySet):
            shown = ", ".join(str(choices.get(v, v)) for v in value)
        elif isinstance(value, dt.date):
            shown = value.isoformat()
        else:
            shown = str(choices.get(value, value)) if isinstance(value, str) else str(value)
        if name == "place":
            shown += " (and the places within it)"
        described.append((label, shown))
    return described


def filters_query(claim_filter: ClaimFilter) -> dict[str, Any]:
    """The filter values as submitted, without empty ones: what reproduces the report."""
    if not claim_filter.is_bound:
        return {}
    data = claim_filter.data
    query: dict[str, Any] = {}
    for name, form_field in claim_filter.form.fields.items():
        values = data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        if not isinstance(values, list | tuple):
            values = [] if values is None else [values]
        values = [str(v) for v in values if str(v).strip()]
        if not values:
            continue
        multiple = getattr(form_field.widget, "allow_multiple_selected", False)
        query[name] = values if multiple else values[-1]
    return query


def status_counts(claims: QuerySet[Claim]) -> dict[str, int]:
    rows = claims.order_by().values("status").annotate(n=Count("id", distinct=True))
    return {row["status"]: row["n"] for row in rows}


def _batched(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


CLAIM_FIELDS = (
    "id",
    "external_id",
    "text",
    "language",
    "url",
    "published",
    "event_start",
    "event_end",
    "event_precision",
    "status",
    "credibility",
    "source_id",
)


class SourceCache:
    """Sources by id, fetched once per report with their latest grading."""

    def __init__(self) -> None:
        self.known: dict[int, SourceInfo] = {}

    def fetch(self, ids: Iterable[int]) -> None:
        missing = set(ids) - set(self.known)
        if not missing:
            return
        latest: dict[int, Any] = {}
        assessments = (
            SourceAssessment.objects.filter(source_id__in=missing)
            .order_by("source_id", "-assessed_at", "-id")
            .values("source_id", "rationale", "assessed_by__username", "assessed_at")
        )
        for grading_row in assessments:
            latest.setdefault(grading_row["source_id"], grading_row)
        rows = Source.objects.filter(id__in=missing).values(
            "id", "name", "kind", "stance", "network__name", "reliability", "url"
        )
        for row in rows:
            grading = latest.get(row["id"]) or {}
            self.known[row["id"]] = SourceInfo(
                id=row["id"],
                name=row["name"],
                kind=row["kind"],
                stance=row["stance"],
                network=row["network__name"] or "",
                grade=row["reliability"],
                url=row["url"],
                rationale=grading.get("rationale", ""),
                assessed_by=grading.get("assessed_by__username") or "",
                assessed_at=grading.get("assessed_at"),
            )

    def __getitem__(self, source_id: int) -> SourceInfo:
        return self.known[source_id]


class InIds(_Lookup):
    """`column IN ids` with the ids as one parameter: an array on PostgreSQL, JSON on SQLite.

    `claim__in=[...]` prepares and binds every id on its own, which at 2,000 ids a chunk and
    four queries a chunk cost more than the queries themselves.
    """

    lookup_name = "in_ids"
    prepare_rhs = False

    def get_prep_lookup(self) -> list[int]:
        return [int(value) for value in self.rhs]

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s::bigint[])", [*lhs_params, self.rhs]
        return f"{lhs} IN (SELECT value FROM json_each(%s))", [*lhs_params, json.dumps(self.rhs)]


def _names(through: Any, target: str, ids: Sequence[int]) -> dict[int, list[str]]:
    names: dict[int, list[str]] = defaultdict(list)
    rows = through.objects.filter(InIds(F("claim_id"), ids)).order_by(f"{target}__name")
    for claim_id, name in rows.values_list("claim_id", f"{target}__name"):
        names[claim_id].append(name)
    return names


def _links(ids: Sequence[int]) -> list[dict[str, Any]]:
    # Only links a reviewer accepted are findings; open and rejected suggestions are not reported.
    rows = (
        Link.objects.filter(InIds(F("from_claim_id"), ids) | InIds(F("to_claim_id"), ids))
        .filter(state=LinkState.ACCEPTED)
        .order_by("id")
        .values(
            "id",
            "from_claim_id",
            "to_claim_id",
            "relation",
            "state",
            "origin",
            "note",
            "decided_by__username",
            "decided_at",
        )
    )
    return [dict(row) for row in rows]


def verdict_changes(records: Sequence[Mapping[str, Any]]) -> list[VerdictChange]:
    """The history records of one claim, oldest first, reduced to the changes of its verdict.

    The first record (the claim as recorded) always counts; after it, only a change of status or
    credibility does.
    """
    changes: list[VerdictChange] = []
    previous: tuple[Any, Any] | None = None
    for record in records:
        verdict = (record["status"], record["credibility"])
        if verdict == previous:
            continue
        previous = verdict
        changes.append(
            VerdictChange(
                when=record["history_date"],
                who=record.get("history_user__username") or "system",
                status=record["status"],
                credibility=record["credibility"],
                reason=record.get("history_change_reason") or "",
            )
        )
    return changes


def claim_assessment_rationales(*, claim_ids: Sequence[int]) -> dict[int, list[Rationale]]:
    """The reviewers' own rationale for each claim's credibility (CredibilityAssessment), newest first.

    The report shows them before the link notes and the source's grading.
    """
    found: dict[int, list[Rationale]] = defaultdict(list)
    rows = (
        CredibilityAssessment.objects.filter(InIds(F("claim_id"), claim_ids))
        .order_by("claim_id", "-assessed_at", "-id")
        .values("claim_id", "credibility", "rationale", "assessed_by__username", "assessed_at")
    )
    for row in rows:
        found[row["claim_id"]].append(
            Rationale(
                kind="assessment",
                text=row["rationale"],
                who=row["assessed_by__username"] or "",
                when=row["assessed_at"],
                about=f"credibility {row['credibility']}",
            )
        )
    return dict(found)


def report_rows(
    *,
    claims: QuerySet[Claim],
    chunk_size: int = CHUNK_SIZE,
    details: bool = True,
    history: bool = True,
) -> Iterator[list[ReportClaim]]:
    """The claims of a report, a chunk at a time, with what the writers need.

    `details` adds figures, tags, the linked claims' text and source, and the rationale (JSON and
    the readable report); `history` adds the verdict's history. CSV needs neither.
    """
    sources = SourceCache()
    # created_at dates a review without history only; CSV skips it (a datetime parse per row).
    fields = (*CLAIM_FIELDS, "created_at") if history else CLAIM_FIELDS
    rows = claims.values(*fields).iterator(chunk_size=chunk_size)
    for chunk in _batched(rows, chunk_size):
        ids = [row["id"] for row in chunk]
        places = _names(Claim.places.through, "place", ids)
        actors = _names(Claim.actors.through, "actor", ids)
        links = _links(ids)
        sources.fetch(row["source_id"] for row in chunk)

        others: dict[int, dict[str, Any]] = {}
        tags: dict[int, list[str]] = defaultdict(list)
        figures: dict[int, list[str]] = defaultdict(list)
        assessments: dict[int, list[Rationale]] = {}
        if details:
            other_ids = {link["from_claim_id"] for link in links} | {link["to_claim_id"] for link in links}
            others = {
                row["id"]: row
                for row in Claim.objects.filter(InIds(F("id"), list(other_ids)))
                .annotate(snippet=Substr("text", 1, SNIPPET + 1))
                .values("id", "external_id", "snippet", "source_id")
            }
            sources.fetch(row["source_id"] for row in others.values())
            tags = _names(Claim.tags.through, "tag", ids)
            for figure in Figure.objects.filter(InIds(F("claim_id"), ids)).order_by("claim_id", "id"):
                figures[figure.claim_id].append(str(figure))
            assessments = claim_assessment_rationales(claim_ids=ids)

        records: dict[int, list[dict[str, Any]]] = defaultdict(list)
        if history:
            historical = Claim.history.model.objects.filter(InIds(F("id"), ids)).order_by(
                "id", "history_date", "history_id"
            )
            for record in historical.values(
                "id",
                "history_date",
                "status",
                "credibility",
                "history_user__username",
                "history_change_reason",
            ):
                records[record["id"]].append(record)

        by_claim: dict[int, list[LinkedClaim]] = defaultdict(list)
        for link in links:
            for this, other in (
                (link["from_claim_id"], link["to_claim_id"]),
                (link["to_claim_id"], link["from_claim_id"]),
            ):
                relation = link["relation"]
                if relation == LinkRelation.SUPERSEDES and this == link["to_claim_id"]:
                    relation = "superseded_by"
                seen = others.get(other)
                by_claim[this].append(
                    LinkedClaim(
                        link_id=link["id"],
                        relation=relation,
                        other_id=other,
                        state=link["state"],
                        origin=link["origin"],
                        note=link["note"],
                        decided_by=link["decided_by__username"] or "",
                        decided_at=link["decided_at"],
                        other_external_id=seen["external_id"] if seen else "",
                        other_text=_snippet(seen["snippet"]) if seen else "",
                        other_source=sources[seen["source_id"]].name if seen else "",
                        other_stance=sources[seen["source_id"]].stance if seen else "",
                    )
                )

        batch = []
        for row in chunk:
            source = sources[row["source_id"]]
            claim_links = by_claim.get(row["id"], [])
            rationale: list[Rationale] = []
            if details:
                rationale.extend(assessments.get(row["id"], []))
                rationale.extend(
                    Rationale(
                        kind="link note",
                        text=link.note,
                        who=link.decided_by,
                        when=link.decided_at,
                        about=f"{link.relation.replace('_', ' ')} #{link.other_id}",
                    )
                    for link in claim_links
                    if link.note
                )
                if source.rationale:
                    rationale.append(
                        Rationale(
                            kind="source grading",
                            text=source.rationale,
                            who=source.assessed_by,
                            when=source.assessed_at,
                            about=f"{source.name}: {source.grade}",
                        )
                    )
            batch.append(
                ReportClaim(
                    id=row["id"],
                    external_id=row["external_id"],
                    text=row["text"],
                    language=row["language"],
                    url=row["url"],
                    published=row["published"],
                    event_start=row["event_start"],
                    event_end=row["event_end"],
                    event_precision=row["event_precision"],
                    status=row["status"],
                    credibility=row["credibility"],
                    created_at=row.get("created_at"),
                    source=source,
                    places=places.get(row["id"], []),
                    actors=actors.get(row["id"], []),
                    tags=tags.get(row["id"], []),
                    figures=figures.get(row["id"], []),
                    links=claim_links,
                    history=verdict_changes(records[row["id"]]) if history else [],
                    rationale=rationale,
                )
            )
        yield batch


def _snippet(text: str) -> str:
    return text if len(text) <= SNIPPET else text[:SNIPPET].rsplit(" ", 1)[0] + " …"
