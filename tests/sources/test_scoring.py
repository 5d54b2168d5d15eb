"""sources/scoring.py over plain data: no database.

The sources are the demo's (claims/demo_data/sources.json) with their networks and grades;
the cases are the seeds' events (al-Omar oil field, 22 October 2017; the regime's push into
Deir ez-Zor city reported by SANA and al-Masdar through EA WorldView).
"""

from __future__ import annotations

import pytest

from sources.scoring import (
    PRIOR,
    RecordCounts,
    RelayIndex,
    Report,
    SourceInfo,
    count_voices,
    suggest_credibility,
    track_record,
)

SDF_MEDIA, SDF, GOV, REUTERS_NET, SOHR_NET, EAW_NET = 1, 2, 3, 4, 5, 6
ANHA = SourceInfo(1, "ANHA", "partisan", SDF_MEDIA, "SDF/AANES media", "C")
SDF_PRESS = SourceInfo(2, "SDF", "belligerent", SDF, "SDF", "C")
DMC = SourceInfo(3, "Deir ez-Zor Military Council", "belligerent", SDF, "SDF", "C")
SANA = SourceInfo(4, "SANA", "state_media", GOV, "Syrian government", "D")
MASDAR = SourceInfo(5, "al-Masdar News", "pro_government", GOV, "Syrian government", "D")
REUTERS = SourceInfo(6, "Reuters", "wire_agency", REUTERS_NET, "Reuters", "B")
SOHR = SourceInfo(7, "SOHR", "independent_monitor", SOHR_NET, "SOHR", "C")
EAW = SourceInfo(8, "EA WorldView", "independent_media", EAW_NET, "EA WorldView", "B")
LONE = SourceInfo(9, "A lone blogger", "unknown", None, "", "F")
LONE2 = SourceInfo(10, "Another blogger", "unknown", None, "", "F")
AFP = SourceInfo(11, "AFP", "wire_agency", 7, "AFP", "B")

counter = iter(range(100, 10_000))


def report(source: SourceInfo, relayed_from: SourceInfo | None = None) -> Report:
    return Report(claim_id=next(counter), source=source, relayed_from=relayed_from)


# --- independence --------------------------------------------------------------------------------


def test_two_outlets_of_one_network_are_one_voice() -> None:
    subject = report(ANHA)
    count = count_voices(subject, [report(SDF_PRESS), report(DMC), report(REUTERS)])
    assert count.count == 2
    assert [v.label for v in count.voices] == ["SDF", "Reuters"]
    assert count.source_count == 3


def test_a_relay_speaks_with_its_origins_voice_and_adds_none_of_its_own() -> None:
    subject = report(ANHA)
    # EA WorldView relaying SANA, and SANA itself: one voice, the Syrian government's.
    count = count_voices(subject, [report(EAW, relayed_from=SANA), report(SANA)])
    assert count.count == 1
    assert count.voices[0].label == "Syrian government"
    # EA WorldView's own network gets no voice from a relay.
    assert all(v.label != "EA WorldView" for v in count.voices)


def test_the_claims_own_source_and_network_are_left_out() -> None:
    subject = report(SANA)
    same_source, same_network = report(SANA), report(MASDAR)
    count = count_voices(subject, [same_source, same_network, report(REUTERS)])
    assert [v.label for v in count.voices] == ["Reuters"]
    reasons = dict((r.claim_id, why) for r, why in count.excluded)
    assert reasons[same_source.claim_id] == "same source as this claim"
    assert "same network" in reasons[same_network.claim_id]


def test_a_relay_of_the_claims_own_voice_is_left_out() -> None:
    subject = report(SANA)
    relay = report(EAW, relayed_from=SANA)
    count = count_voices(subject, [relay])
    assert count.count == 0
    assert "relays SANA" in count.excluded[0][1]


def test_a_claim_that_is_itself_a_relay_is_not_corroborated_by_its_origin() -> None:
    subject = report(MASDAR, relayed_from=SANA)
    assert count_voices(subject, [report(SANA)]).count == 0


def test_sources_without_a_network_are_each_their_own_voice() -> None:
    subject = report(ANHA)
    count = count_voices(subject, [report(LONE), report(LONE2), report(LONE)])
    assert count.count == 2
    assert count_voices(report(LONE), [report(LONE)]).count == 0


