"""The rules engine 2026.11.9 added: how long a siege lasted read as a figure, armed forces of one
side and kind as partial evidence of the same actors, an attack foiled as the other side's account
of the attack (not a denial of it), places taken by an unnamed doer, and "التنظيم" as IS.
"""

from __future__ import annotations

import math

from claims.matching.entities import Gazetteer
from claims.matching.extract import Features, extract_figures, is_foiled
from claims.matching.normalize import normalize_text
from claims.matching.score import compare
from tests.matching.helpers import FeaturesOf, place_id


def lasted(text: str) -> list[tuple[int, float, str]]:
    norm = " ".join(normalize_text(w) for w in text.replace("-", " ").split())
    return [(f.low, f.high, f.subject) for f in extract_figures(norm) if f.category == "lasted"]


# --- durations ---------------------------------------------------------------------------------


def test_a_siege_joined_to_its_length_is_a_duration_in_days() -> None:
    assert lasted("Government forces have broken an 18-month jihadist siege of the city") == [
        (18 * 30 - 15, 18 * 30 + 15, "siege")
    ]
    assert lasted("breaking a three-year ISIS siege on the regime positions") == [
        (3 * 365 - 182, 3 * 365 + 182, "siege")
    ]


def test_for_and_arabic_since_ask_how_long_the_siege_named_before_lasted() -> None:
    assert lasted("the siege imposed by Daesh terrorists on the city for three years, linking up")[0][2] == (
        "siege"
    )
    assert lasted("تكسر الحصار الذي فرضه إرهابيو داعش على مدينة دير الزور منذ ثلاث سنوات")[0][2] == "siege"


def test_a_point_in_time_or_a_length_of_nothing_lasting_is_not_a_duration() -> None:
    assert lasted("IS took the town three years ago") == []
    assert lasted("a siege that ended three years later") == []
    assert lasted("fierce clashes during three days") == []  # a battle is not a lasting hold
    assert lasted("IS launched its biggest attack in 2017") == []


def test_a_qualified_duration_widens() -> None:
    [(low, high, _)] = lasted("the siege imposed on the city for more than two years")
    assert low > 2 * 365 and math.isinf(high)


def test_sieges_of_different_lengths_contradict_and_rounded_ones_agree(features: FeaturesOf) -> None:
    short = features("Government forces have broken an 18-month jihadist siege of Deir Ezzor city.")
    long = features("Syrian troops have broken the three-year ISIS siege of Deir Ezzor city.")
    about = features("Syrian troops have broken the nearly three-year ISIS siege of Deir Ezzor city.")
    verdict = compare(short, long)
    assert any("figures disagree" in r for r in verdict.reasons)
    assert any("figures agree" in r for r in compare(long, about).reasons)


def test_a_duration_is_not_a_count_token(features: FeaturesOf) -> None:
    """ "#18" would meet "18 killed" in another claim: durations stay out of the number tokens."""
    assert not {t for t in features("an 18-month siege of the city").tokens if t.startswith("#")}


# --- forces of one side and kind -----------------------------------------------------------------


def test_two_militias_of_one_side_are_partial_evidence_of_the_same_actors(features: FeaturesOf) -> None:
    named = features("Explosions rocked positions of the Fatemiyoun in Deir Ezzor city last night.")
    umbrella = features("Air strikes hit positions of Iranian militias in Deir Ezzor city last night.")
    army = features("Air strikes hit positions of the Syrian army in Deir Ezzor city last night.")
    assert named.forces == umbrella.forces == frozenset({"regime/militia"})
    assert "same kind of force: regime/militia" in compare(named, umbrella).reasons
    assert not any(r.startswith("same kind of force") for r in compare(named, army).reasons)
    assert compare(named, umbrella).score > compare(named, army).score


def test_forces_round_trip(features: FeaturesOf) -> None:
    found = features("SDF fighters liberated the cotton gin in Deir ez-Zor")
    assert found.forces == frozenset({"sdf/armed_group"})
    assert Features.from_json(found.to_json(), text=found.text).forces == found.forces


# --- attacks foiled ------------------------------------------------------------------------------


def test_foiled_and_repelled_are_told_apart_from_denials() -> None:
    assert is_foiled("repelled")
    assert is_foiled("foiled an attempt")
    assert is_foiled(normalize_text("أحبطت محاولة تسلل"))
    assert not is_foiled("denied")
    assert not is_foiled(normalize_text("نفت وزارة الدفاع"))


def test_an_attack_repelled_and_the_attack_reported_agree(features: FeaturesOf) -> None:
    repelled = features(
        "Army units today repelled an attack by ISIS terrorists on the Deir Ezzor military airport "
        "and the neighbourhood of al-Rashdiyeh."
    )
    attack = features(
        "IS attacked the Deir Ezzor military airport and the Rashidiya neighbourhood today, with "
        "heavy clashes on every front."
    )
    verdict = compare(repelled, attack)
    assert verdict.relation != "contradicts", verdict.reasons


def test_an_attack_foiled_contradicts_the_place_taken(features: FeaturesOf) -> None:
    foiled = features(
        "Army units foiled an attempt by ISIS terrorists to attack a checkpoint in al-Sinaa "
        "neighbourhood of Deir Ezzor with a car bomb."
    )
    taken = features(
        "IS sent a car bomb against the Jemyan checkpoint in the Sinaa district of Deir Ezzor and "
        "seized the checkpoint and some weapons."
    )
    verdict = compare(foiled, taken)
    assert verdict.relation == "contradicts"
    assert any(r.startswith("one says the attack failed") for r in verdict.reasons)


