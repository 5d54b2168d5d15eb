"""The rules engine 2026.11.8 added: control read from unnamed places and restored security,
agreeing control and comparable counts as evidence of one event, zero counts after "لم ... أي",
month-and-year dates with "of" / "من عام", the bilingual domain lexicon, denials of a nearby site,
and the coarser date keys a claim looks up.
"""

from __future__ import annotations

import datetime as dt
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from claims.matching import lexicon as lx
from claims.matching.entities import Gazetteer, prepare
from claims.matching.extract import (
    _CONCEPT_AR,
    _CONCEPT_EN,
    Features,
    FigureMention,
    extract_features,
    extract_figures,
    stem,
)
from claims.matching.keys import index_keys, query_keys
from claims.matching.normalize import normalize_text
from claims.matching.score import compare, ranking_similarity
from tests.matching.helpers import FeaturesOf, entity, place_id

D = dt.date


def gains(found: Features) -> set[tuple[str, int]]:
    return {(c.side, p) for c in found.control if c.gain for p in c.places}


# --- control -----------------------------------------------------------------------------------


def test_retaking_the_city_is_about_the_claims_one_place_and_side(gazetteer: Gazetteer) -> None:
    """The ANHA report names neither the town nor IS in its sentence; a researcher recorded both."""
    found = extract_features(
        "But the next day, mercenaries launched a counter-attack on the city with suicide bombers "
        "and managed to retake the city.",
        gazetteer=gazetteer,
        places=[entity(gazetteer, "place", "al-Bukamal")],
        actors=[entity(gazetteer, "actor", "Islamic State")],
    )
    assert gains(found) == {("is", place_id(gazetteer, "al-Bukamal"))}


def test_an_unnamed_place_is_not_guessed_among_several(gazetteer: Gazetteer) -> None:
    found = extract_features(
        "Mercenaries managed to retake the city.",
        gazetteer=gazetteer,
        places=[entity(gazetteer, "place", "al-Bukamal"), entity(gazetteer, "place", "Hajin")],
        actors=[entity(gazetteer, "actor", "Islamic State")],
    )
    assert found.control == ()


def test_an_unnamed_doer_is_not_guessed_between_two_sides(gazetteer: Gazetteer) -> None:
    found = extract_features(
        "Fighters managed to retake the city.",
        gazetteer=gazetteer,
        places=[entity(gazetteer, "place", "al-Bukamal")],
        actors=[entity(gazetteer, "actor", "Islamic State"), entity(gazetteer, "actor", "Syrian Arab Army")],
    )
    assert found.control == ()


def test_arabic_restoring_security_to_a_town_is_taking_it(features: FeaturesOf, gazetteer: Gazetteer) -> None:
    found = features("وحدات من الجيش العربي السوري تعيد الأمن والاستقرار إلى كامل مدينة البوكمال")
    assert gains(found) == {("regime", place_id(gazetteer, "al-Bukamal"))}


def test_arabic_returning_alone_is_not_control(features: FeaturesOf) -> None:
    assert features("الجيش العربي السوري يعيد فتح طريق البوكمال").control == ()


def test_the_army_securing_a_town_and_is_retaking_it_contradict(features: FeaturesOf) -> None:
    verdict = compare(
        features(
            "Army units restored security and stability to the whole of Albu Kamal city, the last IS "
            "stronghold, on Wednesday.",
            D(2017, 11, 9),
        ),
        features("IS regained most of Albu Kamal city, its last stronghold, on Thursday.", D(2017, 11, 10)),
    )
    assert verdict.relation == "contradicts"
    assert any(r.startswith("control of al-Bukamal") for r in verdict.reasons)


def test_both_saying_the_same_side_took_the_place_is_named_and_counts(features: FeaturesOf) -> None:
    a = features(
        "Regime forces entered al-Bokmal city and expelled the mercenaries on Wednesday.", D(2017, 11, 9)
    )
    b = features("The Syrian army captured Albukamal on Wednesday.", D(2017, 11, 9))
    verdict = compare(a, b)
    assert verdict.relation == "corroborates"
    assert "both say Syrian Arab Army took al-Bukamal" in verdict.reasons


# --- figures -----------------------------------------------------------------------------------


def test_no_soldiers_killed_conflicts_with_a_total_of_soldiers_and_fighters() -> None:
    (zero,) = extract_figures(
        normalize_text("The strikes caused only material damage, and no soldiers were killed.")
    )
    (total,) = extract_figures(
        normalize_text("Air strikes killed 57 Syrian soldiers and allied Iran-backed fighters.")
    )
    assert (zero.low, zero.high, zero.subject) == (0, 0, "soldiers")
    assert total.subject == "" and set(total.includes.split()) == {"soldiers", "fighters"}
    assert zero.compatible(total) is False
    assert total.compatible(zero) is False


