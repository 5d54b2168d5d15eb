"""The relay on the claim form (create and edit), and the cue that made a detected relay."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import reverse

from claims.models import Claim
from claims.services.claims import claim_create, claim_update
from claims.services.imports import claims_import
from sources.scoring import RelayIndex, quote_words
from tests.conftest import client_for
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def url(name: str, workspace, **kwargs) -> str:
    return reverse(name, kwargs={"slug": workspace.slug, **kwargs})


def create(client, workspace, text: str, source, relay: str | None = None):
    data = {"text": text, "source": source.pk}
    if relay is not None:
        data["relayed_from"] = relay
    return client.post(url("claims:create", workspace), data)


def edit(client, claim, **changes):
    form = client.get(url("claims:edit", claim.workspace, pk=claim.pk)).context["form"]
    data = {"text": claim.text, "source": claim.source_id, "relayed_from": form["relayed_from"].value()}
    data.update(changes)
    return client.post(url("claims:edit", claim.workspace, pk=claim.pk), data)


# --- the form ------------------------------------------------------------------------------------


def test_left_to_detection_the_form_records_the_relay_the_text_states(workspace, rita, voices) -> None:
    client = client_for(rita)
    form = client.get(url("claims:create", workspace)).context["form"]
    assert form["relayed_from"].value() in ("", None)
    assert "— detect from the text —" in form["relayed_from"].as_widget()
    response = create(client, workspace, "The army took al-Omar, according to SANA.", voices["masdar"], "")
    assert response.status_code == 302
    claim = Claim.objects.get()
    assert (claim.relayed_from, claim.relay_origin, claim.relay_cue) == (
        voices["sana"],
        "detected",
        "according to SANA",
    )


def test_a_source_chosen_on_the_create_form_is_kept_through_later_edits_of_the_text(
    workspace, rita, voices
) -> None:
    client = client_for(rita)
    create(
        client, workspace, "The army advanced east of the river.", voices["masdar"], str(voices["sana"].pk)
    )
    claim = Claim.objects.get()
    assert (claim.relayed_from, claim.relay_origin, claim.relay_cue) == (voices["sana"], "manual", "")
    # The edit form shows her choice; an edit of the text saying otherwise does not undo it.
    assert client.get(url("claims:edit", workspace, pk=claim.pk)).context["form"][
        "relayed_from"
    ].value() == str(voices["sana"].pk)
    assert edit(client, claim, text="The army advanced, SOHR said.").status_code == 302
    claim.refresh_from_db()
    assert (claim.text, claim.relayed_from, claim.relay_origin) == (
        "The army advanced, SOHR said.",
        voices["sana"],
        "manual",
    )
    # Nor does a client that leaves the field out, nor a service edit of the text.
    data = {"text": "The army advanced, according to SOHR.", "source": voices["masdar"].pk}
    client.post(url("claims:edit", workspace, pk=claim.pk), data)
    claim = claim_update(claim=claim, updated_by=rita, text="The army advanced, Reuters reported.")
    assert (claim.relayed_from, claim.relay_origin) == (voices["sana"], "manual")


def test_not_a_relay_on_the_form_overrides_the_text_until_handed_back_to_detection(
    workspace, rita, voices
) -> None:
    client = client_for(rita)
    create(client, workspace, "The army took al-Omar, according to SANA.", voices["masdar"], "none")
    claim = Claim.objects.get()
    assert (claim.relayed_from, claim.relay_origin) == (None, "manual")
    assert (
        client.get(url("claims:edit", workspace, pk=claim.pk)).context["form"]["relayed_from"].value()
        == "none"
    )
    edit(client, claim, relayed_from="")  # "— detect from the text —"
    claim.refresh_from_db()
    assert (claim.relayed_from, claim.relay_origin, claim.relay_cue) == (
        voices["sana"],
        "detected",
        "according to SANA",
    )
    assert claim.history.first().history_user == rita
    # A detected relay shows on the edit form as left to detection, and an edit of the text
    # detects again.
    assert (
        client.get(url("claims:edit", workspace, pk=claim.pk)).context["form"]["relayed_from"].value() == ""
    )
    edit(client, claim, text="وحدات من الجيش تبسط سيطرتها على حقل العمر، نقلاً عن سانا.")
    claim.refresh_from_db()
    assert (claim.relayed_from, claim.relay_origin, claim.relay_cue) == (
        voices["sana"],
        "detected",
        "نقلاً عن سانا",
    )
    edit(client, claim, text="The army took al-Omar.")
    claim.refresh_from_db()
    assert (claim.relayed_from, claim.relay_origin, claim.relay_cue) == (None, "", "")


def test_a_source_chosen_on_the_edit_form_replaces_a_detected_relay(workspace, rita, voices) -> None:
    claim = claim_create(
        workspace=workspace,
        created_by=rita,
        text="The army advanced, SANA reported.",
        source=voices["masdar"],
    )
    assert claim.relay_origin == "detected"
    edit(client_for(rita), claim, relayed_from=str(voices["sohr"].pk))
    claim.refresh_from_db()
    assert (claim.relayed_from, claim.relay_origin, claim.relay_cue) == (voices["sohr"], "manual", "")


def test_the_form_refuses_a_relay_of_the_claims_own_source_and_stores_nothing(
    workspace, rita, voices
) -> None:
    response = create(
        client_for(rita), workspace, "The army advanced.", voices["sana"], str(voices["sana"].pk)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["relayed_from"] == ["A claim cannot be a relay of its own source."]
    assert not Claim.objects.exists()
    response = create(client_for(rita), workspace, "The army advanced.", voices["sana"], "99999")
    assert "relayed_from" in response.context["form"].errors
    assert not Claim.objects.exists()


def test_a_viewer_has_no_claim_form_and_an_outsider_gets_404(workspace, vera, charlie, voices) -> None:
    assert (
        create(client_for(vera), workspace, "x, according to SANA.", voices["masdar"], "").status_code == 403
    )
    assert (
        create(client_for(charlie), workspace, "x, according to SANA.", voices["masdar"], "").status_code
        == 404
    )
    assert not Claim.objects.exists()


# --- the cue -------------------------------------------------------------------------------------


def test_the_claim_page_shows_the_words_that_made_a_detected_relay(workspace, vera, alice, voices) -> None:
    claim = claim_create(
        workspace=workspace,
        created_by=alice,
        text="ISIS fighters are in a pocket east of the river, al-Masdar said.",
        source=voices["reuters"],
    )
    page = client_for(vera).get(url("claims:detail", workspace, pk=claim.pk)).content.decode()
    assert '<q class="relay-cue" dir="auto">al-Masdar said</q>' in page
    # Set by hand, there is no cue to show (and none kept).
    manual = ClaimFactory.create(
        workspace=workspace, source=voices["masdar"], relayed_from=voices["sana"], relay_origin="manual"
    )
    page = client_for(vera).get(url("claims:detail", workspace, pk=manual.pk)).content.decode()
    assert "relay-cue" not in page and "set by a researcher" in page


def test_setting_the_relay_by_hand_clears_the_cue_and_detecting_again_restores_it(
    workspace, rita, voices
) -> None:
    claim = ClaimFactory.create(workspace=workspace, source=voices["masdar"], text="Fighting, SANA reported.")
    client = client_for(rita)
    client.post(url("claims:relay", workspace, pk=claim.pk), {"action": "detect"})
    claim.refresh_from_db()
    assert claim.relay_cue == "SANA reported"
    client.post(url("claims:relay", workspace, pk=claim.pk), {"relayed_from": voices["sohr"].pk})
    claim.refresh_from_db()
    assert (claim.relayed_from, claim.relay_cue) == (voices["sohr"], "")
    client.post(url("claims:relay", workspace, pk=claim.pk), {"action": "detect"})
    claim.refresh_from_db()
    assert (claim.relayed_from, claim.relay_origin, claim.relay_cue) == (
        voices["sana"],
        "detected",
        "SANA reported",
    )


def test_an_import_keeps_the_cue_as_the_file_writes_it(workspace, alice, voices, tmp_path: Path) -> None:
    path = tmp_path / "claims.jsonl"
    path.write_text(
        '{"id": "a", "text": "The death toll rose to 57 (via SOHR).", "source": "Reuters"}\n'
        '{"id": "b", "text": "ذكرت وكالة سانا أن وحدات من الجيش سيطرت على الحقل.", "source": "al-Masdar"}\n',
        encoding="utf-8",
    )
    claims_import(path=path, workspace=workspace, user=alice)
    assert dict(Claim.objects.values_list("external_id", "relay_cue")) == {
        "a": "via SOHR",
        "b": "ذكرت وكالة سانا",
    }


def test_the_migration_fills_in_the_cue_of_relays_detected_before(workspace, alice, voices) -> None:
    claim = claim_create(
        workspace=workspace,
        created_by=alice,
        text="Army units advanced, according to SANA.",
        source=voices["masdar"],
    )
    moved = claim_create(
        workspace=workspace,
        created_by=alice,
        text="Army units advanced, SOHR said.",
        source=voices["reuters"],
    )
    # As they were stored before the cue was kept; one names an origin its text no longer gives.
    Claim.objects.filter(pk=claim.pk).update(relay_cue="")
    Claim.objects.filter(pk=moved.pk).update(relay_cue="", relayed_from=voices["anha"])
    migration = importlib.import_module("claims.migrations.0007_claim_relay_cue")
    migration.backfill_cues(apps, None)
    assert dict(Claim.objects.values_list("pk", "relay_cue")) == {claim.pk: "according to SANA", moved.pk: ""}


@pytest.mark.parametrize(
    ("text", "start", "end", "quote"),
    [
        ("Army units took al-Omar oil field, according to SANA.", 7, 10, "according to SANA"),
        ("The death toll has risen to 57 (via SOHR)", 7, 9, "via SOHR"),
        ("SANA's correspondent said the army advanced.", 0, 3, "SANA's correspondent said"),
        (
            "It took 97%, according to the pro-Assad site al-Masdar!",
            3,
            11,
            "according to the pro-Assad site al-Masdar",
        ),
        ("Troops advanced according to SANA,the state agency.", 2, 5, "according to SANA"),
        ("وفقاً لـ سانا، دخل الجيش مدينة الميادين.", 0, 3, "وفقاً لـ سانا"),
        ("short", 0, 2, ""),
    ],
)
def test_quote_words_gives_the_words_as_the_text_writes_them(text, start, end, quote) -> None:
    assert quote_words(text, start, end) == quote


def test_a_match_carries_both_the_normalised_phrase_and_the_cue_as_written() -> None:
    index = RelayIndex.build([(1, "SANA"), (2, "سانا")])
    match = index.detect("Troops entered Mayadin, according to the state agency SANA.", own_source_id=3)
    assert match is not None
    assert (match.phrase, match.cue) == (
        "according to the state agency sana",
        "according to the state agency SANA",
    )
