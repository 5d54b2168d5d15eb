"""Finding gazetteer places and actors in text, across spellings, scripts and letter case."""

from __future__ import annotations

import pytest

from claims.matching.entities import Gazetteer, Mention, tokenize
from tests.matching.helpers import FeaturesOf, entity, place_id


def places_in(gazetteer: Gazetteer, text: str) -> list[str]:
    return [m.entity.name for m in gazetteer.find(text) if m.entity.kind == "place"]


def actors_in(gazetteer: Gazetteer, text: str) -> list[str]:
    return [m.entity.name for m in gazetteer.find(text) if m.entity.kind == "actor"]


def only_mention(gazetteer: Gazetteer, text: str) -> Mention:
    mentions = gazetteer.find(text)
    assert len(mentions) == 1, [(m.surface, m.entity.name) for m in mentions]
    return mentions[0]


DEIR_EZ_ZOR = [
    "Deir ez-Zor",
    "Deir Ezzor",
    "Dayr az-Zawr",
    "Dier Ezzor",
    "Deir-ez-Zor",
    "دير الزور",
    "بدير الزور",
]
AL_BUKAMAL = ["al-Bukamal", "Albu Kamal", "al-Bokmal", "Albukamal", "البوكمال"]


@pytest.mark.parametrize("spelling", DEIR_EZ_ZOR)
def test_deir_ez_zor_is_found_in_every_spelling_and_script(gazetteer: Gazetteer, spelling: str) -> None:
    mention = only_mention(gazetteer, spelling)
    assert mention.entity.kind == "place"
    assert mention.entity.name == "Deir ez-Zor"
    assert mention.entity.category == "city"


@pytest.mark.parametrize("spelling", AL_BUKAMAL)
def test_al_bukamal_is_found_in_every_spelling_and_script(gazetteer: Gazetteer, spelling: str) -> None:
    mention = only_mention(gazetteer, spelling)
    assert (mention.entity.kind, mention.entity.name) == ("place", "al-Bukamal")


@pytest.mark.parametrize("spellings", [DEIR_EZ_ZOR, AL_BUKAMAL])
def test_all_spellings_resolve_to_one_and_the_same_entity(gazetteer: Gazetteer, spellings: list[str]) -> None:
    found = {(m.entity.kind, m.entity.id) for text in spellings for m in gazetteer.find(text)}
    assert len(found) == 1, found


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Violent explosions were heard in Deir Ezzor city last night.", "Deir ez-Zor"),
        ("Warplanes hit the outskirts of Dayr az-Zawr on Tuesday.", "Deir ez-Zor"),
        ("اشتباكات عنيفة في دير الزور", "Deir ez-Zor"),
        ("قصف مدفعي بدير الزور", "Deir ez-Zor"),
        ("The strikes hit the Albukamal desert overnight.", "al-Bukamal"),
        ("Regime forces entered Albu Kamal on Wednesday.", "al-Bukamal"),
        ("غارات جوية على مواقع الميليشيات وبالبوكمال", "al-Bukamal"),
    ],
)
def test_places_are_found_inside_sentences(gazetteer: Gazetteer, text: str, place: str) -> None:
    assert places_in(gazetteer, text) == [place]


def test_glued_arabic_preposition_is_read_off_but_kept_in_the_surface(gazetteer: Gazetteer) -> None:
    mention = only_mention(gazetteer, "بدير الزور")
    assert mention.entity.name == "Deir ez-Zor"
    assert mention.surface == "بدير الزور"
    assert mention.how == "alias"


def test_is_in_capitals_is_the_islamic_state(gazetteer: Gazetteer) -> None:
    assert actors_in(gazetteer, "During the clashes, more than 15 IS members died.") == ["Islamic State"]
    assert actors_in(gazetteer, "IS withdrew from Hajin.") == ["Islamic State"]


@pytest.mark.parametrize(
    "text",
    [
        "This is a town on the Euphrates.",
        "Hajin is quiet today.",
        "Is this Hajin?",
        "The situation is tense and it is unclear who is in control.",
    ],
)
def test_the_english_verb_is_is_not_the_islamic_state(gazetteer: Gazetteer, text: str) -> None:
    assert "Islamic State" not in actors_in(gazetteer, text)


@pytest.mark.parametrize(
    "text",
    [
        "Britain",
        "Air strikes killed 57 soldiers, the Britain-based Syrian Observatory for Human Rights said.",
        "Britain condemned the strikes.",
    ],
)
def test_britain_is_not_read_as_any_place(gazetteer: Gazetteer, text: str) -> None:
    assert places_in(gazetteer, text) == []


def test_al_omar_and_al_tanak_oil_fields_are_different_entities(gazetteer: Gazetteer) -> None:
    omar = only_mention(gazetteer, "the al-Omar oil field").entity
    tanak = only_mention(gazetteer, "the al-Tanak oil field").entity
    assert omar.name == "al-Omar oil field"
    assert tanak.name == "al-Tanak oil field"
    assert omar.id != tanak.id
    assert omar.category == tanak.category == "oil_field"
    # Their own variants stay with them.
    assert only_mention(gazetteer, "al-Tenk oil field").entity.id == tanak.id
    assert only_mention(gazetteer, "Omar oil field").entity.id == omar.id
    assert only_mention(gazetteer, "حقل العمر النفطي").entity.id == omar.id