def test_a_total_of_groups_still_agrees_with_a_count_of_one_group() -> None:
    total = FigureMention("killed", 57, 57, "", "57 soldiers and fighters", "soldiers fighters")
    part = FigureMention("killed", 43, 43, "fighters", "43 fighters")
    assert total.compatible(part) is True


def test_arabic_not_a_single_martyr_is_zero_killed() -> None:
    figures = extract_figures(
        normalize_text("اقتصرت أضراره على الماديات، ولم يُسفر عن سقوط أي شهيد في صفوف الجنود.")
    )
    assert [(f.category, f.low, f.high) for f in figures] == [("killed", 0, 0)]


def test_figures_round_trip_with_the_groups_of_a_total(features: FeaturesOf) -> None:
    found = features("Air strikes killed 57 Syrian soldiers and allied fighters.")
    assert Features.from_json(found.to_json(), text=found.text).figures == found.figures


# --- dates -------------------------------------------------------------------------------------


def test_month_of_year_in_english_and_arabic(features: FeaturesOf) -> None:
    january = (D(2013, 1, 1), D(2013, 1, 31))
    assert features("by the end of January of 2013.", D(2015, 5, 10)).event == january
    assert features("وذلك بنهاية كانون الثاني من عام 2013.", D(2015, 5, 10)).event == january


# --- the bilingual domain lexicon --------------------------------------------------------------


def test_each_domain_word_has_one_concept() -> None:
    seen_en: dict[str, str] = {}
    seen_ar: dict[str, str] = {}
    for name, (en, ar) in lx.DOMAIN_CONCEPTS.items():
        for word in en:
            assert seen_en.setdefault(stem(word), name) == name, word
            assert _CONCEPT_EN[stem(word)] in (name, *lx.CONCEPTS), word
        for word in ar:
            assert seen_ar.setdefault(word, name) == name, word
            assert word == normalize_text(word), word
            assert _CONCEPT_AR[word] in (name, *lx.CONCEPTS), word


def test_a_translation_meets_its_original_on_its_wording(features: FeaturesOf) -> None:
    english = features(
        "The organization has collapsed and its attempts to destabilize the region are exposed."
    )
    arabic = features("التنظيم انهار، وانكشفت محاولاته زعزعة استقرار المنطقة.")
    shared = english.anchor_tokens & arabic.anchor_tokens
    assert {"c:collapse", "c:security", "c:territory"} <= shared


def test_arabic_concepts_are_found_under_prefixes_and_suffixes(features: FeaturesOf) -> None:
    assert "c:site" in features("استهدفت الغارات مستودعاتها غرب المدينة").tokens
    assert "c:journalist" in features("قتل الصحفيين في تركيا").tokens


def test_based_in_is_not_a_military_base(features: FeaturesOf) -> None:
    assert "c:site" not in features("the Britain-based Syrian Observatory said").tokens


# --- denials of a nearby site ------------------------------------------------------------------


def test_a_denial_about_another_site_of_the_city_does_not_contradict(features: FeaturesOf) -> None:
    denial = features(
        "A military source denied reports that the Ayyash depots west of Deir Ezzor were hit.", D(2021, 1, 13)
    )
    report = features(
        "Loud explosions rocked the Talaie camp and the Panorama area of Deir al-Zour city last night.",
        D(2021, 1, 13),
    )
    verdict = compare(denial, report)
    assert verdict.relation in ("related", "unrelated")
    assert "one denies an event at Ayyash depots, which the other does not name" in verdict.reasons


def test_a_denial_of_the_same_site_still_contradicts(features: FeaturesOf) -> None:
    denial = features(
        "A military source denied reports that the Ayyash depots west of Deir Ezzor were hit.", D(2021, 1, 13)
    )
    report = features(
        "Air strikes late on Tuesday hit the Ayyash depots west of Deir ez-Zor.", D(2021, 1, 13)
    )
    assert compare(denial, report).relation == "contradicts"


# --- keys --------------------------------------------------------------------------------------


def test_a_claim_dated_to_a_day_looks_up_its_month_and_year_too(
    features: FeaturesOf, gazetteer: Gazetteer
) -> None:
    found = features("The SDF seized al-Omar oil field on 22 October 2017.")
    omar = place_id(gazetteer, "al-Omar oil field")
    assert {f"p{omar}@m2017-10", f"p{omar}@y2017"} <= query_keys(found)
    assert not any("@m" in k or "@y" in k for k in index_keys(found))  # stored by week only