def test_an_attack_foiled_elsewhere_does_not_contradict_a_place_taken(features: FeaturesOf) -> None:
    foiled = features("The SDF foiled an attack on its points in al-Jafra today.")
    taken = features("The army regained the al-Hamidiya neighbourhood of Deir ez-Zor today.")
    assert not any(r.startswith("one says the attack failed") for r in compare(foiled, taken).reasons)


# --- control by an unnamed doer ------------------------------------------------------------------


def test_a_place_regained_by_nobody_named_is_kept_without_a_side(
    features: FeaturesOf, gazetteer: Gazetteer
) -> None:
    found = features(
        "A military official said that al-Hamidiya and al-Abed have been regained. ISIS and the "
        "SDF hold the rest of the area."
    )
    assert {(c.side, c.gain) for c in found.control} == {("", True)}
    assert place_id(gazetteer, "al-Hamidiya") in found.control[0].places


def test_a_sideless_control_never_makes_a_rival_claim(features: FeaturesOf) -> None:
    nobody = features("al-Hamidiya has been regained, an official said. ISIS and the SDF hold the rest.")
    army = features("The Syrian army regained al-Hamidiya, a military official said.")
    assert not any(r.startswith("control of") for r in compare(nobody, army).reasons)


# --- the organisation ----------------------------------------------------------------------------


def test_the_organisation_in_arabic_is_islamic_state(features: FeaturesOf) -> None:
    found = features("الحقيقة أن التنظيم انهار على ما يبدو وتكسرت أجنحته")
    assert set(found.actors.values()) == {"Islamic State"}


# --- whose positions a denial is about -------------------------------------------------------------


def test_a_denial_names_the_side_whose_positions_were_not_hit(features: FeaturesOf) -> None:
    english = features(
        "Russian aviation did not carry out any strikes on positions of the SDF near Deir ez-Zor "
        "on Saturday; Russian aircraft struck only ISIS targets."
    )
    arabic = features(
        "نفت وزارة الدفاع الروسية أن يكون الطيران الروسي قد نفذ أي غارات على مواقع قوات سوريا "
        "الديمقراطية قرب دير الزور يوم السبت، مؤكدة أن طائراتها استهدفت مواقع داعش فقط."
    )
    before = features("A military source denied that army units attacked SDF positions in al-Jafra.")
    assert english.denied_sides == arabic.denied_sides == before.denied_sides == frozenset({"sdf"})
    assert (
        features("An informed source denied that Soleimani visited Albu Kamal.").denied_sides == frozenset()
    )


def test_a_denial_of_strikes_on_one_side_does_not_contradict_strikes_for_another(
    features: FeaturesOf,
) -> None:
    denial = features(
        "Russian aviation did not carry out any strikes on positions of the SDF near Deir ez-Zor "
        "in September; Russian aircraft struck only ISIS targets."
    )
    siege = features(
        "Pro-Assad forces enabled by Russian airstrikes broke the ISIS siege of Deir ez-Zor city "
        "in September."
    )
    hit = features("Russian warplanes struck SDF positions near Deir ez-Zor in September, killing six.")
    assert compare(denial, siege).relation != "contradicts"
    assert any(
        r.startswith("one denies an attack on positions of another side")
        for r in compare(denial, siege).reasons
    )
    assert compare(denial, hit).relation == "contradicts"


# --- counts in hundreds, and years that are counts ---------------------------------------------


def counts(text: str) -> list[tuple[str, int, float, str]]:
    norm = " ".join(normalize_text(w) for w in text.replace(",", "").split())
    return [(f.category, f.low, f.high, f.subject) for f in extract_figures(norm)]


def test_a_few_hundred_is_hundreds_not_a_few() -> None:
    assert counts("Only a few hundred fighters remain") == [("count", 200, 900, "fighters")]
    assert counts("several thousand civilians fled") == [("displaced", 2000, 12000, "civilians")]
    assert counts("بضع مئات فقط من المقاتلين") == [("count", 200, 900, "fighters")]


def test_a_number_like_a_year_counts_people_when_they_follow_it() -> None:
    assert counts("some 2,000 ISIS fighters remain in the Hajin pocket") == [
        ("count", 1600, 2400.0, "fighters")
    ]
    assert counts("in 2017 fighters of IS entered the town") == []
    assert counts("since 2014 civilians have fled") == []


def test_a_few_hundred_and_two_thousand_fighters_contradict(features: FeaturesOf) -> None:
    few = features("Only a few hundred ISIS fighters remain near Hajin on the Iraqi border in October 2018.")
    many = features("Some 2,000 ISIS fighters remain near Hajin on the Iraqi border in October 2018.")
    assert any(r.startswith("figures disagree") for r in compare(few, many).reasons)


# --- handles --------------------------------------------------------------------------------------


def test_a_handle_is_read_as_its_words_and_links_still_go(features: FeaturesOf) -> None:
    found = features("Iran could threaten Trump hotels (@IlhanMN) pic.twitter.com/3S32De8ekP")
    assert "ilhan" in found.tokens
    assert not any("twitter" in t or "3s32" in t for t in found.tokens)
    assert {"donald", "trump"} <= features("As @realDonaldTrump said in a tweet").tokens
