"""Relays, credibility assessments and track records through the database, services and pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from claims.models import Claim, LinkState
from claims.services.claims import claim_create, claim_update
from claims.services.credibility import claim_assess_credibility
from claims.services.imports import claims_import
from claims.services.links import link_create, link_decide
from sources.charts import quarter_chart
from sources.models import CredibilityAssessment
from sources.selectors import claim_corroboration, source_record
from sources.services import network_get_or_create, source_create
from tests.conftest import client_for
from tests.factories import ClaimFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def url(name: str, workspace, **kwargs) -> str:
    return reverse(name, kwargs={"slug": workspace.slug, **kwargs})


# --- relays --------------------------------------------------------------------------------------


def test_a_claim_saying_according_to_sana_is_recorded_as_its_relay(workspace, alice, voices) -> None:
    claim = claim_create(
        workspace=workspace,
        created_by=alice,
        text="According to SANA, the army took full control of al-Omar oil field.",
        source=voices["masdar"],
    )
    assert (claim.relayed_from, claim.relay_origin) == (voices["sana"], "detected")
    plain = claim_create(
        workspace=workspace,
        created_by=alice,
        text="The SDF took al-Omar oil field.",
        source=voices["reuters"],
    )
    assert (plain.relayed_from, plain.relay_origin) == (None, "")


def test_an_edit_of_the_text_detects_again_but_never_overwrites_a_researchers_choice(
    workspace, alice, rita, voices
) -> None:
    claim = claim_create(
        workspace=workspace, created_by=alice, text="The army advanced.", source=voices["masdar"]
    )
    claim = claim_update(claim=claim, updated_by=alice, text="The army advanced, SANA reported.")
    assert claim.relayed_from == voices["sana"]
    # rita says it is not a relay after all; a later edit of the text leaves her choice alone.
    response = client_for(rita).post(url("claims:relay", workspace, pk=claim.pk), {"relayed_from": ""})
    assert response.status_code == 302
    claim = claim_update(claim=claim, updated_by=alice, text="The army advanced, according to SANA.")
    assert (claim.relayed_from, claim.relay_origin) == (None, "manual")
    # ...until she hands it back to detection.
    client_for(rita).post(url("claims:relay", workspace, pk=claim.pk), {"action": "detect"})
    claim.refresh_from_db()
    assert (claim.relayed_from, claim.relay_origin) == (voices["sana"], "detected")
    assert claim.history.filter(history_user=rita).exists()


def test_a_researcher_sets_a_relay_by_hand_but_not_to_the_claims_own_source(workspace, rita, voices) -> None:
    claim = ClaimFactory.create(workspace=workspace, source=voices["masdar"], text="The army advanced.")
    client = client_for(rita)
    client.post(url("claims:relay", workspace, pk=claim.pk), {"relayed_from": voices["sana"].pk})
    claim.refresh_from_db()
    assert (claim.relayed_from, claim.relay_origin) == (voices["sana"], "manual")
    response = client.post(
        url("claims:relay", workspace, pk=claim.pk), {"relayed_from": voices["masdar"].pk}, follow=True
    )
    assert "cannot be a relay of its own source" in response.content.decode()
    claim.refresh_from_db()
    assert claim.relayed_from == voices["sana"]


def test_an_import_detects_relays_in_english_and_arabic(workspace, alice, voices, tmp_path: Path) -> None:
    path = tmp_path / "claims.jsonl"
    path.write_text(
        '{"id": "a", "text": "The death toll rose to 57, the Syrian Observatory for Human Rights said.", '
        '"source": "Reuters"}\n'
        '{"id": "b", "text": "وحدات من الجيش تبسط سيطرتها على حقل العمر، نقلاً عن سانا.", '
        '"source": "al-Masdar"}\n'
        '{"id": "c", "text": "The SDF took al-Omar oil field.", "source": "ANHA", "credibility": "2"}\n',
        encoding="utf-8",
    )
    claims_import(path=path, workspace=workspace, user=alice)
    relays = dict(Claim.objects.values_list("external_id", "relayed_from__name"))
    assert relays == {"a": "SOHR", "b": "SANA", "c": None}
    # A credibility from a file has its assessment too, naming the line it came from.
    assessment = CredibilityAssessment.objects.get()
    assert (assessment.credibility, assessment.rationale, assessment.assessed_by) == (
        2,
        "import claims.jsonl line 3",
        alice,
    )


# --- corroboration and credibility ---------------------------------------------------------------


def linked(subject, others, relation, by):
    for other in others:
        link = link_create(from_claim=subject, to_claim=other, relation=relation, created_by=by)
        link_decide(link=link, decided_by=by, state=LinkState.ACCEPTED)


@pytest.fixture
def al_omar(workspace, bob, voices):
    def claim(source, text, **kwargs):
        return ClaimFactory.create(workspace=workspace, source=source, text=text, **kwargs)

    anha = claim(voices["anha"], "The SDF liberated al-Omar oil field on October 22.")
    sana = claim(voices["sana"], "The army took full control of al-Omar oil field.")
    masdar = claim_create(
        workspace=workspace,
        created_by=bob,
        source=voices["masdar"],
        text="According to SANA, the army took full control of al-Omar oil field.",
    )
    linked(
        anha,
        [
            claim(voices["reuters"], "The US-backed SDF captured al-Omar."),
            claim(voices["sohr"], "SDF took al-Omar."),
        ],
        "corroborates",
        bob,
    )
    linked(anha, [sana, masdar], "contradicts", bob)
    return anha


def test_only_decided_links_and_researchers_open_proposals_count(
    workspace, al_omar, rita, bob, voices
) -> None:
    from claims.models import Link

    def other(name: str):
        source = source_create(name=name, network=network_get_or_create(name=name))
        return ClaimFactory.create(workspace=workspace, source=source, text=f"{name}: the SDF took al-Omar.")

    # The engine's open suggestion does not count; a researcher's open proposal does, until rejected.
    Link.objects.create(
        workspace=workspace,
        from_claim=al_omar,
        to_claim=other("Engine"),
        relation="corroborates",
        origin="suggested",
        score=0.9,
    )
    proposal = link_create(
        from_claim=al_omar, to_claim=other("Proposed"), relation="corroborates", created_by=rita
    )
    assert claim_corroboration(claim=al_omar).support.count == 3
    link_decide(link=proposal, decided_by=bob, state=LinkState.REJECTED)
    assert claim_corroboration(claim=al_omar).support.count == 2


def test_al_omar_is_corroborated_by_two_networks_and_contradicted_by_one_voice(al_omar, voices) -> None:
    corroboration = claim_corroboration(claim=al_omar)
    assert (corroboration.support.count, corroboration.against.count) == (2, 1)
    assert corroboration.suggestion.credibility == 2
    assert "contradicted by SANA, al-Masdar News relaying SANA (state_media, grade D)" in (
        corroboration.suggestion.explanation
    )


def test_a_reviewer_assesses_credibility_and_the_suggestion_is_kept_beside_the_decision(
    workspace, al_omar, bob
) -> None:
    response = client_for(bob).post(
        url("claims:credibility", workspace, pk=al_omar.pk),
        {"credibility": "1", "rationale": "Reuters and SOHR confirm; SANA is one voice."},
    )
    assert response.status_code == 302
    al_omar.refresh_from_db()
    assert al_omar.credibility == 1
    assessment = CredibilityAssessment.objects.get(claim=al_omar)
    assert (assessment.credibility, assessment.suggested_credibility, assessment.assessed_by) == (1, 2, bob)
    assert assessment.suggestion.startswith("2 (probably true): corroborated by 2 sources in 2 networks")
    assert assessment.workspace == workspace
    assert al_omar.history.first().history_user == bob
    page = client_for(bob).get(url("claims:detail", workspace, pk=al_omar.pk)).content.decode()
    assert "Reuters and SOHR confirm" in page
    assert "C1" in page  # the Admiralty code: ANHA's grade and the claim's credibility


def test_credibility_needs_a_rationale_and_a_value_from_one_to_six(workspace, al_omar, bob, rita) -> None:
    with pytest.raises(ValidationError, match="rationale"):
        claim_assess_credibility(claim=al_omar, credibility=2, rationale="  ", assessed_by=bob)
    with pytest.raises(ValidationError, match="credibility"):
        claim_assess_credibility(claim=al_omar, credibility=7, rationale="x", assessed_by=bob)
    response = client_for(bob).post(url("claims:credibility", workspace, pk=al_omar.pk), {"credibility": "2"})
    assert response.status_code == 302
    assert (
        client_for(rita)
        .post(url("claims:credibility", workspace, pk=al_omar.pk), {"credibility": "2", "rationale": "x"})
        .status_code
        == 403
    )
    assert not CredibilityAssessment.objects.exists()


def test_an_outsider_cannot_assess_or_set_a_relay(workspace, al_omar, charlie, voices) -> None:
    client = client_for(charlie)
    assert (
        client.post(
            url("claims:credibility", workspace, pk=al_omar.pk), {"credibility": "1", "rationale": "x"}
        ).status_code
        == 404
    )
    assert (
        client.post(
            url("claims:relay", workspace, pk=al_omar.pk), {"relayed_from": voices["sana"].pk}
        ).status_code
        == 404
    )
    assert not CredibilityAssessment.objects.exists()


# --- track records -------------------------------------------------------------------------------


def test_a_relay_counts_for_its_origins_record_not_for_the_relayer(
    workspace, other_workspace, alice, voices
) -> None:
    ClaimFactory.create(workspace=workspace, source=voices["sana"], status="refuted")
    claim_create(
        workspace=workspace,
        created_by=alice,
        source=voices["masdar"],
        text="According to SANA, the army took al-Omar.",
        status="refuted",
    )
    ClaimFactory.create(workspace=other_workspace, source=voices["sana"], status="corroborated")
    record = source_record(source=voices["sana"], workspace=workspace, user=alice)
    assert (record.workspace.counts.refuted, record.claims_here, record.relayed_here) == (2, 2, 1)
    # alice is not a member of the other workspace: its corroborated claim is not hers to count.
    assert (record.yours.counts.refuted, record.yours.counts.corroborated) == (2, 0)
    MembershipFactory.create(workspace=other_workspace, user=alice, role="viewer")
    record = source_record(source=voices["sana"], workspace=workspace, user=alice)
    assert (record.yours.counts.refuted, record.yours.counts.corroborated) == (2, 1)
    assert record.workspace.counts.corroborated == 0
    assert (
        source_record(source=voices["masdar"], workspace=workspace, user=alice).workspace.counts.reviewed == 0
    )


def _record_seen(client, workspace, source) -> tuple:
    """What a member sees of a source's record: the page's and the table's figures and their HTML."""
    page = client.get(url("sources:detail", workspace, pk=source.pk))
    table = client.get(url("sources:reliability", workspace))
    section = page.content.decode().split('<section class="source-record"')[1].split("</section>")[0]
    rows = table.content.decode().split("<tbody>")[1].split("</tbody>")[0]
    figures = [(row.source.pk, row.record, row.yours) for row in table.context["rows"]]
    return page.context["records"], section, figures, rows