def test_a_claim_dated_to_a_month_meets_one_dated_to_years(
    features: FeaturesOf, gazetteer: Gazetteer
) -> None:
    month = features("Six activists have been killed in Turkey since October 2015.")
    years = extract_features(
        "Six activists have been killed in Turkey.",
        gazetteer=gazetteer,
        event=(D(2015, 10, 1), D(2017, 11, 3)),
    )
    assert query_keys(month) & index_keys(years) >= {"ckill@y2015"}


# --- properties --------------------------------------------------------------------------------

DOMAIN_WORDS = sorted({w for en, ar in lx.DOMAIN_CONCEPTS.values() for w in (*en, *ar)})


@settings(max_examples=150, deadline=None, database=None, derandomize=True)
@given(
    st.lists(
        st.sampled_from(
            [*DOMAIN_WORDS, "the", "city", "retake", "تعيد", "الأمن", "لم", "أي", "و", "57", "no"]
        ),
        max_size=25,
    ),
    st.text(max_size=40),
)
def test_control_concepts_and_zero_counts_never_crash(
    gazetteer: Gazetteer, picked: list[str], noise: str
) -> None:
    text = " ".join(picked) + noise
    found = extract_features(
        text,
        gazetteer=gazetteer,
        published=D(2017, 11, 9),
        places=[entity(gazetteer, "place", "al-Bukamal")],
        actors=[entity(gazetteer, "actor", "Islamic State")],
    )
    known = {f"c:{name}" for name in (*lx.CONCEPTS, *lx.DOMAIN_CONCEPTS)}
    assert {t for t in found.tokens if t.startswith("c:")} <= known
    assert all(f.low <= f.high for f in found.figures)
    assert Features.from_json(found.to_json(), text=found.text) == found


# --- counts of things --------------------------------------------------------------------------


def units(text: str) -> list[tuple[str, int, float]]:
    return [
        (f.category, f.low, f.high)
        for f in extract_figures(normalize_text(prepare(text)))
        if f.category in lx.UNIT_COUNTS
    ]


def test_villages_area_and_raids_are_counted_by_their_unit() -> None:
    assert units("SDF fighters liberated Margada and more than 40 villages") == [("villages", 41, math.inf)]
    assert units("a space of 3,468 km2 was liberated") == [("area", 3468, 3468)]
    assert units("The SDF has taken about 2,000 square kilometres") == [("area", 1600, 2400.0)]
    assert units("regime aircraft carried out only 8 raids") == [("strikes", 8, 8)]
    assert units("شن الطيران أكثر من 35 غارة") == [("strikes", 36, math.inf)]
    assert units("killing 57 in 2017 strikes; 10 km from the town") == []


def test_counts_of_villages_that_cannot_both_be_right_contradict(features: FeaturesOf) -> None:
    a = features(
        "SDF fighters liberated Margada and more than 40 villages from IS gangs today.", D(2017, 11, 9)
    )
    b = features("The SDF liberated Markada town and 24 villages from IS gangs today.", D(2017, 11, 9))
    verdict = compare(a, b)
    assert verdict.relation == "contradicts"
    assert any(r.startswith("figures disagree") and "villages" in r for r in verdict.reasons)


def test_arabic_accusative_mercenaries_are_fighters() -> None:
    (figure,) = extract_figures(normalize_text("ما أسفر عن مقتل 156 مرتزقاً"))
    assert (figure.category, figure.low, figure.subject) == ("killed", 156, "fighters")


def test_arabic_at_least_after_the_counted_word() -> None:
    (figure,) = extract_figures(normalize_text("ما أدى إلى مقتل 18 مقاتلاً على الأقل"))
    assert (figure.low, figure.high, figure.subject) == (18, math.inf, "fighters")


def test_singular_and_combined_spellings_of_two_gazetteer_entries(features: FeaturesOf) -> None:
    found = features(
        "Warplanes struck Iranian-backed militia positions around the Albu Kamal border crossing."
    )
    assert set(found.places.values()) == {"al-Bukamal border crossing"}
    assert set(found.actors.values()) == {"Iranian-backed militias"}


# --- negation, denial wording, reports that look back --------------------------------------------


def test_two_negated_claims_are_not_one_negated(features: FeaturesOf) -> None:
    a = features("Nasrallah never revealed the key clause of his deal with ISIS on Qalamoun and Albukamal.")
    b = features(
        "Hassan Nasrallah did not disclose the key clause of his deal with IS on Qalamoun and al-Bokmal."
    )
    assert not any(r.startswith("one is negated") for r in compare(a, b).reasons)