# --- track record ------------------------------------------------------------------------------


def test_with_no_reviewed_claims_the_estimate_is_the_prior() -> None:
    record = track_record(RecordCounts())
    assert PRIOR == (2.0, 2.0)
    assert record.mean == pytest.approx(0.5)
    assert record.low < 0.2 and record.high > 0.8


def test_few_claims_stay_near_the_prior_and_many_move_it() -> None:
    few = track_record(RecordCounts(corroborated=2))
    many = track_record(RecordCounts(corroborated=40, refuted=2))
    assert 0.5 < few.mean < 0.7
    assert few.high - few.low > 0.4  # still uncertain
    assert many.mean > 0.9
    assert many.high - many.low < 0.15
    assert many.low > few.low


def test_refuted_claims_pull_the_estimate_down_and_unverifiable_ones_do_not_move_it() -> None:
    refuted = track_record(RecordCounts(refuted=10, corroborated=1))
    assert refuted.mean < 0.25
    assert track_record(RecordCounts(unverifiable=30)).mean == pytest.approx(0.5)
    assert track_record(RecordCounts(unverifiable=30)).evidence == 0


def test_contested_claims_count_half_each_way() -> None:
    record = track_record(RecordCounts(contested=4))
    assert (record.alpha, record.beta) == (4.0, 4.0)
    assert record.mean == pytest.approx(0.5)
    assert record.high - record.low < track_record(RecordCounts()).high - track_record(RecordCounts()).low


# --- credibility suggestion --------------------------------------------------------------------


def test_al_omar_corroborated_by_two_networks_and_contradicted_by_the_government_is_probably_true() -> None:
    # ANHA: the SDF took al-Omar oil field on 22 October 2017; Reuters and SOHR say so too;
    # SANA says the army did, and al-Masdar repeats SANA.
    subject = report(ANHA)
    suggestion = suggest_credibility(
        subject,
        corroborating=[report(REUTERS), report(SOHR), report(AFP, relayed_from=SOHR)],
        contradicting=[report(SANA), report(MASDAR, relayed_from=SANA)],
    )
    assert suggestion.credibility == 2
    assert (suggestion.corroborating, suggestion.contradicting) == (2, 1)
    assert suggestion.explanation == (
        "2 (probably true): corroborated by 3 sources in 2 networks (Reuters, SOHR); "
        "contradicted by SANA, al-Masdar News relaying SANA (state_media, grade D)"
    )


def test_three_networks_uncontradicted_confirm() -> None:
    subject = report(SANA)
    suggestion = suggest_credibility(subject, [report(ANHA), report(REUTERS), report(SOHR)], [])
    assert suggestion.credibility == 1
    assert suggestion.explanation.startswith(
        "1 (confirmed): corroborated by 3 sources in 3 networks (SDF/AANES media, Reuters, SOHR)"
    )


def test_the_same_network_repeating_a_claim_does_not_confirm_it() -> None:
    # al-Masdar's 97% and the military official's four neighbourhoods: one network, one voice.
    subject = report(MASDAR)
    suggestion = suggest_credibility(subject, [report(SANA), report(EAW, relayed_from=SANA)], [])
    assert suggestion.credibility == 6
    assert "no independent source" in suggestion.explanation
    assert "2 not independent of it left out" in suggestion.explanation


def test_contradicted_by_a_credible_voice_only_is_improbable_by_a_weak_one_doubtful() -> None:
    assert suggest_credibility(report(MASDAR), [], [report(REUTERS)]).credibility == 5
    assert suggest_credibility(report(ANHA), [], [report(SANA)]).credibility == 4


def test_one_weak_voice_makes_it_possibly_true() -> None:
    assert suggest_credibility(report(ANHA), [report(SANA)], []).credibility == 3
    assert suggest_credibility(report(ANHA), [report(SOHR)], []).credibility == 2


def test_evenly_matched_voices_make_it_possibly_true_or_doubtful() -> None:
    assert suggest_credibility(report(EAW), [report(REUTERS)], [report(AFP)]).credibility == 3
    assert suggest_credibility(report(EAW), [report(SANA)], [report(REUTERS)]).credibility == 4


# --- relay detection ---------------------------------------------------------------------------

