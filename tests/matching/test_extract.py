"""What the engine reads out of one claim: event dates, figures, denial, control, serialisation."""

from __future__ import annotations

import datetime as dt
import json
import math

import pytest

from claims.matching import lexicon as lx
from claims.matching.entities import Gazetteer
from claims.matching.extract import Control, Features, FigureMention, extract_figures
from claims.matching.normalize import normalize_text
from tests.matching.helpers import FeaturesOf, place_id

D = dt.date

# --- dates -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Army units entered al-Bukamal on 8 November 2017.",
        "Army units entered al-Bukamal on November 8, 2017.",
        "Army units entered al-Bukamal on 8th of November 2017.",
        "Report dated 2017-11-08: army units entered al-Bukamal.",
        "دخلت وحدات الجيش البوكمال في 8 تشرين الثاني 2017",
    ],
)
def test_absolute_dates_need_no_published_date(features: FeaturesOf, text: str) -> None:
    found = features(text)
    assert found.event == (D(2017, 11, 8), D(2017, 11, 8))
    assert found.event_how == "text"


def test_an_absolute_date_wins_over_the_published_date(features: FeaturesOf) -> None:
    found = features("Army units entered al-Bukamal on 8 November 2017.", published=D(2017, 11, 12))
    assert found.event == (D(2017, 11, 8), D(2017, 11, 8))


@pytest.mark.parametrize(
    ("text", "published", "day"),
    [
        ("On 8 November regime forces entered al-Bukamal.", D(2017, 11, 12), D(2017, 11, 8)),
        ("On November 8, regime forces entered al-Bukamal.", D(2017, 11, 12), D(2017, 11, 8)),
        ("في 22 تشرين الأول حررت قسد حقل العمر النفطي", D(2017, 11, 12), D(2017, 10, 22)),
        # Later in the year than the published date: the previous year's.
        ("On 20 December the SDF entered Hajin.", D(2018, 1, 5), D(2017, 12, 20)),
        ("On 8 November regime forces entered al-Bukamal.", D(2017, 11, 1), D(2016, 11, 8)),
    ],
)
def test_day_and_month_take_the_year_from_the_published_date(
    features: FeaturesOf, text: str, published: dt.date, day: dt.date
) -> None:
    assert features(text, published=published).event == (day, day)


def test_day_and_month_without_year_or_published_date_give_no_event(features: FeaturesOf) -> None:
    found = features("On 8 November regime forces entered al-Bukamal.")
    assert found.event is None
    assert found.event_how == ""


@pytest.mark.parametrize(
    ("text", "published", "day"),
    [
        # 12 November 2017 was a Sunday: "on Sunday" is that day itself ...
        ("Warplanes struck Hajin on Sunday.", D(2017, 11, 12), D(2017, 11, 12)),
        # ... and two days later it is still that Sunday, never the next one.
        ("Warplanes struck Hajin on Sunday.", D(2017, 11, 14), D(2017, 11, 12)),
        ("Warplanes struck Hajin on Monday.", D(2017, 11, 12), D(2017, 11, 6)),
        ("قصفت طائرات حربية هجين يوم الأحد", D(2017, 11, 14), D(2017, 11, 12)),
        ("Warplanes struck Hajin yesterday.", D(2017, 11, 12), D(2017, 11, 11)),
        ("قصفت طائرات حربية هجين أمس", D(2017, 11, 12), D(2017, 11, 11)),
        ("Strikes on Albu Kamal last night killed 57.", D(2021, 1, 13), D(2021, 1, 12)),
        ("Warplanes struck Hajin today.", D(2017, 11, 12), D(2017, 11, 12)),
    ],
)
def test_relative_dates_resolve_against_the_published_date(
    features: FeaturesOf, text: str, published: dt.date, day: dt.date
) -> None:
    found = features(text, published=published)
    assert found.event == (day, day)
    assert found.event_how == "text"