def test_dismissing_such_reports_is_a_denial(features: FeaturesOf) -> None:
    found = features(
        "The Coalition said its strikes caused no civilian casualties and dismissed such reports."
    )
    assert found.denial == "dismissed such reports"
    assert features("The court dismissed the case.").denial == ""


def test_a_denial_naming_a_site_still_contradicts_a_report_naming_none(features: FeaturesOf) -> None:
    denial = features(
        "The Coalition said its strikes on the Hajin pocket caused no civilian casualties and dismissed such "
        "reports as ISIS propaganda.",
        D(2018, 10, 20),
    )
    report = features(
        "The international coalition has caused civilian casualties when striking ISIS targets "
        "in the region.",
        D(2018, 10, 20),
    )
    assert not any(r.startswith("one denies an event at") for r in compare(denial, report).reasons)


def test_a_report_dated_by_publication_may_look_back_on_a_dated_event(gazetteer: Gazetteer) -> None:
    places = [entity(gazetteer, "place", n) for n in ("Qalamoun", "al-Bukamal", "Deir ez-Zor")]
    deal = extract_features(
        "Hassan Nasrallah did not disclose the terms of his agreement: the militants leave Qalamoun for "
        "al-Bukamal and hand Deir ez-Zor to the regime.",
        gazetteer=gazetteer,
        event=(D(2017, 8, 1), D(2017, 8, 31)),
        places=places,
    )
    later = extract_features(
        "Nasrallah never revealed the key clause of his deal with ISIS: the militants would leave "
        "the Qalamoun barrens for Albukamal and hand Deir Ezzor city to the regime.",
        gazetteer=gazetteer,
        published=D(2017, 11, 14),
    )
    verdict = compare(deal, later)
    assert verdict.relation == "corroborates"
    assert not any(r.startswith("events ") for r in verdict.reasons)
    # The same text about an event a year later is another event.
    year_later = extract_features(later.text, gazetteer=gazetteer, published=D(2018, 11, 14))
    assert compare(deal, year_later).relation == "unrelated"


def test_journalists_are_counted_apart_from_fighters() -> None:
    journalists = [
        f for f in extract_figures(normalize_text("the car bomb killed three civilians and two journalists"))
    ]
    assert [(f.low, f.subject) for f in journalists] == [(3, "civilians"), (2, "media")]
    (fighters,) = extract_figures(normalize_text("SOHR said 48 IS members were killed"))
    assert journalists[1].compatible(fighters) is None


def test_lost_their_lives_counts_the_dead() -> None:
    assert [(f.category, f.low) for f in extract_figures("dozens of civilians lost their lives")] == [
        ("killed", 20)
    ]
    assert [
        (f.category, f.low) for f in extract_figures(normalize_text("وفقدان العشرات من المدنيين حياتهم"))
    ] == [("killed", 20)]
    assert extract_figures("he lives in 3 houses") == ()


def test_a_denial_of_strikes_does_not_contradict_a_report_of_a_town_taken(features: FeaturesOf) -> None:
    denial = features(
        "Russian aviation did not carry out any strikes on positions of the SDF near Deir ez-Zor.",
        D(2017, 9, 17),
    )
    report = features(
        "The Syrian Democratic Forces took ISIS territory to the north and east of Deir ez-Zor.",
        D(2017, 9, 17),
    )
    verdict = compare(denial, report)
    assert verdict.relation != "contradicts"
    assert "one denies another kind of event (strike)" in verdict.reasons
    strikes = features("Russian and regime air strikes hit SDF positions near Deir ez-Zor.", D(2017, 9, 17))
    assert compare(denial, strikes).relation == "contradicts"


def test_find_similar_ranks_same_language_claims_on_words_not_concepts(features: FeaturesOf) -> None:
    """Concepts let two languages meet; within one they would count "operation" and "campaign"
    as the same word, and a question's common words twice."""
    question = features("The military operation in the region was announced in a statement")
    concept_only = features("A campaign across the territories was declared")
    same_words = features("An operation in the region, a statement said")
    weight, chars = (lambda t: 1.0), (lambda t: 1.0)
    assert ranking_similarity(question, concept_only, weight, chars, 6.0) < ranking_similarity(
        question, same_words, weight, chars, 6.0
    )
    bm25_part = ranking_similarity(question, concept_only, weight, lambda t: 0.0, 6.0)
    assert bm25_part == 0.0  # no word in common, whatever the concepts