def test_a_verdict_in_a_workspace_he_is_not_a_member_of_never_changes_what_he_sees(
    workspace, other_workspace, vera, charlie, voices
) -> None:
    ClaimFactory.create(workspace=workspace, source=voices["sana"], status="refuted")
    theirs = ClaimFactory.create(workspace=other_workspace, source=voices["sana"], status="new")
    relay = ClaimFactory.create(
        workspace=other_workspace,
        source=voices["masdar"],
        relayed_from=voices["sana"],
        relay_origin="manual",
        status="new",
    )
    vera_sees = client_for(vera)
    charlie_sees = client_for(charlie)
    before = _record_seen(vera_sees, workspace, voices["sana"])
    charlie_before = _record_seen(charlie_sees, other_workspace, voices["sana"])
    for status in ["corroborated", "refuted", "contested", "unverifiable"]:
        Claim.objects.filter(pk__in=[theirs.pk, relay.pk]).update(status=status)
        assert _record_seen(vera_sees, workspace, voices["sana"]) == before, status
    # The other team does see its own verdicts (so the comparison above can fail), never vera's.
    charlie_after = _record_seen(charlie_sees, other_workspace, voices["sana"])
    assert charlie_after != charlie_before
    assert dict(charlie_after[0])["Right, estimate across your workspaces"].counts.unverifiable == 2
    assert dict(charlie_after[0])["Right, estimate across your workspaces"].counts.refuted == 0
    assert "across your workspaces" in before[1] and "Across your workspaces" not in before[3]


