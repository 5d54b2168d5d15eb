"""Relation decisions of `compare` on features read from realistic claim texts.

The sentences follow the demo claims and the engine dev set (benchmarks/engine_devset). Each pair
is run twice: with the starter gazetteer as the app builds it (negative ids) and with the same
gazetteer numbered 1, 2, ... as a database numbers it. The decision must not depend on that.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pytest

from claims.matching.extract import Features
from claims.matching.score import Verdict, compare, default_weight, weighted_dice
from tests.matching.helpers import FeaturesOf, features_with

D = dt.date
NUMBERINGS = ["starter ids", "database ids"]


@dataclass(frozen=True)
class Claim:
    text: str
    published: dt.date | None


@pytest.fixture(params=NUMBERINGS)
def numbering(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def feats(request: pytest.FixtureRequest, numbering: str) -> FeaturesOf:
    name = "gazetteer" if numbering == "starter ids" else "db_gazetteer"
    return features_with(request.getfixturevalue(name))


def verdict(feats: FeaturesOf, a: Claim, b: Claim) -> Verdict:
    return compare(feats(a.text, a.published), feats(b.text, b.published))


def both_ways(feats: FeaturesOf, a: Claim, b: Claim) -> tuple[Verdict, Verdict]:
    fa, fb = feats(a.text, a.published), feats(b.text, b.published)
    return compare(fa, fb), compare(fb, fa)


def assert_relation(feats: FeaturesOf, a: Claim, b: Claim, relation: str) -> Verdict:
    forward, backward = both_ways(feats, a, b)
    assert forward.relation == relation, forward
    assert backward.relation == relation, backward
    return forward


# --- contradictions ----------------------------------------------------------------------------

RUSSIAN_STRIKES = Claim(
    "Russian warplanes struck SDF positions near Deir ez-Zor on Saturday, wounding six fighters.",
    D(2017, 9, 16),
)


@pytest.mark.parametrize(
    ("report", "denial"),
    [
        pytest.param(
            RUSSIAN_STRIKES,
            Claim(
                "Russian aviation did not carry out any strikes on positions of the SDF near Deir ez-Zor "
                "on Saturday; Russian aircraft struck only ISIS targets.",
                D(2017, 9, 17),
            ),
            id="did-not-carry-out",
        ),
        pytest.param(
            RUSSIAN_STRIKES,
            Claim(
                "نفت وزارة الدفاع الروسية أن يكون الطيران الروسي قد نفذ أي غارات على مواقع قوات سوريا "
                "الديمقراطية قرب دير الزور يوم السبت، مؤكدة أن طائراتها استهدفت مواقع داعش فقط.",
                D(2017, 9, 17),
            ),
            id="arabic-denial-of-english-report",
        ),
        pytest.param(
            Claim(
                "US-backed SDF fighters captured the Conoco gas plant east of Deir al-Zor on Saturday, the "
                "group said, accusing Russian jets of bombing its positions the same day.",
                D(2017, 9, 23),
            ),
            Claim(
                "The Russian Defence Ministry denied reports that its aircraft bombed SDF positions near the "
                "Conoco gas plant on Saturday, saying Russian jets hit only ISIS.",
                D(2017, 9, 24),
            ),
            id="denied-reports",
        ),
    ],
)
def test_a_denial_of_the_same_event_contradicts(feats: FeaturesOf, report: Claim, denial: Claim) -> None:
    found = assert_relation(feats, report, denial, "contradicts")
    assert any(r.startswith("one denies it") for r in found.reasons), found.reasons


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param(
            Claim(
                "Local sources said 23 people were killed in the air strikes on al-Bukamal last night.",
                D(2021, 1, 13),
            ),
            Claim(
                "The death toll from last night's air strikes on Albu Kamal has risen to 57, a war monitor "
                "said.",
                D(2021, 1, 13),
            ),
            id="23-vs-toll-57",
        ),
        pytest.param(
            Claim(
                "Local sources: 23 members of Iranian-backed militias were killed in the strikes that hit "
                "al-Bukamal last night.",
                D(2021, 1, 13),
            ),
            Claim(
                "At least 57 members of Iranian-backed militias were killed in last night's air strikes on "
                "Albu Kamal, SOHR said.",
                D(2021, 1, 13),
            ),
            id="23-vs-at-least-57",
        ),
    ],
)
def test_different_death_tolls_for_the_same_strike_contradict(feats: FeaturesOf, a: Claim, b: Claim) -> None:
    found = assert_relation(feats, a, b, "contradicts")
    assert any(r.startswith("figures disagree") and "23" in r and "57" in r for r in found.reasons), (
        found.reasons
    )


def test_no_soldiers_killed_contradicts_57_soldiers_killed(feats: FeaturesOf) -> None:
    found = assert_relation(
        feats,
        Claim(
            "A military source said the air strikes on al-Bukamal at dawn today caused only material damage, "
            "and no soldiers were killed.",
            D(2021, 1, 13),
        ),
        Claim(
            "Air strikes on al-Bukamal at dawn today killed 57 soldiers, a war monitor said.", D(2021, 1, 13)
        ),
        "contradicts",
    )
    assert any(r.startswith("figures disagree") for r in found.reasons)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param(
            Claim("The SDF seized al-Omar oil field on Sunday.", D(2017, 10, 22)),
            Claim("The Syrian army took al-Omar oil field on Sunday.", D(2017, 10, 22)),
            id="same-day",
        ),
        pytest.param(
            Claim(
                "The US-backed SDF captured al-Omar oil field from Islamic State on Sunday.", D(2017, 10, 22)
            ),
            Claim(
                "The Syrian Arab Army took full control of the al-Omar oil field yesterday after ISIS "
                "fighters withdrew.",
                D(2017, 10, 23),
            ),
            id="yesterday-is-the-same-sunday",
        ),
    ],
)
def test_rival_sides_taking_the_same_place_the_same_day_contradict(
    feats: FeaturesOf, a: Claim, b: Claim
) -> None:
    found = assert_relation(feats, a, b, "contradicts")
    control = [r for r in found.reasons if r.startswith("control of")]
    assert control and "al-Omar oil field" in control[0], found.reasons
    assert "Syrian Democratic Forces" in control[0] and "Syrian Arab Army" in control[0]


# --- corroboration -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param(
            Claim(
                "The explosions were caused by airstrikes as aircraft were heard clearly. An exclusive "
                "source "
                "confirmed that Aiyash warehouses are the main target, as they include Iranian militias.",
                D(2021, 1, 12),
            ),
            Claim(
                "Air strikes late on Tuesday hit the Ayyash depots west of Deir ez-Zor, which local sources "
                "say "
                "are used by Iranian-backed militias.",
                D(2021, 1, 13),
            ),
            id="ayyash-depots",
        ),
        pytest.param(
            Claim(
                "The US-backed SDF captured al-Omar, Syria's largest oil field, about 10 km east of Mayadin, "
                "from Islamic State on Sunday.",
                D(2017, 10, 22),
            ),
            Claim(
                "The Syrian Democratic Forces liberated al-Omar oil field, 10 km east of the city of "
                "al-Mayadeen, "
                "from IS mercenaries on October 22.",
                D(2017, 11, 12),
            ),
            id="al-omar",
        ),
        pytest.param(
            Claim(
                "SDF fighters liberated Margada from IS gangs today in the countryside of Deir ez-Zor and "
                "al-Hasakah.",
                D(2017, 11, 9),
            ),
            Claim(
                "On November 9, the Syrian Democratic Forces liberated Marcada town from IS gangs in the "
                "countryside of al-Hasakah.",
                D(2017, 11, 12),
            ),
            id="markada",
        ),
    ],
)
def test_a_paraphrase_corroborates(feats: FeaturesOf, a: Claim, b: Claim) -> None:
    assert_relation(feats, a, b, "corroborates")


@pytest.mark.parametrize(
    ("english", "arabic"),
    [
        pytest.param(
            Claim(
                "The US-backed SDF captured al-Omar, Syria's largest oil field, about 10 km east of Mayadin, "
                "from Islamic State on Sunday.",
                D(2017, 10, 22),
            ),
            Claim(
                "قوات سوريا الديمقراطية تسيطر اليوم على حقل العمر النفطي، أكبر حقول النفط في سوريا، على بعد "
                "10 كم شرق مدينة الميادين.",
                D(2017, 10, 22),
            ),
            id="al-omar",
        ),
        pytest.param(
            Claim(
                "Air strikes on al-Bukamal and al-Mayadeen last night killed 57 members of Iranian-backed "
                "militias, a war monitor said.",
                D(2021, 1, 13),
            ),
            Claim(
                "ارتفع إلى 57 عدد قتلى الغارات التي استهدفت ليل أمس مدينة البوكمال والميادين من الميليشيات "
                "الموالية لإيران.",
                D(2021, 1, 13),
            ),
            id="toll-57",
        ),
    ],
)
def test_an_arabic_translation_corroborates(feats: FeaturesOf, english: Claim, arabic: Claim) -> None:
    found = assert_relation(feats, english, arabic, "corroborates")
    assert any(r.startswith("across languages") for r in found.reasons)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param(
            Claim(
                "Warplanes targeted Iranian headquarters in the outskirts of Al-Mayadeen city.",
                D(2021, 1, 12),
            ),
            Claim(
                "Warplanes targeted Iranian headquarters in the outskirts of Al-Mayadeen city.",
                D(2021, 1, 12),
            ),
            id="verbatim",
        ),
        pytest.param(
            Claim(
                "Army units restored security and stability to the whole of Albu Kamal city, the last "
                "stronghold of ISIS terrorists in Syria.",
                D(2017, 11, 9),
            ),
            Claim(
                "Army units restored security and stability to the whole of Albu Kamal city, the last "
                "stronghold of ISIS terrorists in Syria (SANA)",
                D(2017, 11, 9),
            ),
            id="with-source-suffix",
        ),
    ],
)
def test_the_same_text_is_a_duplicate(feats: FeaturesOf, a: Claim, b: Claim) -> None:
    found = assert_relation(feats, a, b, "duplicate")
    assert found.reasons[0] == "same text"
    assert found.score >= 0.9


# --- look-alikes -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "identical_words"),
    [
        pytest.param(
            Claim(
                "The SDF liberated the al-Tanak oil field east of the Euphrates on Sunday.", D(2017, 10, 22)
            ),
            Claim(
                "The SDF liberated the al-Omar oil field east of the Euphrates on Sunday.", D(2017, 10, 22)
            ),
            True,
            id="same-wording",
        ),
        pytest.param(
            Claim(
                "The SDF took control of the al-Tanak oil field from IS on Sunday, the group said.",
                D(2017, 10, 22),
            ),
            Claim(
                "The SDF took control of the al-Omar oil field from IS on Sunday, a spokesman said.",
                D(2017, 10, 22),
            ),
            False,
            id="near-same-wording",
        ),
    ],
)
def test_another_oil_field_the_same_day_does_not_corroborate(
    feats: FeaturesOf,
    request: pytest.FixtureRequest,
    numbering: str,
    a: Claim,
    b: Claim,
    identical_words: bool,
) -> None:
    found = assert_relation(feats, a, b, "unrelated")
    assert any("different places" in r and "al-Tanak" in r and "al-Omar" in r for r in found.reasons)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param(
            Claim(
                "Air strikes hit Iranian-backed militia positions in al-Bukamal last night.", D(2021, 1, 13)
            ),
            Claim(
                "Warplanes struck positions of Iran-backed militias in Albu Kamal overnight.", D(2022, 1, 13)
            ),
            id="relative-dates",
        ),
        pytest.param(
            Claim(
                "Unidentified warplanes struck Iranian-backed militia positions in al-Bukamal on 13 January "
                "2021.",
                None,
            ),
            Claim(
                "Warplanes struck positions of Iran-backed militias in Albu Kamal on 14 January 2022.", None
            ),
            id="absolute-dates",
        ),
    ],
)
def test_a_strike_on_the_same_town_a_year_later_does_not_corroborate(
    feats: FeaturesOf, a: Claim, b: Claim
) -> None:
    found = assert_relation(feats, a, b, "unrelated")
    assert any("days apart" in r for r in found.reasons), found.reasons


@pytest.mark.parametrize(
    ("a", "b", "relation"),
    [
        pytest.param(
            Claim("23 people were killed in the air strikes on al-Bukamal last night.", D(2021, 1, 13)),
            Claim("57 people were killed in the air strikes on al-Bukamal last night.", D(2021, 1, 13)),
            "contradicts",
            id="only-the-toll-differs",
        ),
        pytest.param(
            Claim(
                "Warplanes struck Iranian-backed militia positions in al-Bukamal on 12 January 2021.", None
            ),
            Claim(
                "Warplanes struck Iranian-backed militia positions in al-Bukamal on 12 January 2022.", None
            ),
            "unrelated",
            id="only-the-year-differs",
        ),
    ],
)
def test_texts_differing_only_in_a_fact_are_not_duplicates(
    feats: FeaturesOf, a: Claim, b: Claim, relation: str
) -> None:
    assert_relation(feats, a, b, relation)


def test_a_toll_with_its_breakdown_contradicts_a_lower_toll(feats: FeaturesOf) -> None:
    assert_relation(
        feats,
        Claim(
            "Local sources: 23 members of Iranian-backed militias were killed in the strikes that hit Deir "
            "Ezzor, "
            "al-Mayadeen and Albu Kamal last night.",
            D(2021, 1, 13),
        ),
        Claim(
            "The death toll from last night's air strikes on Deir Ezzor city, al-Mayadeen and the Albukamal "
            "desert "
            "has risen to 57: 14 regime soldiers and 43 members of Iranian-backed militias, SOHR said.",
            D(2021, 1, 13),
        ),
        "contradicts",
    )


def test_the_relation_does_not_depend_on_the_order(feats: FeaturesOf) -> None:
    forward, backward = both_ways(
        feats,
        Claim("Air strikes on al-Bukamal last night killed 57, a monitor said.", D(2021, 1, 13)),
        Claim(
            "Air strikes on al-Bukamal last night killed 57 civilians and 23 soldiers, a monitor said.",
            D(2021, 1, 13),
        ),
    )
    assert forward.relation == backward.relation


# --- reasons -----------------------------------------------------------------------------------

RAW_ID = re.compile(r"\b[pa]-?\d+\b|#\d+|\bc:")


@pytest.mark.parametrize(
    ("a", "b", "place"),
    [
        (
            Claim("The SDF seized al-Omar oil field on Sunday.", D(2017, 10, 22)),
            Claim("The Syrian army took al-Omar oil field on Sunday.", D(2017, 10, 22)),
            "al-Omar oil field",
        ),
        (
            Claim(
                "Warplanes targeted Iranian headquarters in the outskirts of Al-Mayadeen city.",
                D(2021, 1, 12),
            ),
            Claim(
                "Breaking: warplanes hit Iranian headquarters on the outskirts of Mayadin.", D(2021, 1, 12)
            ),
            "al-Mayadeen",
        ),
        (
            Claim(
                "Air strikes on Albu Kamal last night killed 57 people, a war monitor said.", D(2021, 1, 13)
            ),
            Claim("ارتفع إلى 57 عدد قتلى الغارات التي استهدفت ليل أمس مدينة البوكمال", D(2021, 1, 13)),
            "al-Bukamal",
        ),
    ],
)
def test_reasons_are_readable_and_name_the_shared_place(
    feats: FeaturesOf, a: Claim, b: Claim, place: str
) -> None:
    found = verdict(feats, a, b)
    assert found.relation in ("corroborates", "contradicts")
    assert found.reasons
    for reason in found.reasons:
        assert isinstance(reason, str) and reason.strip() == reason and reason
        assert not RAW_ID.search(reason), reason  # names, not token ids
    assert any(r.startswith("same place") and place in r for r in found.reasons), found.reasons
    assert any(r.startswith("wording ") for r in found.reasons)


def test_reasons_explain_the_spellings_that_were_read(feats: FeaturesOf) -> None:
    found = verdict(
        feats,
        Claim(
            "Warplanes struck Iran-backed militia positions in the Albukamal desert overnight.",
            D(2021, 1, 13),
        ),
        Claim("Air strikes hit Iranian-backed militia positions in al-Bukamal last night.", D(2021, 1, 13)),
    )
    assert any("Albukamal → al-Bukamal" in r for r in found.reasons), found.reasons


def test_score_is_a_probability_and_unrelated_claims_score_low(feats: FeaturesOf) -> None:
    found = verdict(
        feats,
        Claim("The SDF seized al-Omar oil field on Sunday.", D(2017, 10, 22)),
        Claim("Hezbollah's media office said the Qalamoun convoy reached the desert.", D(2017, 9, 1)),
    )
    assert found.relation == "unrelated"
    assert 0.0 <= found.score < 0.38


# --- weights and ordering ----------------------------------------------------------------------


def uniform(token: str) -> float:
    return 1.0


def test_weighted_dice_basics() -> None:
    assert weighted_dice({"a", "b"}, {"a", "b"}, uniform) == 1.0
    assert weighted_dice({"a"}, {"b"}, uniform) == 0.0
    assert weighted_dice(set(), set(), uniform) == 0.0
    assert weighted_dice({"a"}, set(), uniform) == 0.0
    assert weighted_dice({"a", "b"}, {"a", "c"}, uniform) == pytest.approx(0.5)
    assert weighted_dice(["a", "a", "b"], ["a", "c"], uniform) == pytest.approx(0.5)  # sets, not bags
    # A shared place weighs more than a shared word.
    assert weighted_dice({"p7", "x"}, {"p7", "y"}, default_weight) == pytest.approx(5 / 7)
    assert weighted_dice({"p7", "x"}, {"p8", "x"}, default_weight) == pytest.approx(2 / 7)


def test_weighted_dice_is_symmetric() -> None:
    a, b = {"p7", "#57", "kill", "strike"}, {"p7", "#23", "kill"}
    assert weighted_dice(a, b, default_weight) == weighted_dice(b, a, default_weight)


def test_default_weights_favour_names_and_numbers() -> None:
    assert default_weight("p12") > default_weight("#57") > default_weight("strike")
    assert default_weight("a3") == default_weight("p12")


def test_starter_place_tokens_weigh_like_places(features: FeaturesOf) -> None:
    found: Features = features("Warplanes struck al-Bukamal.")
    place_tokens = [t for t in found.tokens if t.startswith("p")]
    assert place_tokens
    assert all(default_weight(t) == default_weight("p1") for t in place_tokens), place_tokens


def test_a_contradiction_ranks_above_a_corroboration_of_equal_score() -> None:
    corroborates = Verdict("corroborates", 0.7, ("wording 0.5",))
    contradicts = Verdict("contradicts", 0.7, ("one denies it: “denied”",))
    duplicate = Verdict("duplicate", 0.7, ("same text",))
    assert contradicts.priority > duplicate.priority > corroborates.priority
    assert corroborates.priority == pytest.approx(0.7)
    ranked = sorted([corroborates, contradicts, duplicate], key=lambda v: v.priority, reverse=True)
    assert [v.relation for v in ranked] == ["contradicts", "duplicate", "corroborates"]
    # A much stronger corroboration still comes before a weak contradiction.
    assert Verdict("corroborates", 0.95, ()).priority > Verdict("contradicts", 0.45, ()).priority


def test_a_repost_a_month_later_is_a_duplicate_not_another_event(feats: FeaturesOf) -> None:
    text = (
        "A month after the launch of the campaign, Abu Khashab and al-Jazrat fronts met near the sugar "
        "factory, resulting in the killing of 156 mercenaries; 50,000 civilians were rescued."
    )
    assert_relation(feats, Claim(text, D(2017, 10, 10)), Claim(text, D(2017, 11, 12)), "duplicate")


SOHR_57 = Claim(
    "The death toll from last night's air strikes on Deir Ezzor city, al-Mayadeen and the Albukamal desert "
    "has risen to 57: 14 regime soldiers and 43 members of Iranian-backed militias, SOHR said.",
    D(2021, 1, 13),
)


@pytest.mark.parametrize(
    "other",
    [
        pytest.param(
            Claim(
                "Air strikes on Deir Ezzor, al-Mayadeen and Albukamal overnight killed 57 Syrian soldiers "
                "and allied Iran-backed fighters, the Syrian Observatory said.",
                D(2021, 1, 13),
            ),
            id="the-same-total-of-two-groups",
        ),
        pytest.param(
            Claim(
                "Air strikes on Deir Ezzor, al-Mayadeen and Albukamal overnight killed at least 50 "
                "pro-government fighters, the Syrian Observatory said.",
                D(2021, 1, 13),
            ),
            id="a-part-labelled-otherwise-but-agreeing-with-the-total",
        ),
    ],
)
def test_parts_labelled_differently_do_not_contradict_an_agreeing_total(
    feats: FeaturesOf, other: Claim
) -> None:
    assert_relation(feats, SOHR_57, other, "corroborates")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param(
            "Five women were killed when shelling hit the crowded vegetable market this morning",
            "Five children were killed when shelling hit the crowded vegetable market this morning",
            id="women-children",
        ),
        pytest.param(
            "وزير الخارجية يزور العاصمة الروسية لبحث الاتفاق النهائي",
            "وزير الدفاع يزور العاصمة الروسية لبحث الاتفاق النهائي",
            id="arabic-foreign-defence-minister",
        ),
    ],
)
def test_one_word_swapped_in_the_same_sentence_contradicts(feats: FeaturesOf, a: str, b: str) -> None:
    verdict = assert_relation(feats, Claim(a, None), Claim(b, None), "contradicts")
    assert any(r.startswith("one word swapped: ") for r in verdict.reasons), verdict.reasons


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param(
            "Five women were killed when shelling hit the crowded vegetable market this morning",
            "Shelling of the busy vegetable market killed five women early today",
            id="a-paraphrase-changes-more-than-one-word",
        ),
        pytest.param(
            "Five women were killed when shelling hit the crowded vegetable market this morning",
            "Five women were killed when shelling hit the crowded vegetable market this morning, locals said",
            id="a-word-added-is-no-swap",
        ),
    ],
)
def test_a_paraphrase_is_not_a_swapped_word(feats: FeaturesOf, a: str, b: str) -> None:
    verdict = compare(feats(a), feats(b))
    assert verdict.relation in ("corroborates", "duplicate"), verdict
    assert not any(r.startswith("one word swapped") for r in verdict.reasons)


def test_sharing_a_city_says_less_than_sharing_a_town(feats: FeaturesOf) -> None:
    def score(place: str) -> float:
        first = feats(f"Shelling hit {place} on 5 May 2018, residents said.")
        second = feats(f"Explosions were heard across {place} on 5 May 2018.")
        return compare(first, second).score

    assert score("al-Mayadeen") < score("Hajin")


def test_ending_early_for_pairs_that_cannot_be_suggested_keeps_every_relation_and_score(
    features: FeaturesOf,
) -> None:
    """The engine's checks compare with suggestable_only: every pair of the dev set's claims
    gets the relation of the full comparison, a suggestable pair all of it, and an unrelated one
    its score, except a pair at another place or time: 0.0 (its wording is never measured)."""
    import json
    from pathlib import Path

    lines = (
        (Path(__file__).resolve().parents[2] / "benchmarks/engine_devset/claims.jsonl")
        .read_text()
        .splitlines()
    )
    claims = [json.loads(line) for line in lines if line.strip()]
    feats = [
        features(c["text"], dt.date.fromisoformat(c["published"]) if c.get("published") else None)
        for c in claims
    ]
    ended_early = relations = elsewhere = 0
    for i, a in enumerate(feats):
        for b in feats[i + 1 :]:
            full, quick = compare(a, b), compare(a, b, suggestable_only=True)
            relations += full.relation != "unrelated"
            if full.relation == "unrelated":
                apart = any(
                    reason.startswith("different places:") or re.match(r"events \d+ days apart \(", reason)
                    for reason in full.reasons
                )
                assert (quick.relation, quick.score) == ("unrelated", 0.0 if apart else full.score)
                ended_early += quick.reasons != full.reasons
                elsewhere += apart
            else:
                assert quick == full
    assert relations > 300 and ended_early > 1000 and elsewhere > 500  # every path ran on many pairs
