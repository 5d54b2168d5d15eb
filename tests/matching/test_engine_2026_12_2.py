"""The rules engine 2026.12.2 added, for precision where many incidents share a town and a week:
days recorded apart, sites in one city, places that neither claim puts in the other's, "not less
than" read as a count, and counts that agree only when they are close."""

from __future__ import annotations

import datetime as dt

from claims.matching.entities import Gazetteer
from claims.matching.extract import Features, FigureMention, extract_features, negations
from claims.matching.normalize import normalize_text
from claims.matching.score import compare
from tests.matching.helpers import FeaturesOf

LANDMINE_A = "A landmine left behind by Iranian-backed militias exploded near Hajin, killing 3 fighters."
LANDMINE_B = "Three fighters died when a mine left by Iran-backed militias went off near Hajin, locals said."


def recorded(gazetteer: Gazetteer, text: str, day: dt.date) -> Features:
    """A claim whose event date a researcher recorded."""
    return extract_features(text, gazetteer=gazetteer, published=day, event=(day, day))


def test_days_recorded_apart_are_two_events(gazetteer: Gazetteer) -> None:
    first = recorded(gazetteer, LANDMINE_A, dt.date(2024, 4, 21))
    week_later = recorded(gazetteer, LANDMINE_B, dt.date(2024, 4, 27))
    verdict = compare(first, week_later)
    assert verdict.relation == "unrelated", verdict.reasons
    assert "events 6 days apart (21 Apr 2024 / 27 Apr 2024)" in verdict.reasons
    assert compare(week_later, first).relation == "unrelated"
    # Two days apart is one event reported with a slip of a day or a night.
    next_days = recorded(gazetteer, LANDMINE_B, dt.date(2024, 4, 23))
    assert compare(first, next_days).relation == "corroborates"


def test_days_read_from_a_text_apart_still_weigh_as_before(features: FeaturesOf) -> None:
    """A day read from a text may be the day it was said ("SOHR said on Saturday"): three days
    apart, the pair is judged on its other evidence, as it was."""
    said = features(
        "SOHR said on Saturday that IS had regained most of Albukamal after a counter-attack with "
        "suicide bombers.",
        published=dt.date(2017, 11, 11),
    )
    entered = features(
        "Regime forces and allied militias entered Albukamal on Wednesday and IS fighters withdrew.",
        published=dt.date(2017, 11, 9),
    )
    verdict = compare(said, entered)
    assert not any(r.startswith("events ") for r in verdict.reasons), verdict.reasons


def test_two_sites_in_one_city_are_two_places(features: FeaturesOf) -> None:
    jubaylah = features("The death toll from the bombing in al-Jubaylah, Deir ez-Zor city, has risen to 9.")
    hawija = features("A bombing in Hawijat Saqr, Deir ez-Zor, on Sunday left at least 9 fighters dead.")
    verdict = compare(jubaylah, hawija)
    assert verdict.relation == "unrelated", verdict.reasons
    assert "different places: Hawijat Saqr vs al-Jubaylah" in verdict.reasons


def test_a_town_and_a_village_are_two_places(features: FeaturesOf) -> None:
    town = features("Unknown gunmen killed two civilians in al-Shuhayl this morning.")
    village = features("Unknown gunmen killed two civilians in Abu Khashab this morning.")
    verdict = compare(town, village)
    assert verdict.relation == "unrelated", verdict.reasons
    assert "different places: Abu Khashab vs al-Shuhayl" in verdict.reasons


def test_a_site_and_an_area_count_against_without_deciding(features: FeaturesOf) -> None:
    """The gazetteer may not know which neighbourhood a checkpoint lies in."""
    checkpoint = features("IS fighters attacked the Jemyan checkpoint in Deir ez-Zor with a car bomb.")
    neighbourhood = features("IS fighters attacked a checkpoint in al-Sina'a, Deir ez-Zor, with a car bomb.")
    verdict = compare(checkpoint, neighbourhood)
    assert "other places: Jemyan checkpoint vs al-Sina'a" in verdict.reasons
    assert not any(r.startswith("different places") for r in verdict.reasons)
    assert verdict.relation != "unrelated"


def test_a_city_alone_stands_for_its_governorate(features: FeaturesOf) -> None:
    near_city = features(
        "SDF positions near Deir ez-Zor came under Russian air attack today; 6 fighters wounded."
    )
    site = features("Russian jets struck SDF positions at the Conico gas plant today, wounding six fighters.")
    verdict = compare(near_city, site)
    assert not any(r.startswith(("different places", "other places")) for r in verdict.reasons)
    # A city in another governorate is elsewhere.
    far = features("Russian jets struck SDF positions near Markada today, wounding six fighters.")
    assert any(r.startswith("different places") for r in compare(near_city, far).reasons)


def test_not_less_than_is_a_count_not_a_negation() -> None:
    assert negations(normalize_text("اعتقال ما لا يقل عن 6 أشخاص")) == frozenset()
    assert negations(normalize_text("No fewer than 12 people were killed")) == frozenset()
    assert negations(normalize_text("لا يوجد قتلى")) == frozenset({"لا"})
    assert negations(normalize_text("The army did not enter the town")) == frozenset({"not"})


def test_an_arabic_count_at_least_does_not_negate_a_pair(features: FeaturesOf) -> None:
    arrests = features("اعتقال ما لا يقل عن 6 أشخاص على يد قسد خلال حملة مداهمات في الشعفة")
    same = features("اعتقال 6 أشخاص على يد قسد خلال حملة مداهمات في الشعفة")
    verdict = compare(arrests, same)
    assert not any(r.startswith("one is negated") for r in verdict.reasons), verdict.reasons
    assert verdict.relation == "corroborates"


def figure(low: int, high: float, subject: str = "") -> FigureMention:
    return FigureMention("killed", low, high, subject, f"{low}")


def test_counts_agree_only_when_close() -> None:
    inf = float("inf")
    assert figure(50, inf).agrees(figure(57, 57))  # "at least 50" / "57"
    assert figure(24, 99).agrees(figure(57, 57))  # "dozens" / "57"
    assert figure(4, inf).compatible(figure(14, 14))
    assert not figure(4, inf).agrees(figure(14, 14))  # "at least 4" / "14": both can be right
    assert not figure(23, 23).agrees(figure(57, 57))


def test_compatible_counts_far_apart_are_neither_agreement_nor_conflict(features: FeaturesOf) -> None:
    few = features("Clashes in al-Susah on Sunday killed at least 4 fighters.")
    many = features("Clashes in al-Susah on Sunday left 14 fighters dead.")
    verdict = compare(few, many)
    assert not any(r.startswith(("figures agree", "figures disagree")) for r in verdict.reasons)
