"""Ranking a question's candidates (find_similar): BM25-style words, rare character n-grams, word
counts and word pairs."""

from __future__ import annotations

import math

import pytest

from claims.matching.extract import Features
from claims.matching.score import (
    DEFAULT_MIX,
    RankingMix,
    RankingPool,
    bm25_overlap,
    count_weights,
    counts_cosine,
    ngram_weights,
    ranking_parts,
    ranking_score,
    ranking_similarity,
    weighted_cosine,
)
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
    chars = ngram_weights([question.char_counts, right.char_counts, wrong.char_counts])
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
    chars = ngram_weights([english.char_counts, arabic.char_counts])
    assert ranking_similarity(english, arabic, lambda t: 1.0, chars, 5.0) > 0.0


def test_char_counts_are_three_to_five_characters_within_words(features: FeaturesOf) -> None:
    grams = features("Hajin").char_counts
    assert {" ha", "haji", "hajin", "jin "} <= set(grams)
    assert all(3 <= len(g) <= 5 for g in grams)
    counted = features("Hajin, Hajin and al-Bukamal").char_counts
    assert counted[" haj"] == 2  # counted, not merely present
    assert not any(" " in g.strip() for g in counted)  # never across two words
    assert features("").char_counts == {}


def test_word_counts_and_pairs_are_read_from_the_normalised_text(features: FeaturesOf) -> None:
    claim = features("The wall, the Border wall!")
    assert claim.word_counts["wall"] == 2
    assert claim.word_counts["the"] == 2  # stopwords too: they weigh little, but they count
    assert {"border wall", "the border"} <= claim.word_pairs
    assert "wall the" in claim.word_pairs  # the comma is gone from the normalised text
    assert features("").word_counts == {}
    assert features("wall").word_pairs == frozenset()


def test_count_weights_favour_words_rare_among_the_texts_ranked() -> None:
    weight = count_weights([["the", "wall", "the"], ["the", "fence"], ["the", "wall"]])
    assert weight("the") == pytest.approx(1.0)  # in every text: it counts, a little
    assert weight("fence") == pytest.approx(1 + math.log(4 / 2))
    assert weight("wall") == pytest.approx(1 + math.log(4 / 3))
    assert weight("never seen") == pytest.approx(1 + math.log(4))


def test_counts_cosine_counts_a_repeated_word_more_but_less_than_its_count() -> None:
    def same(word: str) -> float:
        return 1.0

    assert counts_cosine({"wall": 2, "climb": 1}, {"wall": 2, "climb": 1}, same) == pytest.approx(1.0)
    assert counts_cosine({"wall": 1}, {"fence": 1}, same) == 0.0
    assert counts_cosine({}, {"fence": 1}, same) == 0.0
    once = counts_cosine({"wall": 1, "climb": 1}, {"wall": 1}, same)
    thrice = counts_cosine({"wall": 3, "climb": 1}, {"wall": 1}, same)
    assert once == pytest.approx(1 / math.sqrt(2))
    assert once < thrice < 3 / math.sqrt(10)  # 3 / sqrt(10): the count itself


def test_a_claim_with_the_questions_phrase_ranks_above_one_with_its_words_apart(
    features: FeaturesOf,
) -> None:
    question = features("Mexicans climb the border wall of Trump")
    phrase = features("Tourists climb the border wall near Tijuana")
    apart = features("Tourists near Tijuana climb a wall at the border")  # the same words shared
    pool = RankingPool.of(question, [phrase, apart])

    def weight(token: str) -> float:
        return 1.0

    # "climb the", "the border", "border wall" against "the border" alone
    assert weighted_cosine(question.word_pairs, phrase.word_pairs, pool.pairs) > 2 * weighted_cosine(
        question.word_pairs, apart.word_pairs, pool.pairs
    )
    assert ranking_score(question, phrase, weight, pool) > ranking_score(question, apart, weight, pool)
    assert 0.0 <= ranking_score(question, apart, weight, pool) <= 1.0
    assert ranking_score(question, question, weight, RankingPool.of(question, [question])) == pytest.approx(
        1.0, abs=0.01
    )


def test_across_languages_the_ranking_is_the_wording_alone(features: FeaturesOf) -> None:
    english = features("Air strikes hit al-Bukamal")
    arabic = features("غارات جوية على البوكمال")
    pool = RankingPool.of(english, [arabic])

    def weight(token: str) -> float:
        return 1.0

    assert ranking_score(english, arabic, weight, pool) == ranking_similarity(
        english, arabic, weight, pool.chars, pool.average_length
    )


def border_question(features: FeaturesOf) -> tuple[Features, list[Features], RankingPool]:
    """A question, two English candidates (one much closer) and an Arabic one, and their pool."""
    question = features("Mexicans climb the border wall of Trump near Tijuana")
    candidates = [
        features("Tourists climb the border wall near Tijuana"),
        features("Trump said the border wall is being built"),
        features("غارات جوية على البوكمال"),
    ]
    return question, candidates, RankingPool.of(question, candidates)


def test_the_questions_vectors_kept_in_the_pool_rank_exactly_as_computed_afresh(features: FeaturesOf) -> None:
    """The pool computes the question's TF-IDF vectors once for all its candidates; a question the
    pool was not built for (an equal copy) has them computed for each candidate: the same scores."""
    import dataclasses

    question, candidates, pool = border_question(features)
    copy = dataclasses.replace(question)
    assert copy is not pool.question and copy == question
    kept = [ranking_score(question, other, rarity, pool) for other in candidates]
    afresh = [ranking_score(copy, other, rarity, pool) for other in candidates]
    assert kept == afresh  # exactly: the same sums in the same order
    assert kept[0] > kept[1] > 0.0


def test_the_parts_with_the_shipped_mix_give_the_ranking_score_and_another_mix_another(
    features: FeaturesOf,
) -> None:
    question, candidates, pool = border_question(features)
    parts = [ranking_parts(question, other, rarity, pool) for other in candidates]
    scores = [ranking_score(question, other, rarity, pool) for other in candidates]
    assert [p.score(DEFAULT_MIX) for p in parts] == scores
    assert parts[2].across is not None and parts[2].score(RankingMix(0.1, 0.0, 0.0)) == parts[2].across
    words_only = RankingMix(1.0, 0.0, 0.0)
    assert parts[0].score(words_only) == parts[0].words
    assert parts[0].score(words_only) != parts[0].score(DEFAULT_MIX)
