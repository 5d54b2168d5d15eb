"""The report formats: pure writers over the plain rows of reports.selectors, no ORM inside.

Each writer takes an iterable of chunks (lists of ReportClaim) and writes as it goes, so a report
of a million claims never holds more than one chunk.

CSV columns (one row a claim; lists are separated by "; ", linked claims are Workbench claim ids):

    id              the claim's id in Workbench (its page is /w/<workspace>/claims/<id>/)
    external_id     the id it had where it came from (imports)
    text            verbatim, as published
    language        en, ar, ...
    source          the source's name
    stance          the source's stance (state_media, partisan, independent_monitor, ...)
    network         the source's network (sources of one network are one voice)
    grade           the source's Admiralty reliability, A-F
    status          new, in_review, corroborated, contested, refuted, unverifiable
    credibility     Admiralty credibility 1-6, empty if not judged
    published       YYYY-MM-DD
    event_date      as imported: a day, a range 2017-11-08/2017-11-11, a month 2017-11 or a year
    places, actors  gazetteer names
    url             where it was published
    corroborates, contradicts, related, duplicate
                    ids of the claims linked to it by that relation (accepted links only)
    supersedes      ids of the claims this one supersedes
    superseded_by   ids of the claims that supersede this one
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable, Mapping
from typing import IO, Any

from claims.dates import format_event_window
from claims.models import ClaimStatus, Credibility
from reports.selectors import LinkedClaim, ReportClaim

Chunks = Iterable[list[ReportClaim]]

LINK_COLUMNS = ("corroborates", "contradicts", "related", "duplicate", "supersedes", "superseded_by")
CSV_COLUMNS = (
    "id",
    "external_id",
    "text",
    "language",
    "source",
    "stance",
    "network",
    "grade",
    "status",
    "credibility",
    "published",
    "event_date",
    "places",
    "actors",
    "url",
    *LINK_COLUMNS,
)


def _date(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def csv_row(claim: ReportClaim) -> list[Any]:
    linked: dict[str, list[str]] = {name: [] for name in LINK_COLUMNS}
    for link in claim.links:
        linked[link.relation].append(str(link.other_id))
    return [
        claim.id,
        claim.external_id,
        claim.text,
        claim.language,
        claim.source.name,
        claim.source.stance,
        claim.source.network,
        claim.source.grade,
        claim.status,
        claim.credibility if claim.credibility is not None else "",
        _date(claim.published) or "",
        format_event_window(claim.event_start, claim.event_end, claim.event_precision),
        "; ".join(claim.places),
        "; ".join(claim.actors),
        claim.url,
        *("; ".join(linked[name]) for name in LINK_COLUMNS),
    ]


def write_csv(chunks: Chunks, out: IO[str]) -> int:
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    count = 0
    for chunk in chunks:
        writer.writerows(csv_row(claim) for claim in chunk)
        count += len(chunk)
    return count


def _link_json(link: LinkedClaim) -> dict[str, Any]:
    return {
        "link": link.link_id,
        "relation": link.relation,
        "claim": link.other_id,
        "external_id": link.other_external_id,
        "origin": link.origin,
        "state": link.state,
        "note": link.note,
        "decided_by": link.decided_by,
        "decided_at": _date(link.decided_at),
    }


def claim_json(claim: ReportClaim, *, claim_url: str) -> dict[str, Any]:
    source = claim.source
    return {
        "id": claim.id,
        "external_id": claim.external_id,
        "page": claim_url,
        "text": claim.text,
        "language": claim.language,
        "url": claim.url,
        "published": _date(claim.published),
        "event": {
            "date": format_event_window(claim.event_start, claim.event_end, claim.event_precision),
            "start": _date(claim.event_start),
            "end": _date(claim.event_end or claim.event_start),
            "precision": claim.event_precision,
        },
        "places": claim.places,
        "actors": claim.actors,
        "figures": claim.figures,
        "tags": claim.tags,
        "status": claim.status,
        "credibility": claim.credibility,
        "source": {
            "id": source.id,
            "name": source.name,
            "kind": source.kind,
            "stance": source.stance,
            "network": source.network,
            "grade": source.grade,
            "url": source.url,
            "grade_rationale": source.rationale,
        },
        "links": [_link_json(link) for link in claim.links],
        "history": [
            {
                "when": _date(change.when),
                "who": change.who,
                "status": change.status,
                "credibility": change.credibility,
                "reason": change.reason,
            }
            for change in claim.history
        ],
        "rationale": [
            {"kind": r.kind, "text": r.text, "who": r.who, "when": _date(r.when), "about": r.about}
            for r in claim.rationale
        ],
    }


def write_json(chunks: Chunks, out: IO[str], *, header: Mapping[str, Any], claim_url: Any) -> int:
    """{"report": header, "claims": [...]}, the claims written one by one."""
    out.write('{"report": ')
    out.write(json.dumps(header, ensure_ascii=False, indent=2))
    out.write(',\n"claims": [')
    count = 0
    for chunk in chunks:
        for claim in chunk:
            out.write(",\n" if count else "\n")
            out.write(json.dumps(claim_json(claim, claim_url=claim_url(claim.id)), ensure_ascii=False))
            count += 1
    out.write("\n]}\n")
    return count


# --- schema.org ClaimReview -------------------------------------------------------------------

# A claim is "reviewed" once it carries a verdict; new and in-review claims are left out.
REVIEWED = (ClaimStatus.CORROBORATED, ClaimStatus.CONTESTED, ClaimStatus.REFUTED, ClaimStatus.UNVERIFIABLE)
BEST_RATING, WORST_RATING = 5, 1
# Admiralty credibility 1-5 onto the 5 (true) .. 1 (false) scale fact-checkers use; 6 ("truth
# cannot be judged") has no place on it.
RATING_FROM_CREDIBILITY = {1: 5, 2: 4, 3: 3, 4: 2, 5: 1}
# Without a credibility the status gives the value: corroborated leans true, contested is mixed,
# refuted is false, unverifiable has no value.
RATING_FROM_STATUS = {ClaimStatus.CORROBORATED: 4, ClaimStatus.CONTESTED: 3, ClaimStatus.REFUTED: 1}


def review_rating(status: str, credibility: int | None) -> dict[str, Any]:
    """The schema.org Rating for a verdict: ratingValue from credibility, else from status.

    alternateName says it in words: the status, then the credibility ("Corroborated; credibility
    2: probably true"). A verdict with no place on the scale (unverifiable, or credibility 6)
    carries no ratingValue, only its alternateName.
    """
    value = RATING_FROM_CREDIBILITY.get(credibility or 0, RATING_FROM_STATUS.get(ClaimStatus(status)))
    if credibility == 6:
        value = None
    name = ClaimStatus(status).label
    if credibility:
        name += f"; credibility {Credibility(credibility).label}"
    rating: dict[str, Any] = {
        "@type": "Rating",
        "bestRating": BEST_RATING,
        "worstRating": WORST_RATING,
        "alternateName": name,
    }
    if value is not None:
        rating["ratingValue"] = value
    return rating


def claim_review(claim: ReportClaim, *, claim_url: str, organisation: str) -> dict[str, Any]:
    reviewed_at = claim.history[-1].when if claim.history else claim.created_at or dt.datetime.now(dt.UTC)
    item: dict[str, Any] = {
        "@type": "Claim",
        "author": {"@type": "Organization", "name": claim.source.name},
    }
    if claim.source.url:
        item["author"]["url"] = claim.source.url
    if claim.published:
        item["datePublished"] = claim.published.isoformat()
    if claim.url:
        item["appearance"] = {"@type": "CreativeWork", "url": claim.url}
    if claim.language:
        item["inLanguage"] = claim.language
    return {
        "@type": "ClaimReview",
        "@id": claim_url,
        "url": claim_url,
        "claimReviewed": claim.text,
        "itemReviewed": item,
        "reviewRating": review_rating(claim.status, claim.credibility),
        "author": {"@type": "Organization", "name": organisation},
        "datePublished": reviewed_at.date().isoformat(),
    }


def write_claimreview(chunks: Chunks, out: IO[str], *, organisation: str, claim_url: Any) -> int:
    """A JSON-LD document: {"@context": "https://schema.org", "@graph": [ClaimReview, ...]}."""
    out.write('{"@context": "https://schema.org",\n"@graph": [')
    count = 0
    for chunk in chunks:
        for claim in chunk:
            if claim.status not in REVIEWED:
                continue
            review = claim_review(claim, claim_url=claim_url(claim.id), organisation=organisation)
            out.write(",\n" if count else "\n")
            out.write(json.dumps(review, ensure_ascii=False))
            count += 1
    out.write("\n]}\n")
    return count
