"""The readable report: HTML written claim by claim, and the same HTML rendered to PDF by WeasyPrint."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from reports.selectors import LinkedClaim, ReportClaim
from sources.models import Stance

# WeasyPrint lays out the whole document in memory: a PDF of more claims would take minutes and
# gigabytes. CSV, JSON and HTML have no such limit.
PDF_MAX_CLAIMS = 3000

STANCE_ORDER = {value: index for index, value in enumerate(Stance.values)}
OTHER_RELATIONS = (
    ("duplicate", "Duplicates"),
    ("supersedes", "Supersedes"),
    ("superseded_by", "Superseded by"),
    ("related", "Related"),
)


class PdfUnavailable(RuntimeError):
    """WeasyPrint or the system libraries it needs (Pango) are missing."""


def by_stance(links: Iterable[LinkedClaim]) -> list[tuple[str, list[LinkedClaim]]]:
    """Linked claims grouped by their source's stance: how independent the agreement is."""
    groups: dict[str, list[LinkedClaim]] = {}
    for link in sorted(links, key=lambda link: (STANCE_ORDER.get(link.other_stance, 99), link.other_id)):
        label = Stance(link.other_stance).label if link.other_stance in Stance.values else "Unknown"
        groups.setdefault(label, []).append(link)
    return list(groups.items())


def stylesheet() -> str:
    path = finders.find("css/report.css")
    if not path or isinstance(path, list):
        raise FileNotFoundError("static/css/report.css is missing")
    return Path(path).read_text(encoding="utf-8")


def claim_context(claim: ReportClaim, *, claim_url: Callable[[int], str]) -> dict[str, Any]:
    # Linked claims point to their page, not to an anchor here: they may be outside the filters.
    def shown(relation: str) -> list[LinkedClaim]:
        return [replace(link, other_url=claim_url(link.other_id)) for link in claim.linked(relation)]

    return {
        "claim": claim,
        "claim_url": claim_url(claim.id),
        "corroborating": by_stance(shown("corroborates")),
        "contradicting": by_stance(shown("contradicts")),
        "other_links": [(label, shown(name)) for name, label in OTHER_RELATIONS if claim.linked(name)],
    }


def write_html(
    chunks: Iterable[list[ReportClaim]],
    out: IO[str],
    *,
    cover: Mapping[str, Any],
    claim_url: Callable[[int], str],
) -> int:
    """A self-contained HTML document (its stylesheet inlined), written one claim at a time."""
    out.write(render_to_string("reports/document_head.html", {**cover, "css": stylesheet()}))
    count = 0
    for chunk in chunks:
        for claim in chunk:
            count += 1
            out.write(
                render_to_string(
                    "reports/_claim.html",
                    {**claim_context(claim, claim_url=claim_url), "number": count},
                )
            )
    out.write(render_to_string("reports/document_foot.html", dict(cover)))
    return count


def write_pdf(html_path: Path, pdf_path: Path) -> None:
    """Render the HTML report to PDF; a clear PdfUnavailable if WeasyPrint cannot run here."""
    # WeasyPrint logs every step at INFO (from its import on); only its errors belong in a command's output.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: libpango or libgobject not found
        raise PdfUnavailable(
            "PDF export needs WeasyPrint and the Pango library (Debian: libpango-1.0-0, "
            f"libpangoft2-1.0-0); it cannot run on this machine: {exc}. "
            "HTML, CSV, JSON and ClaimReview reports still work."
        ) from None
    weasyprint.HTML(filename=str(html_path), base_url=str(settings.BASE_DIR)).write_pdf(str(pdf_path))
