"""Reads of the claim page's review parts: its links by state and relation, and link candidates."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from claims.matching.normalize import normalize_text
from claims.models import Claim, Link, LinkRelation, LinkState
from claims.selectors import claim_links


@dataclass
class LinkRow:
    link: Link
    other: Claim
    # "this supersedes it" / "supersedes this", for the one directed relation.
    direction: str = ""


@dataclass
class ClaimReview:
    open: list[LinkRow] = field(default_factory=list)
    accepted: list[tuple[str, str, list[LinkRow]]] = field(default_factory=list)
    rejected: list[LinkRow] = field(default_factory=list)

    @property
    def accepted_count(self) -> int:
        return sum(len(rows) for _, _, rows in self.accepted)

    def by_relation(self) -> list[tuple[str, list[tuple[Link, Claim]]]]:
        """Every link, whatever its state, grouped by relation in the relations' order."""
        rows = [*self.open, *(r for _, _, group in self.accepted for r in group), *self.rejected]
        return [
            (str(relation.label), [(r.link, r.other) for r in rows if r.link.relation == relation])
            for relation in LinkRelation
            if any(r.link.relation == relation for r in rows)
        ]


def claim_review(*, claim: Claim) -> ClaimReview:
    """The claim's links: open ones (strongest first), accepted ones by relation, rejected ones."""
    review = ClaimReview()
    by_relation: dict[str, list[LinkRow]] = defaultdict(list)
    for link in claim_links(claim=claim):
        other = link.other(claim)
        direction = ""
        if link.relation == LinkRelation.SUPERSEDES:
            direction = "this supersedes it" if link.from_claim_id == claim.pk else "supersedes this"
        row = LinkRow(link, other, direction)
        if link.state == LinkState.SUGGESTED:
            review.open.append(row)
        elif link.state == LinkState.ACCEPTED:
            by_relation[link.relation].append(row)
        else:
            review.rejected.append(row)
    # Contradictions first: they are what a reviewer must look at.
    review.open.sort(
        key=lambda r: (r.link.relation != LinkRelation.CONTRADICTS, -(r.link.score or 0), -r.link.pk)
    )
    order = [LinkRelation.CONTRADICTS, *(r for r in LinkRelation if r != LinkRelation.CONTRADICTS)]
    review.accepted = [(r.value, str(r.label), by_relation[r.value]) for r in order if by_relation[r.value]]
    review.rejected.sort(key=lambda r: r.link.decided_at or r.link.created_at, reverse=True)
    return review


@dataclass
class Candidate:
    claim: Claim
    linked: bool


def claim_link_candidates(*, claim: Claim, text: str, limit: int = 8) -> list[Candidate]:
    """Claims of the same workspace a reviewer may mean: by number (#12), external id or text."""
    text = text.strip()
    if not text:
        return []
    rows = Claim.objects.filter(workspace_id=claim.workspace_id).exclude(pk=claim.pk)
    number = text.lstrip("#")
    match = Q(external_id__istartswith=text)
    if number.isdigit():
        match |= Q(pk=int(number))
    folded = normalize_text(text)
    if len(folded) >= 2:
        match |= Q(text_normalized__contains=folded) | Q(text__icontains=text)
    found = list(rows.filter(match).select_related("source").order_by("-id")[:limit])
    linked = set()
    if found:
        ids = [c.pk for c in found]
        for a, b in Link.objects.filter(
            Q(from_claim=claim, to_claim__in=ids) | Q(to_claim=claim, from_claim__in=ids)
        ).values_list("from_claim_id", "to_claim_id"):
            linked |= {a, b}
    # Exact hits (number, external id) first.
    found.sort(key=lambda c: str(c.pk) != number and c.external_id.lower() != text.lower())
    return [Candidate(c, c.pk in linked) for c in found]