def test_relative_dates_without_a_published_date_give_no_event(features: FeaturesOf) -> None:
    assert features("Warplanes struck Hajin yesterday.").event is None
    assert features("Warplanes struck Hajin on Sunday.").event is None


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("In November 2017 the SDF advanced along the Euphrates.", D(2017, 11, 1), D(2017, 11, 30)),
        ("In December 2017 the SDF advanced along the Euphrates.", D(2017, 12, 1), D(2017, 12, 31)),
        ("In February 2016 the SDF advanced along the Euphrates.", D(2016, 2, 1), D(2016, 2, 29)),
        ("خلال شهر تشرين الثاني 2017 تقدمت قسد", D(2017, 11, 1), D(2017, 11, 30)),
    ],
)
def test_a_month_is_the_whole_month(features: FeaturesOf, text: str, start: dt.date, end: dt.date) -> None:
    assert features(text).event == (start, end)
    # A published date inside that month does not narrow it to a day.
    assert features(text, published=start + dt.timedelta(days=11)).event == (start, end)


def test_without_any_date_the_event_is_the_few_days_before_publication(features: FeaturesOf) -> None:
    found = features("Warplanes struck Hajin.", published=D(2017, 11, 12))
    assert found.event is not None
    start, end = found.event
    assert end == D(2017, 11, 12)
    assert D(2017, 11, 1) <= start < end
    assert found.event_how == "published"
    assert features("Warplanes struck Hajin.").event is None


# --- figures -----------------------------------------------------------------------------------


def figures(text: str) -> tuple[FigureMention, ...]:
    return extract_figures(normalize_text(text))


def only_figure(text: str) -> FigureMention:
    found = figures(text)
    assert len(found) == 1, found
    return found[0]


def test_at_least_is_open_ended() -> None:
    figure = only_figure("At least 57 killed in the strikes on al-Bukamal.")
    assert (figure.category, figure.low, figure.high) == ("killed", 57, math.inf)


def test_more_than_is_open_ended_above_the_number() -> None:
    figure = only_figure("During the clashes, more than 15 IS members died, most of them from Dier Ezzor.")
    assert (figure.category, figure.subject) == ("killed", "fighters")
    assert figure.low == 16
    assert figure.high == math.inf


def test_dozens_is_a_range_that_fits_57_but_not_three() -> None:
    figure = only_figure("Dozens of civilians were killed in the car bombing.")
    assert (figure.category, figure.subject) == ("killed", "civilians")
    assert 12 < figure.low < 57 < figure.high < math.inf
    assert figure.compatible(FigureMention("killed", 57, 57, "civilians", "57")) is True
    assert figure.compatible(FigureMention("killed", 3, 3, "civilians", "three")) is False


def test_no_soldiers_were_killed_is_zero_soldiers() -> None:
    figure = only_figure(
        "A military source said the strikes caused only material damage, and no soldiers were killed."
    )
    assert (figure.category, figure.low, figure.high, figure.subject) == ("killed", 0, 0, "soldiers")


def test_a_death_toll_counts_the_killed() -> None:
    figure = only_figure("The death toll rose to 57.")
    assert (figure.category, figure.low, figure.high) == ("killed", 57, 57)


def test_arabic_figure_with_its_subject() -> None:
    figure = only_figure("مقتل 57 عنصرا من الميليشيات الإيرانية في البوكمال")
    assert (figure.category, figure.low, figure.high, figure.subject) == ("killed", 57, 57, "fighters")


def test_arabic_indic_digits_are_read() -> None:
    figure = only_figure("قتل أكثر من ١٥ عنصرا من تنظيم الدولة")
    assert (figure.category, figure.low, figure.subject) == ("killed", 16, "fighters")


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("The army said it controls 97 percent of the city; 12 soldiers were killed.", 12),
        ("Over 97 percent of those killed were civilians, 12 soldiers among them.", 12),
        ("The SDF captured 24 villages from IS gangs and 15 fighters were killed.", 15),
        ("Strikes on 12 September killed 5 fighters.", 5),
    ],
)
def test_percentages_places_and_dates_are_not_figures(text: str, kept: int) -> None:
    # Villages are counted as villages (a unit count), never as people.
    assert [f.low for f in figures(text) if f.category not in lx.UNIT_COUNTS] == [kept]


