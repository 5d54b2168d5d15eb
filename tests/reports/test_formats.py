"""Each report format against its contract, written through the same service the page and the command use."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reports.formats import CSV_COLUMNS, REVIEWED, review_rating
from reports.manifest import file_sha256
from reports.selectors import verdict_changes
from reports.services import ReportError, report_write
from tests.reports.conftest import ARABIC

pytestmark = pytest.mark.django_db


def write(world, tmp_path: Path, fmt: str, filters=None, name: str | None = None) -> tuple[Path, dict]:
    path = tmp_path / (name or f"report.{fmt}")
    manifest = report_write(
        workspace=world.workspace,
        format=fmt,
        filters=filters,
        path=path,
        generated_by="alice",
        base_url="https://workbench.example/",
    )
    return path, manifest


def test_csv_parses_with_the_documented_columns_and_links_by_relation(world, tmp_path) -> None:
    path, manifest = write(world, tmp_path, "csv")
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0].keys()) == CSV_COLUMNS
    by_id = {row["external_id"]: row for row in rows}
    assert set(by_id) == {"sohr-1", "dez-1", "sana-1", "dez-2", "sohr-0"}
    english = by_id["sohr-1"]
    assert english["text"] == world.english.text
    assert (english["source"], english["stance"], english["grade"]) == (
        "Syrian Observatory",
        "independent_monitor",
        "B",
    )
    assert (english["status"], english["credibility"]) == ("corroborated", "2")
    assert english["published"] == "2017-11-09" and english["event_date"] == "2017-11-08"
    assert english["places"] == "Al-Bukamal"
    assert english["corroborates"] == str(world.arabic.pk)
    assert english["contradicts"] == str(world.denial.pk)
    assert english["supersedes"] == str(world.old.pk)
    assert by_id["sohr-0"]["superseded_by"] == str(world.english.pk)
    # The open proposal between dez-2 and sohr-1 is not a finding.
    assert by_id["dez-2"]["related"] == "" and english["related"] == ""
    assert by_id["dez-1"]["text"] == ARABIC
    assert by_id["sana-1"]["network"] == "Syrian state"
    assert manifest["counts"]["claims"] == 5


def test_csv_holds_only_the_claims_the_filters_select(world, tmp_path) -> None:
    path, manifest = write(world, tmp_path, "csv", {"status": ["corroborated", "refuted"]})
    with path.open(newline="", encoding="utf-8") as handle:
        ids = {row["external_id"] for row in csv.DictReader(handle)}
    assert ids == {"sohr-1", "sana-1"}
    assert manifest["filters"]["query"] == {"status": ["corroborated", "refuted"]}
    assert manifest["filters"]["described"] == {"Status": "Corroborated, Refuted"}
    path, _ = write(world, tmp_path, "csv", {"place": str(world.place.pk), "q": "البوكمال"}, name="p.csv")
    with path.open(newline="", encoding="utf-8") as handle:
        assert [row["external_id"] for row in csv.DictReader(handle)] == ["dez-1"]


def test_json_has_claims_with_sources_links_and_history(world, tmp_path) -> None:
    path, _ = write(world, tmp_path, "json")
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["report"]["workspace"]["organisation"] == "Syria Desk Collective"
    claims = {c["external_id"]: c for c in document["claims"]}
    english = claims["sohr-1"]
    assert english["source"]["name"] == "Syrian Observatory"
    assert english["source"]["grade_rationale"] == "Long record of cautious counts."
    assert english["page"] == f"https://workbench.example/w/{world.workspace.slug}/claims/{world.english.pk}/"
    relations = {(link["relation"], link["claim"]) for link in english["links"]}
    assert relations == {
        ("corroborates", world.arabic.pk),
        ("contradicts", world.denial.pk),
        ("supersedes", world.old.pk),
    }
    assert [(h["status"], h["credibility"], h["who"]) for h in english["history"]] == [
        ("new", None, "alice"),
        ("in_review", None, "bob"),
        ("corroborated", 2, "bob"),
    ]
    arabic = claims["dez-1"]
    assert arabic["text"] == ARABIC
    assert arabic["rationale"][0] == {
        "kind": "link note",
        "text": "Local outlet independently gives the same toll.",
        "who": "bob",
        "when": arabic["links"][0]["decided_at"],
        "about": f"corroborates #{world.english.pk}",
    }


def test_claimreview_has_one_review_per_reviewed_claim_with_the_required_properties(world, tmp_path) -> None:
    path, manifest = write(world, tmp_path, "claimreview")
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["@context"] == "https://schema.org"
    reviews = document["@graph"]
    assert {r["claimReviewed"] for r in reviews} == {world.english.text, world.denial.text, ARABIC}
    assert manifest["counts"]["claim_reviews"] == 3
    for review in reviews:
        assert review["@type"] == "ClaimReview"
        assert {"claimReviewed", "itemReviewed", "reviewRating", "author", "datePublished", "url"} <= set(
            review
        )
        assert review["author"] == {"@type": "Organization", "name": "Syria Desk Collective"}
        assert review["itemReviewed"]["@type"] == "Claim"
        assert review["itemReviewed"]["author"]["@type"] == "Organization"
        rating = review["reviewRating"]
        assert rating["@type"] == "Rating"
        assert (rating["worstRating"], rating["bestRating"]) == (1, 5)
        assert rating["alternateName"]
        assert review["url"].startswith("https://workbench.example/w/")
    english = next(r for r in reviews if r["claimReviewed"] == world.english.text)
    assert english["itemReviewed"]["author"]["name"] == "Syrian Observatory"
    assert english["itemReviewed"]["datePublished"] == "2017-11-09"
    assert english["itemReviewed"]["appearance"]["url"] == "https://www.syriahr.com/en/1"
    assert english["reviewRating"]["ratingValue"] == 4
    denial = next(r for r in reviews if r["claimReviewed"] == world.denial.text)
    assert denial["reviewRating"]["ratingValue"] == 1


@pytest.mark.parametrize(
    ("status", "credibility", "value", "name"),
    [
        ("corroborated", 1, 5, "Corroborated; credibility 1: confirmed by other sources"),
        ("corroborated", None, 4, "Corroborated"),
        ("contested", None, 3, "Contested"),
        ("contested", 4, 2, "Contested; credibility 4: doubtful"),
        ("refuted", None, 1, "Refuted"),
        ("refuted", 5, 1, "Refuted; credibility 5: improbable"),
        ("unverifiable", None, None, "Unverifiable"),
        ("corroborated", 6, None, "Corroborated; credibility 6: truth cannot be judged"),
    ],
)
def test_review_rating_maps_status_and_credibility(status, credibility, value, name) -> None:
    rating = review_rating(status, credibility)
    assert rating.get("ratingValue") == value
    assert rating["alternateName"] == name
    assert status in REVIEWED


def test_html_report_has_cover_method_and_claims_right_to_left_where_arabic(world, tmp_path) -> None:
    path, _ = write(world, tmp_path, "html", {"status": ["corroborated", "contested", "refuted"]})
    html = path.read_text(encoding="utf-8")
    assert "Syria Desk Collective" in html and "Verification report" in html
    assert "Corroborated, Contested, Refuted" in html  # the scope
    assert "<h2>Method</h2>" in html
    assert f'<blockquote class="text" dir="auto" lang="ar">{ARABIC}</blockquote>' in html
    assert "Corroborated by" in html and "Contradicted by" in html
    assert "Independent media" in html and "State media" in html  # corroborations grouped by stance
    assert "Local outlet independently gives the same toll." in html  # rationale
    assert "History of the verdict" in html
    assert "<script" not in html


needs_poppler = pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils is not installed")


@needs_poppler
def test_pdf_opens_and_contains_the_claims(world, tmp_path) -> None:
    path, manifest = write(world, tmp_path, "pdf")
    assert path.read_bytes().startswith(b"%PDF-")
    subprocess.run(
        ["pdftoppm", "-f", "1", "-l", "1", "-r", "40", "-png", path, tmp_path / "page"], check=True
    )
    first = next(tmp_path.glob("page*.png"))
    assert first.stat().st_size > 1000
    text = subprocess.run(["pdftotext", path, "-"], check=True, capture_output=True, text=True).stdout
    assert "Verification report" in text
    assert "Warplanes struck positions near al-Bukamal" in text
    assert "did not carry out any strikes" in text
    # Arabic comes out as text (shaped by Pango); pdftotext gives the words back.
    assert "البوكمال" in text
    assert manifest["files"][0]["sha256"] == file_sha256(path)


def test_pdf_export_fails_with_a_clear_message_when_weasyprint_cannot_load(
    world, tmp_path, monkeypatch
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # what an import of a missing package does
    with pytest.raises(ReportError, match="PDF export needs WeasyPrint and the Pango library"):
        write(world, tmp_path, "pdf")
    assert not (tmp_path / "report.pdf.tmp.html").exists()


def test_pdf_refuses_more_claims_than_it_can_lay_out(world, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr("reports.services.PDF_MAX_CLAIMS", 2)
    with pytest.raises(ReportError, match="at most 2 claims and these filters select 5"):
        write(world, tmp_path, "pdf")


@pytest.mark.parametrize("fmt", ["csv", "json", "claimreview", "html", "pdf"])
def test_manifest_names_filters_engine_counts_and_the_sha256_of_the_file(world, tmp_path, fmt) -> None:
    if fmt == "pdf" and not shutil.which("pdftoppm"):
        pytest.skip("poppler-utils is not installed")
    path, manifest = write(world, tmp_path, fmt, {"stance": ["independent_monitor"]})
    from claims.matching import ENGINE_VERSION

    assert manifest["engine_version"] == ENGINE_VERSION
    assert manifest["generated_by"] == "alice"
    assert manifest["filters"]["query"] == {"stance": ["independent_monitor"]}
    assert manifest["counts"]["claims"] == 2
    [entry] = manifest["files"]
    assert entry == {"name": path.name, "bytes": path.stat().st_size, "sha256": file_sha256(path)}


def test_verdict_changes_keep_the_first_record_and_each_change_of_status_or_credibility() -> None:
    records = [
        {"history_date": 1, "status": "new", "credibility": None},
        {"history_date": 2, "status": "new", "credibility": None, "history_user__username": "bob"},
        {"history_date": 3, "status": "in_review", "credibility": None, "history_user__username": "bob"},
        {"history_date": 4, "status": "in_review", "credibility": 3, "history_user__username": "bob"},
    ]
    changes = verdict_changes(records)
    assert [(c.when, c.who, c.status, c.credibility) for c in changes] == [
        (1, "system", "new", None),
        (3, "bob", "in_review", None),
        (4, "bob", "in_review", 3),
    ]