@pytest.mark.parametrize(
    ("text", "name", "how"),
    [
        # Listed aliases, however odd, are aliases: "Dier Ezzor" is in the starter gazetteer.
        ("Deir ez-Zor", "Deir ez-Zor", "alias"),
        ("Dier Ezzor", "Deir ez-Zor", "alias"),
        ("Dayr az-Zawr", "Deir ez-Zor", "alias"),
        ("دير الزور", "Deir ez-Zor", "alias"),
        ("al-Bokmal", "al-Bukamal", "alias"),
        # Not listed, but the transliteration key is the same.
        ("Albukamal", "al-Bukamal", "spelling"),
        ("Deir Ezzorr", "Deir ez-Zor", "spelling"),
        ("Almayadeen", "al-Mayadeen", "spelling"),
        # A consonant missing: only the fuzzy step finds it.
        ("Abu Kashab", "Abu Khashab", "fuzzy"),
    ],
)
def test_mention_says_how_it_was_found(gazetteer: Gazetteer, text: str, name: str, how: str) -> None:
    mention = only_mention(gazetteer, text)
    assert (mention.entity.name, mention.how) == (name, how)


def test_fuzzy_matching_needs_a_capitalised_name(gazetteer: Gazetteer) -> None:
    assert gazetteer.find("Abu Kashab front") != []
    assert gazetteer.find("abu kashab front") == []


def test_spellings_that_needed_the_key_or_fuzzy_step_are_reported(features: FeaturesOf) -> None:
    found = features("The strikes hit the Albukamal desert and the Abu Kashab front.")
    assert "Albukamal → al-Bukamal" in found.spellings
    assert "Abu Kashab → Abu Khashab" in found.spellings
    plain = features("The strikes hit al-Bukamal.")
    assert plain.spellings == ()


def test_longest_name_wins(gazetteer: Gazetteer) -> None:
    assert places_in(gazetteer, "Shelling near Deir ez-Zor military airport") == [
        "Deir ez-Zor military airport"
    ]
    assert places_in(gazetteer, "Clashes in the eastern Deir ez-Zor countryside") == [
        "eastern Deir ez-Zor countryside"
    ]


@pytest.mark.parametrize(
    "text",
    ["Deir\nEzzor", "Deir:\nez-Zor", "Deir: Ezzor", "Albu:\nKamal", "Albu\nKamal"],
)
def test_words_split_by_a_line_break_or_colon_do_not_join_into_one_name(
    gazetteer: Gazetteer, text: str
) -> None:
    assert gazetteer.find(text) == []


def test_a_heading_and_the_line_below_it_stay_two_names(gazetteer: Gazetteer) -> None:
    text = "Al-Bukamal:\n\nAl-Thalath area (IRGC)\nBeer Hammar (IRGC and 47th Regiment)"
    assert places_in(gazetteer, text) == ["al-Bukamal", "al-Thalath area", "Bir Hammar"]
    # "Jafra oil field" is an alias, but not across a colon and a line break: the village only.
    assert places_in(gazetteer, "Jafra:\noil field") == ["al-Jafra"]
    assert places_in(gazetteer, "Jafra oil field") == ["al-Jafra oil field"]


def test_tokens_record_whether_they_join_the_word_before() -> None:
    assert [t.joined for t in tokenize("Deir ez-Zor")] == [False, True, True]
    assert [t.joined for t in tokenize("Deir\nez-Zor")] == [False, False, True]
    assert [t.joined for t in tokenize("Deir: Ezzor")] == [False, False]
    assert [t.norm for t in tokenize("Al-Talae'e, مدينةِ البوكمـــال")] == [
        "al",
        "talaee",
        "مدينه",
        "البوكمال",
    ]


def test_mentions_point_at_their_tokens(gazetteer: Gazetteer) -> None:
    text = "SDF fighters liberated Margada from IS gangs today."
    tokens = tokenize(text)
    mentions = gazetteer.find(text)
    assert [(m.entity.name, m.surface) for m in mentions] == [
        ("Syrian Democratic Forces", "SDF"),
        ("Markada", "Margada"),
        ("Islamic State", "IS gangs"),
    ]
    for mention in mentions:
        assert " ".join(t.raw for t in tokens[mention.start : mention.end]) == mention.surface
    assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:], strict=False))


def test_lineage_walks_up_to_the_country(gazetteer: Gazetteer) -> None:
    omar = place_id(gazetteer, "al-Omar oil field")
    names = [gazetteer.by_id[("place", pid)].name for pid in gazetteer.lineage(omar)]
    assert names == ["al-Omar oil field", "al-Mayadeen District", "Deir ez-Zor Governorate", "Syria"]


def test_starter_actors_carry_their_side_and_kind(gazetteer: Gazetteer) -> None:
    assert entity(gazetteer, "actor", "Syrian Democratic Forces").side == "sdf"
    assert entity(gazetteer, "actor", "Syrian Arab Army").side == "regime"
    assert entity(gazetteer, "actor", "Islamic State").side == "is"
    assert entity(gazetteer, "actor", "Syrian Arab Army").category == "state_forces"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Al-Bukamal was captured by regime forces on Wednesday.", "Syrian Arab Army"),
        ("The SDF liberated the sugar factory north of Deir ez-Zor.", "Deir ez-Zor sugar factory"),
    ],
)
def test_lower_case_aliases_match_text_written_the_same_way(
    gazetteer: Gazetteer, text: str, name: str
) -> None:
    assert name in [m.entity.name for m in gazetteer.find(text)]


@pytest.mark.parametrize(
    ("text", "place"),
    [("دَيْرُ الزُّور", "Deir ez-Zor"), ("غارات على البُوكمال", "al-Bukamal")],
)
def test_vocalised_arabic_names_are_found(gazetteer: Gazetteer, text: str, place: str) -> None:
    assert places_in(gazetteer, text) == [place]