def test_villages_are_not_counted_where_fighters_would_be() -> None:
    # "captured" counts detainees: the same sentence with people in it is a figure.
    assert [(f.category, f.low) for f in figures("The SDF captured 24 villages.")] == [("villages", 24)]
    assert [(f.category, f.low) for f in figures("The SDF captured 24 fighters.")] == [("detained", 24)]


def test_a_number_next_to_nothing_countable_is_no_figure() -> None:
    assert figures("The convoy of 11 buses reached the Syrian Desert.") == ()
    assert figures("Nothing happened in 2017.") == ()


def test_a_toll_followed_by_its_breakdown_is_not_all_soldiers() -> None:
    found = figures(
        "The death toll from last night's air strikes on Deir Ezzor city has risen to 57: "
        "14 regime soldiers and 43 members of Iranian-backed militias, SOHR said."
    )
    assert [f.subject for f in found if f.low == 57] == [""]
    assert any(f.low == 14 and f.subject == "soldiers" for f in found)


def fig(low: int, high: float | None = None, subject: str = "", category: str = "killed") -> FigureMention:
    return FigureMention(category, low, low if high is None else high, subject, f"{low}")


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (fig(57), fig(50, math.inf), True),  # 57 and "at least 50"
        (fig(57), fig(57), True),
        (fig(57), fig(23), False),
        (fig(57), fig(55), True),  # reports round and update
        (fig(17, math.inf), fig(16, math.inf), True),  # "at least 17" and "more than 15"
        (fig(6), fig(16, math.inf), False),  # "six" and "more than 15"
        (fig(0, 0, "soldiers"), fig(57, 57, "soldiers"), False),
        (fig(57, 57, "civilians"), fig(23, 23, "soldiers"), None),  # different subjects
        (fig(57), fig(57, category="wounded"), None),  # different things counted
        (fig(57, 57, "civilians"), fig(23), False),  # no subject: may be anyone
    ],
)
def test_figure_compatibility(a: FigureMention, b: FigureMention, expected: bool | None) -> None:
    assert a.compatible(b) is expected
    assert b.compatible(a) is expected


@pytest.mark.parametrize("killed", [1, 2])
def test_none_killed_is_not_compatible_with_some_killed(killed: int) -> None:
    assert fig(0, 0, "soldiers").compatible(fig(killed, killed, "soldiers")) is False


# --- denial ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Russian aviation did not carry out any strikes on positions of the SDF near Deir ez-Zor on "
        "Saturday.",
        "The ministry denied reports that its aircraft bombed SDF positions near the Conoco gas plant.",
        "Hezbollah's media office called the reports fabrications.",
        "نفت وزارة الدفاع الروسية أن يكون الطيران الروسي قد نفذ أي غارات على مواقع قوات سوريا الديمقراطية",
        "نفى حزب الله أن يكون الاتفاق قد تضمن أي بند سري",
        "مصدر عسكري: لا صحة للأنباء عن استهداف مستودعات عياش",
    ],
)
def test_denials_are_detected(features: FeaturesOf, text: str) -> None:
    assert features(text).denial != ""


@pytest.mark.parametrize(
    "text",
    [
        "Russian warplanes struck SDF positions near Deir ez-Zor on Saturday, wounding six fighters.",
        "The SDF captured al-Omar oil field from IS on Sunday.",
        "تعرضت مواقع قوات سوريا الديمقراطية لغارات روسية قرب دير الزور",
    ],
)
def test_neutral_reports_are_no_denial(features: FeaturesOf, text: str) -> None:
    assert features(text).denial == ""


def test_the_denial_quotes_its_words(features: FeaturesOf) -> None:
    denial = features("The ministry denied reports that its aircraft bombed the Conoco gas plant.").denial
    assert "denied" in denial


def test_arabic_negated_verb_is_a_denial(features: FeaturesOf) -> None:
    assert features("لم تنفذ الطائرات الروسية أي غارات على مواقع قسد قرب دير الزور").denial != ""


# --- control -----------------------------------------------------------------------------------


def gains(found: Features) -> set[tuple[str, int]]:
    """(side, place) for every place some side is said to take."""
    return {(c.side, p) for c in found.control if c.gain for p in c.places}


