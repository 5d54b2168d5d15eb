"""The rule engine 2026.12.1 added: two claims that each name a kind of event, and no kind in
common (fighting, arrests, displacement, a deal, smuggling), report two incidents, however close
in place and time. (Its other change, in the candidate ranking, is in test_keys.py.)"""

from __future__ import annotations

from claims.matching.score import compare
from tests.matching.helpers import FeaturesOf


def test_displacement_and_arrests_in_one_town_and_week_do_not_corroborate(features: FeaturesOf) -> None:
    displaced = features(
        "Residents of al-Mayadeen said on 10 April 2023 that dozens of families had been displaced "
        "by Syrian Democratic Forces operations."
    )
    arrests = features(
        "The SDF launched a security operation in al-Mayadeen on 9 April 2023 against cells of the "
        "FSA, detaining at least 4 young men."
    )
    verdict = compare(displaced, arrests)
    assert verdict.relation == "related", verdict.reasons
    assert "different kinds of event: arrests / displacement" in verdict.reasons
    assert compare(arrests, displaced).reasons == verdict.reasons  # either way round


def test_within_one_kind_reports_differ_freely(features: FeaturesOf) -> None:
    """One outlet's explosions are another's air strike; a battle is clashes and advances."""
    blasts = features("Explosions rocked Iranian militia positions in al-Bukamal last night, 12 killed.")
    strike = features("Air strikes hit Iranian militia positions in Albu Kamal last night, killing 12.")
    verdict = compare(blasts, strike)
    assert verdict.relation == "corroborates", verdict.reasons
    assert not any(r.startswith("different kinds of event") for r in verdict.reasons)


def test_territory_freed_is_not_a_release(features: FeaturesOf) -> None:
    freed = features("In its first month the SDF freed 3,468 square kilometres east of Deir ez-Zor.")
    liberated = features("3,468 km2 east of Deir ez-Zor were liberated by the SDF in its first month.")
    assert not any(r.startswith("different kinds of event") for r in compare(freed, liberated).reasons)


def test_a_claim_that_names_no_kind_of_event_is_not_judged_by_kind(features: FeaturesOf) -> None:
    statement = features("The SDF spokesman spoke about al-Mayadeen on 10 April 2023.")
    arrests = features("The SDF detained at least 4 young men in al-Mayadeen on 10 April 2023.")
    assert not any(r.startswith("different kinds of event") for r in compare(statement, arrests).reasons)