def test_the_sources_table_lists_stance_network_grade_and_record(workspace, vera, voices) -> None:
    for _ in range(3):
        ClaimFactory.create(workspace=workspace, source=voices["reuters"], status="corroborated")
    ClaimFactory.create(workspace=workspace, source=voices["sohr"], status="contested")
    response = client_for(vera).get(url("sources:reliability", workspace))
    rows = {row.source.name: row for row in response.context["rows"]}
    assert set(rows) == {"Reuters", "SOHR"}
    assert rows["Reuters"].record.counts.corroborated == 3 and rows["Reuters"].record.mean > 0.5
    page = response.content.decode()
    assert "Wire agency" in page and "Beta(2, 2)" in page
    assert "— (its own voice)" in page  # SOHR has no network here


def test_the_sources_table_costs_the_same_queries_for_many_sources(
    workspace, vera, voices, django_assert_max_num_queries
) -> None:
    client = client_for(vera)
    ClaimFactory.create(workspace=workspace, source=voices["sana"], status="refuted")
    target = url("sources:reliability", workspace)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(target)
    for index in range(30):
        source = source_create(name=f"Outlet {index}", network=network_get_or_create(name=f"Net {index}"))
        ClaimFactory.create(workspace=workspace, source=source, status="corroborated")
        ClaimFactory.create(
            workspace=workspace,
            source=voices["reuters"],
            relayed_from=source,
            relay_origin="manual",
            status="contested",
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(target)
    assert len(response.context["rows"]) == 32


def test_the_source_page_shows_the_record_and_a_chart_of_quarters(workspace, vera, voices) -> None:
    import datetime

    ClaimFactory.create(
        workspace=workspace, source=voices["sana"], status="refuted", published=datetime.date(2017, 10, 22)
    )
    ClaimFactory.create(
        workspace=workspace, source=voices["sana"], status="new", published=datetime.date(2018, 2, 1)
    )
    response = client_for(vera).get(url("sources:detail", workspace, pk=voices["sana"].pk))
    chart = response.context["chart"]
    assert [bar.label for bar in chart.bars][:1] == ["Q1 2017"] and len(chart.bars) == 8
    assert "Q4 2017: 1 refuted" in response.content.decode()
    assert 'style="' not in response.content.decode()


def test_quarter_chart_stacks_statuses_and_fills_the_years() -> None:
    chart = quarter_chart({(2017, 4): {"corroborated": 2, "refuted": 1}, (2018, 2): {"new": 3}})
    assert len(chart.bars) == 8
    q4 = chart.bars[3]
    assert [s.status for s in q4.segments] == ["corroborated", "refuted"]
    assert q4.segments[0].y > q4.segments[1].y  # the first verdict sits at the bottom
    assert sum(s.height for s in q4.segments) == pytest.approx(chart.bars[5].segments[0].height)
    assert quarter_chart({}).empty