def test_the_doer_before_the_verb_gains_the_place(features: FeaturesOf, gazetteer: Gazetteer) -> None:
    found = features("The SDF seized al-Omar oil field on Sunday.")
    omar = place_id(gazetteer, "al-Omar oil field")
    assert gains(found) == {("sdf", omar)}
    control = found.control[0]
    assert isinstance(control, Control)
    assert control.actor == "Syrian Democratic Forces"
    assert "seized" in control.text


def test_the_passive_agent_after_by_gains_the_place(features: FeaturesOf, gazetteer: Gazetteer) -> None:
    found = features("al-Bukamal was captured by the Syrian army on Wednesday.")
    assert gains(found) == {("regime", place_id(gazetteer, "al-Bukamal"))}


def test_captured_by_the_army_is_the_regime(features: FeaturesOf, gazetteer: Gazetteer) -> None:
    found = features("al-Bukamal was captured by the army on Wednesday.")
    assert gains(found) == {("regime", place_id(gazetteer, "al-Bukamal"))}


def test_the_actor_a_place_is_taken_from_is_not_the_doer(features: FeaturesOf, gazetteer: Gazetteer) -> None:
    found = features("SDF fighters liberated Markada from IS gangs today.")
    assert "is" in found.sides  # IS is mentioned ...
    assert gains(found) == {("sdf", place_id(gazetteer, "Markada"))}  # ... but takes nothing
    assert all(c.side != "is" for c in found.control)


def test_withdrawal_is_a_loss(features: FeaturesOf, gazetteer: Gazetteer) -> None:
    found = features("IS withdrew from Hajin.")
    assert [(c.side, c.places, c.gain) for c in found.control] == [
        ("is", (place_id(gazetteer, "Hajin"),), False)
    ]


def test_arabic_control_verb_with_the_actor_first(features: FeaturesOf, gazetteer: Gazetteer) -> None:
    found = features("قوات سوريا الديمقراطية تسيطر اليوم على حقل العمر النفطي")
    assert gains(found) == {("sdf", place_id(gazetteer, "al-Omar oil field"))}


def test_no_control_without_an_actor_or_a_place(features: FeaturesOf) -> None:
    assert features("The town was captured on Wednesday.").control == ()
    assert features("The SDF seized the initiative.").control == ()


def test_expelled_from_a_place_is_not_gaining_it(features: FeaturesOf, gazetteer: Gazetteer) -> None:
    found = features("IS was expelled from Markada by the SDF.")
    assert ("is", place_id(gazetteer, "Markada")) not in gains(found)


def test_arabic_extends_its_control_is_a_gain(features: FeaturesOf, gazetteer: Gazetteer) -> None:
    found = features("وحدات من الجيش العربي السوري تبسط سيطرتها الكاملة على حقل العمر النفطي")
    assert ("regime", place_id(gazetteer, "al-Omar oil field")) in gains(found)


def test_a_link_before_the_sentence_does_not_hide_control(features: FeaturesOf, gazetteer: Gazetteer) -> None:
    found = features("https://twitter.com/SDF/status/1234567890. The SDF seized al-Omar oil field on Sunday.")
    assert gains(found) == {("sdf", place_id(gazetteer, "al-Omar oil field"))}


# --- the whole claim ---------------------------------------------------------------------------


def test_places_actors_and_context(features: FeaturesOf, gazetteer: Gazetteer) -> None:
    found = features(
        "The US-backed SDF captured al-Omar oil field, 10 km east of Mayadin, from Islamic State."
    )
    omar, mayadeen = place_id(gazetteer, "al-Omar oil field"), place_id(gazetteer, "al-Mayadeen")
    assert set(found.places) == {omar, mayadeen}
    assert found.place_kinds[omar] == "oil_field"
    assert {"sdf", "is"} <= found.sides
    # The places they lie in, up to the country, are context, not places of the claim.
    assert place_id(gazetteer, "Deir ez-Zor Governorate") in found.place_context
    assert place_id(gazetteer, "Syria") in found.place_context
    assert found.wide_places == frozenset()


