"""Which of a claim's matches its check decides: at most ten, of which at most three are merely
related (claims.services.matching.first_suggestions)."""

from __future__ import annotations

from claims.matching.score import Verdict
from claims.services.matching import RELATED_PER_CLAIM, SUGGESTIONS_PER_CLAIM, Match, first_suggestions


def match(claim_id: int, relation: str, score: float) -> Match:
    return Match(claim_id, Verdict(relation, score, ()))


def test_at_most_three_related_the_strongest_and_evidence_is_never_crowded_out() -> None:
    ranked = [
        match(1, "contradicts", 0.6),
        *(match(10 + i, "related", 0.48 - i / 100) for i in range(6)),  # strongest first
        match(2, "corroborates", 0.55),
        match(3, "unrelated", 0.2),  # decided too: it withdraws a suggestion that no longer holds
    ]
    first = first_suggestions(ranked)
    assert [m.claim_id for m in first] == [1, 10, 11, 12, 2, 3]
    assert RELATED_PER_CLAIM == 3


def test_at_most_ten_in_all() -> None:
    ranked = [match(i, "corroborates", 0.9 - i / 100) for i in range(15)]
    assert [m.claim_id for m in first_suggestions(ranked)] == list(range(SUGGESTIONS_PER_CLAIM))


def test_a_related_verdict_below_the_threshold_does_not_count_against_the_three() -> None:
    ranked = [match(i, "related", 0.1) for i in range(5)] + [match(9, "related", 0.45)]
    assert [m.claim_id for m in first_suggestions(ranked)] == [0, 1, 2, 3, 4, 9]


def test_a_stored_suggestion_that_no_longer_holds_is_decided_wherever_it_ranks() -> None:
    """Ten stronger matches leave no room for it, but a suggestion stored for a pair that can no
    longer be suggested (now at another place: unrelated, 0.0) must be withdrawn, not left."""
    ranked = [match(i, "corroborates", 0.9 - i / 100) for i in range(12)]
    ranked += [match(20, "unrelated", 0.0), match(21, "unrelated", 0.0), match(22, "related", 0.2)]
    first = first_suggestions(ranked, stored={11, 20, 22})
    # 11 can still be suggested: left as it is, as the pairs nobody suggested (21) are.
    assert [m.claim_id for m in first] == [*range(SUGGESTIONS_PER_CLAIM), 20, 22]
    assert [m.claim_id for m in first_suggestions(ranked)] == list(range(SUGGESTIONS_PER_CLAIM))
