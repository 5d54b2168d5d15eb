"""Ranking a question's candidates (find_similar): BM25-style words and rare character n-grams."""

from __future__ import annotations

import math

import pytest

from claims.matching.score import bm25_overlap, ngram_weights, ranking_similarity
from tests.matching.helpers import FeaturesOf

RARITY = {"anaconda": 5.0, "video": 0.5, "river": 2.0, "brazil": 3.0, "show": 0.5, "swim": 2.0}


def rarity(token: str) -> float:
    return RARITY.get(token, 1.0)


def test_the_question_against_itself_scores_one() -> None:
    words = {"video", "anaconda", "river"}
    assert bm25_overlap(words, words, rarity, average_length=3) == pytest.approx(1.0)


def test_nothing_shared_or_nothing_at_all_scores_zero() -> None:
    assert bm25_overlap({"video"}, {"river"}, rarity, average_length=3) == 0.0
    assert bm25_overlap(set(), {"river"}, rarity, average_length=3) == 0.0
    assert bm25_overlap({"river"}, set(), rarity, average_length=3) == 0.0


def test_a_rare_shared_word_counts_more_than_a_common_one() -> None:
    question = {"video", "show", "anaconda"}
    rare = bm25_overlap(question, {"anaconda", "brazil"}, rarity, average_length=2)
    common = bm25_overlap(question, {"video", "brazil"}, rarity, average_length=2)
    assert rare > common


def test_a_short_claim_with_the_same_shared_words_ranks_above_a_long_one() -> None:
    question = {"anaconda", "river"}
    short = bm25_overlap(question, {"anaconda", "river", "swim"}, rarity, average_length=6)
    long = bm25_overlap(
        question, {"anaconda", "river", *(f"w{i}" for i in range(12))}, rarity, average_length=6
    )
    assert short > long
    assert 0.0 < long < short <= 1.0


def test_ngram_weights_favour_trigrams_rare_among_the_candidates() -> None:
    pool = [frozenset({" th", "the", "ayy"}), frozenset({" th", "he "}), frozenset({" th", "he "})]
    weight = ngram_weights(pool)
    assert weight("ayy") > weight("he ") > weight(" th")
    assert weight("never seen") == pytest.approx(math.log(1 + 4))


def test_the_claim_holding_the_questions_words_ranks_first(features: FeaturesOf) -> None:
    question = features("Look at this huge anaconda swimming across a river in Brazil! Amazing footage")
    right = features("A viral video shows a 10-meter-long anaconda swimming across a river in Brazil.")
    wrong = features("A video shows a shark swimming across a flooded highway in Houston after a hurricane.")
    chars = ngram_weights([question.char_ngrams, right.char_ngrams, wrong.char_ngrams])
    average = (len(right.tokens) + len(wrong.tokens)) / 2

    def weight(token: str) -> float:
        return 1.0

    assert ranking_similarity(question, right, weight, chars, average) > ranking_similarity(
        question, wrong, weight, chars, average
    )
    assert 0.0 <= ranking_similarity(question, wrong, weight, chars, average) <= 1.0


def test_across_languages_only_names_and_concepts_rank(features: FeaturesOf) -> None:
    english = features("Air strikes hit al-Bukamal")
    arabic = features("غارات جوية على البوكمال")
    chars = ngram_weights([english.char_ngrams, arabic.char_ngrams])
    assert ranking_similarity(english, arabic, lambda t: 1.0, chars, 5.0) > 0.0


def test_char_ngrams_are_three_to_five_characters(features: FeaturesOf) -> None:
    grams = features("Hajin").char_ngrams
    assert {" ha", "haji", "hajin", "jin "} <= grams
    assert all(3 <= len(g) <= 5 for g in grams)
