"""The demo's must-show cases for source reliability and independence, in a real browser."""

from __future__ import annotations

import pytest

from claims.models import Claim
from sources.models import Source
from tests.browser.conftest import SCREENSHOTS

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_al_omar_claim_shows_corroboration_by_network_and_one_government_voice_against(
    page, login, screenshot
) -> None:
    claim = Claim.objects.get(external_id="anha-2017-omar-field")
    login(page, "bob")
    page.goto(f"/w/deir-ezzor/claims/{claim.pk}/")
    panel = page.locator("#corroboration")
    for_side, against = panel.locator(".side-for"), panel.locator(".side-against")
    assert panel.locator(".count-for strong").inner_text() == "2"
    assert panel.locator(".count-against strong").inner_text() == "1"
    assert {"Reuters", "SOHR"} <= set(for_side.locator(".voice-name strong").all_inner_texts())
    # SANA and al-Masdar relaying SANA: one voice, the Syrian government's, pro-government stance.
    assert against.locator(".voice").count() == 1
    assert "relaying SANA" in against.inner_text()
    assert "state media" in against.inner_text().lower()
    suggestion = panel.locator(".credibility-suggestion").inner_text()
    assert "2 (probably true): corroborated by 2 sources in 2 networks (Reuters, SOHR)" in suggestion
    assert "al-Masdar News relaying SANA" in suggestion
    assert "bob" in panel.locator("table.assessments").inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    panel.screenshot(path=str(SCREENSHOTS / "claim-corroboration.png"))


def test_a_reviewer_records_a_credibility_with_a_rationale_in_the_browser(page, login) -> None:
    claim = Claim.objects.get(external_id="masdar-2017-omar-field")
    login(page, "bob")
    page.goto(f"/w/deir-ezzor/claims/{claim.pk}/")
    relay = page.locator("#corroboration .relay")
    assert "Relay of SANA" in relay.inner_text()
    # What made the detected relay, as the text writes it.
    assert relay.locator("q.relay-cue").inner_text() == "According to SANA"
    page.locator("#credibility summary").click()
    page.locator("#credibility select[name=credibility]").select_option("5")
    page.locator("#credibility textarea[name=rationale]").fill(
        "Repeats SANA; Reuters and SOHR say the SDF took it."
    )
    page.get_by_role("button", name="Record credibility").click()
    page.wait_for_url(f"**/claims/{claim.pk}/#credibility")
    assert "Repeats SANA" in page.locator("table.assessments").inner_text()


def test_a_source_page_shows_grade_history_and_record_and_the_sources_table_lists_it(
    page, login, screenshot
) -> None:
    sana = Source.objects.get(name="SANA")
    login(page, "alice")
    page.goto(f"/w/deir-ezzor/sources/{sana.pk}/")
    text = page.locator("main").inner_text()
    assert "Track record" in text and "Beta(2, 2)" in text
    # Never installation-wide: only the workspaces alice is a member of are counted.
    assert "Right, estimate across your workspaces" in text and "installation" not in text.lower()
    assert "D: not usually reliable" in text
    assert "relayed by al-Masdar News" in text
    assert page.locator("svg.chart rect").count() >= 1
    screenshot(page, "source-page")
    page.goto("/w/deir-ezzor/sources/reliability/")
    row = page.locator("tr", has_text="al-Masdar News")
    assert "Syrian government" in row.inner_text()
    assert "Across your workspaces" in page.locator("thead").inner_text()
    screenshot(page, "sources-reliability")


def test_the_relay_is_set_on_the_claim_form_and_shown_on_the_claim_page(page, login, screenshot) -> None:
    claim = Claim.objects.get(external_id="masdar-2017-omar-field")
    login(page, "bob")
    page.goto(f"/w/deir-ezzor/claims/{claim.pk}/edit/")
    relay = page.get_by_label("Relay of")
    # Detected, so the form leaves it to detection; bob says by hand it is not a relay after all.
    assert relay.locator("option:checked").inner_text() == "— detect from the text —"
    relay.select_option(label="— not a relay —")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**/claims/{claim.pk}/")
    assert "Not a relay (set by a researcher)" in page.locator("#corroboration .relay").inner_text()
    page.goto(f"/w/deir-ezzor/claims/{claim.pk}/edit/")
    page.get_by_label("Relay of").select_option(label="— detect from the text —")
    screenshot(page, "claim-form-relay")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**/claims/{claim.pk}/")
    assert page.locator("#corroboration q.relay-cue").inner_text() == "According to SANA"
    page.locator("#corroboration").screenshot(path=str(SCREENSHOTS / "claim-relay-cue.png"))
