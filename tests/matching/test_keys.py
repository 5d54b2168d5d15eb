"""Blocking keys: what a claim is stored under, what it looks up, and how candidates are ranked."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from claims.matching.entities import Gazetteer
from claims.matching.extract import extract_features
from claims.matching.keys import (
    KIND_WEIGHT,
    MAX_WEEKS,
    QUESTION_CAP,
    index_keys,
    key_hash,
    key_weight,
    postings_cap,
    query_keys,
    rank_candidates,
    token_counts,
)
from tests.matching.helpers import FeaturesOf, actor_id, features_with, place_id

D = dt.date
OMAR_TEXT = "The SDF seized al-Omar oil field on 22 October 2017, killing 15 IS fighters."


def week(day: dt.date) -> int:
    return day.toordinal() // 7


@pytest.fixture(params=["starter ids", "database ids"])
def any_gazetteer(request: pytest.FixtureRequest) -> Gazetteer:
    name = "gazetteer" if request.param == "starter ids" else "db_gazetteer"
    found: Gazetteer = request.getfixturevalue(name)
    return found


@pytest.mark.parametrize(
    ("text", "published"),
    [
        (OMAR_TEXT, None),
        ("The SDF seized al-Omar oil field yesterday.", D(2017, 10, 23)),
        ("In October 2017 the SDF seized al-Omar oil field.", None),
        ("The SDF seized al-Omar oil field.", None),
        ("قوات سوريا الديمقراطية تسيطر اليوم على حقل العمر النفطي", D(2017, 10, 22)),
    ],
)
def test_a_claim_looks_up_every_key_it_is_stored_under(
    any_gazetteer: Gazetteer, text: str, published: dt.date | None
) -> None:
    found = extract_features(text, gazetteer=any_gazetteer, published=published)
    stored = index_keys(found)
    assert stored
    assert stored <= query_keys(found)


def test_a_dated_claim_is_stored_in_its_week_and_looks_up_the_neighbouring_weeks(
    any_gazetteer: Gazetteer,
) -> None:
    found = features_with(any_gazetteer)(OMAR_TEXT)
    assert found.event == (D(2017, 10, 22), D(2017, 10, 22))
    omar = place_id(any_gazetteer, "al-Omar oil field")
    sdf = actor_id(any_gazetteer, "Syrian Democratic Forces")
    w = week(D(2017, 10, 22))
    stored, looked_up = index_keys(found), query_keys(found)

    assert {f"p{omar}@w{w}", f"p{omar}", f"a{sdf}@w{w}", f"n15@w{w}"} <= stored
    assert f"p{omar}@w{w - 1}" not in stored and f"p{omar}@w{w + 1}" not in stored
    for neighbour in (w - 1, w, w + 1):
        assert f"p{omar}@w{neighbour}" in looked_up
        assert f"a{sdf}@w{neighbour}" in looked_up
        assert f"n15@w{neighbour}" in looked_up
    assert f"p{omar}@w{w - 2}" not in looked_up and f"p{omar}@w{w + 2}" not in looked_up
    # Words and the text hash are not bound to a week.
    assert "tseiz" in stored
    assert any(k.startswith("h") for k in stored)
    assert not any(k.startswith(("t", "h")) and "@" in k for k in looked_up)


def test_claims_a_few_days_apart_across_a_week_boundary_meet(features: FeaturesOf) -> None:
    # Saturday 21 and Monday 23 October 2017 fall in different (ordinal) weeks.
    a = features("The SDF seized al-Omar oil field on 21 October 2017.")
    b = features("The SDF seized al-Omar oil field on 23 October 2017.")
    assert a.event and b.event and week(a.event[0]) != week(b.event[0])
    dated = {k for k in index_keys(b) if k.startswith("p") and "@" in k}
    assert dated & query_keys(a)


def test_an_undated_claim_still_gets_place_keys(any_gazetteer: Gazetteer) -> None:
    found = extract_features("The SDF seized al-Omar oil field.", gazetteer=any_gazetteer)
    assert found.event is None
    omar = place_id(any_gazetteer, "al-Omar oil field")
    stored = index_keys(found)
    assert {f"p{omar}", f"p{omar}@none"} <= stored
    assert not any("@w" in k or "@m" in k for k in stored)
    # Any dated claim about the same place shares the timeless place key with it.
    dated = extract_features(OMAR_TEXT, gazetteer=any_gazetteer)
    assert f"p{omar}" in index_keys(dated) & query_keys(found)


def test_wide_places_get_no_place_keys(any_gazetteer: Gazetteer) -> None:
    found = extract_features(
        "Clashes continue in Deir ez-Zor province.", gazetteer=any_gazetteer, published=D(2017, 10, 22)
    )
    governorate = place_id(any_gazetteer, "Deir ez-Zor Governorate")
    assert governorate in found.wide_places
    assert not any(k.startswith(f"p{governorate}") for k in index_keys(found) | query_keys(found))


def test_a_long_window_is_keyed_by_month_not_by_dozens_of_weeks(gazetteer: Gazetteer) -> None:
    window = (D(2017, 9, 1), D(2017, 12, 31))
    assert week(window[1]) - week(window[0]) > MAX_WEEKS
    found = extract_features("The SDF seized al-Omar oil field.", gazetteer=gazetteer, event=window)
    omar = place_id(gazetteer, "al-Omar oil field")
    keys = index_keys(found)
    assert f"p{omar}@m2017-9" in keys
    assert not any("@w" in k for k in keys)
    assert len([k for k in keys if k.startswith(f"p{omar}@")]) <= 4


def test_place_and_actor_tokens_never_become_word_keys(features: FeaturesOf) -> None:
    keys = index_keys(features(OMAR_TEXT))
    assert not [k for k in keys if re.fullmatch(r"t[pa]-?\d+", k)]


def test_database_ids_keep_place_tokens_out_of_word_keys(db_gazetteer: Gazetteer) -> None:
    keys = index_keys(features_with(db_gazetteer)(OMAR_TEXT))
    assert not [k for k in keys if re.fullmatch(r"t[pa]-?\d+", k)]


# --- hashing -----------------------------------------------------------------------------------


def test_key_hash_is_a_signed_64_bit_int_salted_by_workspace() -> None:
    hashes = [key_hash(workspace, f"p{i}@w105232") for workspace in (1, 2) for i in range(200)]
    assert all(isinstance(h, int) and -(2**63) <= h < 2**63 for h in hashes)
    assert any(h < 0 for h in hashes) and any(h > 0 for h in hashes)  # the whole signed range is used
    assert len(set(hashes)) == len(hashes)
    assert key_hash(1, "p85") != key_hash(2, "p85")
    assert key_hash(1, "p85") != key_hash(1, "p86")
    assert key_hash(1, "p85") == key_hash(1, "p85")  # stable: stored in the database


# --- ranking -----------------------------------------------------------------------------------


def test_rank_candidates_orders_by_shared_weight_and_excludes_the_claim_itself() -> None:
    postings = {
        "p85@w105232": [1, 2, 3],  # a place in the week: weighty
        "a2@w105232": [1, 3],
        "tseiz": [2, 3, 4, 5],  # a word: light
        "h8d86195d85d6cb99": [3],  # the same text
    }
    ranked = rank_candidates(postings, total=1000, exclude=3)
    ids = [claim for claim, _ in ranked]
    assert 3 not in ids
    assert ids == [
        1,
        2,
        5,
        4,
    ]  # 1 shares place and actor; 2 place and word; 4 and 5 a word (tie: newest first)
    weights = [weight for _, weight in ranked]
    assert weights == sorted(weights, reverse=True)
    assert weights[2] == weights[3]
    assert weights[0] == pytest.approx(key_weight("p85@w105232", 3, 1000) + key_weight("a2@w105232", 2, 1000))


def test_rank_candidates_limit_and_no_exclusion() -> None:
    postings = {f"tword{i}": list(range(i + 1)) for i in range(60)}
    ranked = rank_candidates(postings, total=100, limit=40)
    assert len(ranked) == 40
    assert ranked[0][0] == 0  # in every posting list
    assert rank_candidates({}, total=10) == []


def test_key_weight_prefers_rare_keys_and_strong_kinds() -> None:
    assert key_weight("p85@w1", 2, 1000) > key_weight("p85@w1", 300, 1000)
    assert key_weight("h1234", 2, 1000) > key_weight("p85@w1", 2, 1000) > key_weight("tseiz", 2, 1000)
    assert key_weight("ckill@w1", 2, 1000) < key_weight("tseiz", 2, 1000)
    assert key_weight("p85@w1", 2, 1000) / key_weight("tseiz", 2, 1000) == pytest.approx(KIND_WEIGHT["p"])


def test_a_common_key_that_fills_its_lookup_weighs_nothing() -> None:
    # Words, event concepts and places at any time: the newest claims read say nothing.
    for key in ("tseiz", "ckill@w105232", "p85"):
        cap = postings_cap(key)
        assert key_weight(key, cap - 1, 100_000) > 0
        assert key_weight(key, cap, 100_000) == 0
    assert key_weight("tseiz", QUESTION_CAP, 100_000, wide=True) == 0
    assert key_weight("tseiz", postings_cap("tseiz"), 100_000, wide=True) > 0  # a question reads more
    # A place or actor in a week, a figure, a text: the newest are the nearest, they still count.
    for key in ("p85@w105232", "a2@w105232", "n57@w105232", "h8d86195d85d6cb99"):
        assert key_weight(key, postings_cap(key), 100_000) > 0


def test_rank_candidates_leaves_out_claims_met_only_under_full_common_keys() -> None:
    cap = postings_cap("tkill")
    postings = {
        "tkill": list(range(100, 100 + cap)),  # the newest of many claims with the word
        "tstrike": list(range(100, 100 + cap)),
        "p85@w105232": [7],  # the older report of the same event
        "tmayadin": [7, 8],  # a word few claims carry
    }
    assert rank_candidates(postings, total=100_000) == [
        (7, pytest.approx(key_weight("p85@w105232", 1, 100_000) + key_weight("tmayadin", 2, 100_000))),
        (8, pytest.approx(key_weight("tmayadin", 2, 100_000))),
    ]


def test_token_counts_reads_word_postings_only() -> None:
    postings = {"tseiz": [1, 2, 3], "p85@w1": [1], "tomar": iter([4])}
    assert token_counts(postings) == {"seiz": 3, "omar": 1}
