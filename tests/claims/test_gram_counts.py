"""find_similar's character n-gram counts (claims.services.grams), against the real database:
PostgreSQL counts them in SQL, SQLite in Python; both must cut the n-grams as the ranking does
(Features.char_counts), so they are checked against a count made here from the stored texts."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from claims import tasks
from claims.matching.extract import TRIGRAM_TEXT_LIMIT, char_grams
from claims.matching.score import RankingPool, counted_ngram_weights
from claims.models import Claim, GramCount, GramStats
from claims.services import grams
from claims.services.claims import claim_create, claim_update
from claims.services.deletion import claim_delete
from claims.services.matching import find_matches, text_features
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db(transaction=True)

TEXTS = [
    "The SDF seized al-Omar oil field east of al-Mayadeen on Sunday.",
    "The Syrian army took control of the al-Omar oil field on Sunday.",
    "قوات سوريا الديمقراطية تسيطر على حقل العمر النفطي",
    "سيطرت قوات النظام على حقل العمر شرق الميادين",
    "Air strikes on al-Mayadeen last night killed 12 members of Iranian-backed militias.",
    # Longer than the part of a text the ranking reads: the count must stop where it stops.
    "Convoy " * 300 + "kerosene tankers near Hajin",
]


def record(workspace: Any, user: Any, text: str) -> Claim:
    return claim_create(
        workspace=workspace,
        created_by=user,
        text=text,
        source=SourceFactory.create(),
        published=dt.date(2017, 10, 22),
    )


def expected_counts(workspace: Any) -> dict[str, int]:
    """The n-grams of the workspace's stored claims as the ranking cuts them, each counted once
    per claim, those that at least two claims hold."""
    counts: Counter[str] = Counter()
    for text in Claim.objects.filter(workspace=workspace, deleted_at__isnull=True).values_list(
        "text_normalized", flat=True
    ):
        counts.update(set(char_grams(text)))
    return {gram: n for gram, n in counts.items() if n >= grams.MIN_CLAIMS}


def stored_counts(workspace: Any) -> dict[str, int]:
    return dict(GramCount.objects.filter(workspace=workspace).values_list("gram", "claims"))


def test_the_counts_cut_ngrams_as_the_ranking_does(workspace: Any, other_workspace: Any, alice: Any) -> None:
    claims = [record(workspace, alice, text) for text in TEXTS]
    record(other_workspace, alice, "The SDF seized al-Omar oil field.")  # another workspace's
    gone = record(workspace, alice, "Zyxwvut qqqjjj held by a deleted claim only, zyxwvut qqqjjj.")
    record(workspace, alice, "Zyxwvut qqqjjj again")
    claim_delete(claim=gone, by=alice, reason="test")
    assert len(Claim.objects.get(pk=claims[-1].pk).text_normalized) > TRIGRAM_TEXT_LIMIT

    assert grams.gram_counts_rebuild(workspace_id=workspace.pk) == len(TEXTS) + 1

    stored = stored_counts(workspace)
    assert stored == expected_counts(workspace)
    assert stored[" al "] == 3  # held by three English claims, however often each says it
    assert stored["عمر"] == 2  # Arabic: characters, not bytes
    assert " conv" not in stored  # one claim's, however often it repeats
    assert "qqqj" not in stored  # the deleted claim's second holder does not count
    assert " hajin " not in stored and "hajin" not in "".join(stored)  # past the limit
    stats = GramStats.objects.get(workspace=workspace)
    assert stats.claims == len(TEXTS) + 1 and stats.built_at is not None
    assert not GramCount.objects.filter(workspace=other_workspace).exists()


def test_a_rebuild_replaces_the_counts(workspace: Any, alice: Any) -> None:
    _, second = (record(workspace, alice, text) for text in TEXTS[:2])
    grams.gram_counts_rebuild(workspace_id=workspace.pk)
    assert stored_counts(workspace)["omar"] == 2
    built = GramStats.objects.get(workspace=workspace).built_at
    assert built is not None

    claim_update(claim=second, updated_by=alice, text="The Syrian army took control of al-Tanak field.")
    grams.gram_counts_rebuild(workspace_id=workspace.pk)
    after = stored_counts(workspace)
    assert "omar" not in after and after == expected_counts(workspace)
    rebuilt = GramStats.objects.get(workspace=workspace).built_at
    assert rebuilt is not None and rebuilt > built
    grams.gram_counts_rebuild(workspace_id=workspace.pk)
    assert stored_counts(workspace) == after  # the same claims, the same counts


def test_which_workspaces_are_due(workspace: Any, other_workspace: Any, alice: Any) -> None:
    for text in TEXTS[:3]:
        record(workspace, alice, text)
    assert grams.stale_workspaces() == [workspace.pk]  # never counted; the other has no claims
    grams.gram_counts_rebuild(workspace_id=workspace.pk)
    assert grams.stale_workspaces() == []

    # Its claims changed by more than a tenth (and at least STALE_MIN) since the count.
    GramStats.objects.filter(workspace=workspace).update(claims=3 + grams.STALE_MIN)
    assert grams.stale_workspaces() == [workspace.pk]
    grams.gram_counts_rebuild(workspace_id=workspace.pk)

    # Counted over a week ago: due if a claim was saved since, not otherwise.
    week_ago = timezone.now() - dt.timedelta(days=grams.STALE_AGE_DAYS, hours=1)
    GramStats.objects.filter(workspace=workspace).update(built_at=week_ago)
    assert grams.stale_workspaces() == [workspace.pk]
    Claim.objects.filter(workspace=workspace).update(updated_at=week_ago - dt.timedelta(hours=1))
    assert grams.stale_workspaces() == []


def test_the_task_counts_the_workspaces_due(workspace: Any, other_workspace: Any, alice: Any) -> None:
    record(workspace, alice, TEXTS[0])
    record(other_workspace, alice, TEXTS[1])
    assert tasks.refresh_gram_counts() == 2
    assert tasks.refresh_gram_counts() == 0  # nothing changed since
    assert tasks.refresh_gram_counts(workspace.pk) == 1  # asked for: counted whatever changed
    assert set(GramStats.objects.values_list("workspace_id", "claims")) == {
        (workspace.pk, 1),
        (other_workspace.pk, 1),
    }


def test_find_similar_weighs_ngrams_by_their_rarity_in_the_workspace(workspace: Any, alice: Any) -> None:
    for text in TEXTS:
        record(workspace, alice, text)
    question = text_features("SDF fighters seized the al-Omar oil field near al-Mayadeen")
    assert grams.gram_weights(workspace.pk, [question]) is None  # never counted

    def ranked() -> dict[int, Any]:
        return {
            m.claim_id: m
            for m in find_matches(workspace.pk, question, keep_unrelated=True, corpus_weights=True)
        }

    before = ranked()
    grams.gram_counts_rebuild(workspace_id=workspace.pk)
    weight = grams.gram_weights(workspace.pk, [question])
    assert weight is not None
    # Held by four of the six claims: common here, whatever the candidates hold.
    assert weight(" al ") < weight("omar") < weight("zzzz")
    assert weight("zzzz") == counted_ngram_weights({}, len(TEXTS))("zzzz")

    after = ranked()
    assert after.keys() == before.keys()
    omar = next(c for c in Claim.objects.filter(workspace=workspace) if "al omar" in c.text_normalized)
    candidates = [text_features(c.text, published=c.published) for c in Claim.objects.filter(pk__in=after)]
    pool = RankingPool.of(
        question, candidates, chars=grams.gram_weights(workspace.pk, [question, *candidates])
    )
    assert pool.chars(" al ") == counted_ngram_weights(stored_counts(workspace), len(TEXTS))(" al ")
    # The character part of the ranking changed with the weights; the best stays the same event.
    assert after[omar.pk].parts.chars != before[omar.pk].parts.chars
    assert max(after.values(), key=lambda m: m.similarity).claim_id in {
        c.pk for c in Claim.objects.filter(workspace=workspace, text_normalized__contains="al omar")
    }


def test_the_command_counts_one_workspace_or_all(workspace: Any, other_workspace: Any, alice: Any) -> None:
    record(workspace, alice, TEXTS[0])
    out = StringIO()
    call_command("refresh_gram_counts", "--workspace", workspace.slug, stdout=out)
    assert f"{workspace.slug}: 1 claims counted" in out.getvalue()
    assert list(GramStats.objects.values_list("workspace_id", flat=True)) == [workspace.pk]
    out = StringIO()
    call_command("refresh_gram_counts", stdout=out)
    assert f"{other_workspace.slug}: 0 claims counted" in out.getvalue()
    with pytest.raises(CommandError, match="no such workspace"):
        call_command("refresh_gram_counts", "--workspace", "nowhere")