ALIASES = [
    (SANA.id, "SANA"),
    (SANA.id, "Syrian Arab News Agency"),
    (SANA.id, "سانا"),
    (SANA.id, "الوكالة العربية السورية للأنباء"),
    (MASDAR.id, "al-Masdar News"),
    (MASDAR.id, "al-Masdar"),
    (MASDAR.id, "المصدر نيوز"),
    (SOHR.id, "SOHR"),
    (SOHR.id, "Syrian Observatory for Human Rights"),
    (SOHR.id, "المرصد السوري لحقوق الإنسان"),
    (ANHA.id, "ANHA"),
    (ANHA.id, "Hawar"),
    (ANHA.id, "هاوار"),
    (REUTERS.id, "Reuters"),
]


@pytest.fixture(scope="module")
def index() -> RelayIndex:
    return RelayIndex.build(ALIASES)


@pytest.mark.parametrize(
    ("text", "origin", "phrase"),
    [
        ("Army units took al-Omar oil field, according to SANA.", SANA, "according to sana"),
        (
            "The army has taken 97% of the city, according to the pro-Assad site al-Masdar.",
            MASDAR,
            "according to the pro assad site al masdar",
        ),
        ("ISIS fighters are in a pocket east of the river, al-Masdar said.", MASDAR, "al masdar said"),
        ("SANA reported that the army entered the Nour Hospital.", SANA, "sana reported"),
        ("A SANA reporter said control had been established over a public park.", SANA, "sana reporter said"),
        ("SANA's correspondent said the army advanced.", SANA, "sanas correspondent said"),
        (
            "57 were killed, the Britain-based Syrian Observatory for Human Rights said on Wednesday.",
            SOHR,
            "syrian observatory for human rights said",
        ),
        ("The death toll has risen to 57 (via SOHR)", SOHR, "via sohr"),
        ("وحدات من الجيش تبسط سيطرتها على حقل العمر، نقلاً عن سانا.", SANA, "نقلا عن سانا"),
        ("وفقاً لـ سانا، دخل الجيش مدينة الميادين.", SANA, "وفقا ل سانا"),
        ("وفقاً لسانا دخل الجيش مدينة الميادين.", SANA, "وفقا لسانا"),
        ("ذكرت وكالة سانا أن وحدات من الجيش سيطرت على الحقل.", SANA, "ذكرت وكاله سانا"),
        ("وقال المرصد السوري لحقوق الإنسان إن 57 قتلوا.", SOHR, "وقال المرصد السوري لحقوق الانسان"),
        ("بحسب وكالة هاوار، حررت القوات الحقل.", ANHA, "بحسب وكاله هاوار"),
    ],
)
def test_a_text_that_says_whom_it_repeats_is_a_relay(index, text, origin, phrase) -> None:
    match = index.detect(text, own_source_id=REUTERS.id)
    assert match is not None
    assert (match.source_id, match.phrase) == (origin.id, phrase)


@pytest.mark.parametrize(
    "text",
    [
        "The Global Coalition blocked the convoy of mercenaries in the desert.",
        "SANA is the Syrian state news agency.",
        "Shelling hit the SANA building in Deir ez-Zor.",
        "Sanaa airport was closed.",  # a city, not SANA
        "The SDF took al-Omar oil field, the largest in Syria.",
        "قصفت الطائرات مبنى سانا في دير الزور.",
        "A military official told State media that four neighborhoods have been regained.",
        "Claims by SANA are false, the coalition says.",
    ],
)
def test_a_plain_mention_of_a_source_is_no_relay(index, text) -> None:
    assert index.detect(text, own_source_id=REUTERS.id) is None


def test_a_source_quoting_itself_is_no_relay(index) -> None:
    text = "The pro-Assad site al-Masdar said ISIS fighters are now in a pocket east of the Euphrates."
    assert index.detect(text, own_source_id=MASDAR.id) is None
    # ...but the first other source it names is found past its own name.
    both = "Al-Masdar said the army advanced, according to SANA."
    match = index.detect(both, own_source_id=MASDAR.id)
    assert match is not None and match.source_id == SANA.id


def test_a_name_two_sources_share_is_ambiguous_and_never_detected() -> None:
    index = RelayIndex.build([(1, "Hawar"), (2, "Hawar"), (3, "SANA")])
    assert index.detect("according to Hawar, the field fell") is None
    match = index.detect("according to SANA, the field fell")
    assert match is not None and match.source_id == 3