def test_a_governorate_is_a_wide_place(features: FeaturesOf, gazetteer: Gazetteer) -> None:
    found = features("Clashes continue in Deir ez-Zor province.")
    governorate = place_id(gazetteer, "Deir ez-Zor Governorate")
    assert set(found.places) == {governorate}
    assert found.wide_places == {governorate}


def test_language_is_read_from_the_script(features: FeaturesOf) -> None:
    assert features("قوات سوريا الديمقراطية تسيطر على حقل العمر").language == "ar"
    assert features("The SDF captured al-Omar.").language == "en"


def test_the_same_words_give_the_same_hash_whatever_the_case_and_punctuation(features: FeaturesOf) -> None:
    a = features("The SDF captured al-Omar oil field!")
    b = features("the SDF captured al Omar oil field")
    c = features("The SDF captured al-Tanak oil field!")
    assert a.text_hash == b.text_hash
    assert a.text_hash != c.text_hash


RICH = (
    "Russian aviation did not carry out any strikes near Dier Ezzorr; the SDF seized al-Omar oil field, "
    "killing at least 57 IS fighters and about 70 people, on 22 October 2017."
)


def test_features_round_trip_through_json(features: FeaturesOf) -> None:
    original = features(RICH, published=D(2017, 10, 23))
    # The example exercises every field that needs converting.
    assert original.event is not None
    assert any(math.isinf(f.high) for f in original.figures)
    assert any(not float(f.high).is_integer() for f in original.figures)
    assert original.control and original.denial and original.spellings and original.place_context
    stored = json.loads(json.dumps(original.to_json()))
    assert Features.from_json(stored) == original


def test_features_round_trip_without_event_or_figures(features: FeaturesOf) -> None:
    original = features("Nothing to see here.")
    assert original.event is None
    assert Features.from_json(json.loads(json.dumps(original.to_json()))) == original


def test_arabic_indic_digits_are_one_number(features: FeaturesOf) -> None:
    found = features("خلال الاشتباكات قُتل أكثر من ١٥ عنصراً من تنظيم الدولة.")
    assert [(f.category, f.low, f.high, f.subject) for f in found.figures] == [
        ("killed", 16, math.inf, "fighters")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "غير أن ذلك لا ينفي حقيقة أن التحالف الدولي تسبّب في سقوط ضحايا مدنيين.",  # does not deny
        "لم يتحقق أي تقدم عسكري في المنطقة.",  # no progress: a statement, not a denial
    ],
)
def test_negations_that_deny_nothing(features: FeaturesOf, text: str) -> None:
    assert features(text).denial == ""


def test_four_killed_is_not_at_least_six() -> None:
    four = FigureMention("killed", 4, 4, "", "four killed")
    six = FigureMention("killed", 6, math.inf, "", "at least six killed")
    assert four.compatible(six) is False
    assert FigureMention("killed", 57, 57, "", "57").compatible(FigureMention("killed", 55, 55, "", "55"))


def test_thousands_separators_keep_one_number() -> None:
    found = extract_figures(normalize_text("50,000 civilians were displaced".replace(",", "")))
    assert [(f.category, f.low) for f in found] == [("displaced", 50000)]


def test_a_figure_with_a_thousands_comma(features: FeaturesOf) -> None:
    found = features("More than 50,000 civilians fled the fighting.")
    assert [(f.category, f.low, f.subject) for f in found.figures] == [("displaced", 50001, "civilians")]


def test_a_count_of_two_groups_is_a_total_not_a_count_of_the_first() -> None:
    found = figures(
        "Air strikes on eastern Syria overnight killed 57 Syrian soldiers and allied Iran-backed fighters."
    )
    assert [(f.category, f.low, f.subject) for f in found] == [("killed", 57, "")]
    # One group alone keeps its subject.
    assert [f.subject for f in figures("Air strikes killed 57 Syrian soldiers overnight.")] == ["soldiers"]


def test_a_head_count_may_name_the_group_between_number_and_people() -> None:
    found = figures("Only about 120 ISIS militants are covered by the agreement.")
    assert [(f.category, f.low, f.high, f.subject) for f in found] == [("count", 96, 144.0, "fighters")]
