"""The engine against the real database: checks after commit, idempotent and versioned suggestions,
rejected suggestions that stay rejected, and the three commands.

Tasks run in-process here (test settings); tests/test_worker.py runs them in a real worker.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from claims import tasks
from claims.matching import ENGINE_VERSION
from claims.models import DERIVED_VERSION, Claim, Link, LinkOrigin, LinkState, MatchKey, MatchState
from claims.services.claims import claim_create, claim_update, claims_refresh_stale
from claims.services.links import link_decide
from claims.services.matching import check_claim, check_claims, check_pending, mark_stale, pending_claim_ids
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db(transaction=True)

D = dt.date


def record(workspace: Any, user: Any, text: str, published: dt.date, source: str, **fields: Any) -> Any:
    return claim_create(
        workspace=workspace,
        created_by=user,
        text=text,
        source=SourceFactory.create(name=source),
        published=published,
        **fields,
    )


@pytest.fixture
def strike(workspace: Any, alice: Any, gazetteer: Any) -> Any:
    """Three reports of the January 2021 strikes, and one of a strike a year later."""
    return {
        "sohr": record(
            workspace,
            alice,
            "The death toll from last night's air strikes on Deir Ezzor city, al-Mayadeen and the "
            "Albukamal desert has risen to 57, SOHR said.",
            D(2021, 1, 13),
            "SOHR",
            external_id="sohr-57",
        ),
        "arabic": record(
            workspace,
            alice,
            "ارتفع إلى 57 عدد قتلى الغارات التي استهدفت ليل أمس مدينة دير الزور والميادين وبادية البوكمال.",
            D(2021, 1, 13),
            "المرصد السوري",
            external_id="sohr-57-ar",
        ),
        "denial": record(
            workspace,
            alice,
            "A military source said the aggression at dawn on Deir Ezzor city, al-Mayadeen and the "
            "Albu Kamal area caused only material damage and no one was killed.",
            D(2021, 1, 13),
            "SANA",
            external_id="sana-no-casualties",
        ),
        "next-year": record(
            workspace,
            alice,
            "Air strikes on al-Mayadeen last night killed 12 members of Iranian-backed militias.",
            D(2022, 3, 2),
            "DeirEzzor24",
            external_id="dez24-2022",
        ),
    }


def suggestions_of(claim: Any) -> dict[str, Link]:
    links = Link.objects.touching(claim).filter(origin=LinkOrigin.SUGGESTED)
    return {link.other(claim).external_id: link for link in links}


def test_a_new_claim_gets_its_suggestions_with_reasons(strike: dict) -> None:
    found = suggestions_of(strike["sohr"])
    assert found["sohr-57-ar"].relation == "corroborates"
    assert found["sana-no-casualties"].relation == "contradicts"
    assert "dez24-2022" not in found  # a strike on the same town a year later
    link = found["sohr-57-ar"]
    assert link.state == LinkState.SUGGESTED
    assert link.engine_version == ENGINE_VERSION
    assert link.score is not None and 0.5 <= link.score <= 1
    assert any("same place" in reason and "al-Mayadeen" in reason for reason in link.reasons)
    assert any("figures" in reason for reason in found["sana-no-casualties"].reasons)
    # Every checked claim has its state and its keys in the shared index.
    assert MatchState.objects.filter(version=ENGINE_VERSION).count() == 4
    assert MatchKey.objects.filter(claim=strike["sohr"]).count() > 5


def test_checking_again_changes_nothing(strike: dict) -> None:
    before = sorted(Link.objects.values_list("from_claim", "to_claim", "relation", "score"))
    history = Link.history.count()
    for claim in strike.values():
        assert check_claim(claim.pk).checked is False  # nothing changed: skipped
        result = check_claim(claim.pk, force=True)  # a second worker, or a re-delivered task
        assert (result.created, result.updated, result.removed) == (0, 0, 0)
    assert sorted(Link.objects.values_list("from_claim", "to_claim", "relation", "score")) == before
    assert Link.history.count() == history


def test_an_edit_that_changes_the_inputs_rechecks_the_claim(strike: dict, alice: Any) -> None:
    arabic = strike["arabic"]
    assert "sohr-57-ar" in suggestions_of(strike["sohr"])
    claim_update(
        claim=arabic,
        updated_by=alice,
        text="قالت وزارة الخارجية إن الوفد وصل إلى جنيف لإجراء محادثات.",  # about something else
    )
    assert "sohr-57-ar" not in suggestions_of(strike["sohr"])
    removed = Link.history.filter(history_type="-").first()
    assert removed is not None
    assert removed.history_change_reason == f"engine {ENGINE_VERSION}: no longer suggested"
    assert removed.history_user is None  # the engine, not alice whose edit set it off


def test_a_rejected_suggestion_stays_rejected_until_a_claim_changes(
    strike: dict, bob: Any, alice: Any
) -> None:
    link = suggestions_of(strike["sohr"])["sohr-57-ar"]
    link_decide(link=link, decided_by=bob, state=LinkState.REJECTED)
    check_claim(strike["sohr"].pk, force=True)
    check_claim(strike["arabic"].pk, force=True)
    link.refresh_from_db()
    assert link.state == LinkState.REJECTED

    # An edit that touches no input of the engine leaves the decision alone ...
    claim_update(claim=strike["sohr"], updated_by=alice, url="https://www.syriahr.com/en/")
    link.refresh_from_db()
    assert link.state == LinkState.REJECTED
    # ... a changed text brings the suggestion back for a new decision.
    claim_update(
        claim=strike["sohr"],
        updated_by=alice,
        text="The death toll from the strikes on Deir Ezzor city, al-Mayadeen and the Albukamal desert "
        "has risen to 57, SOHR said.",
    )
    link.refresh_from_db()
    assert link.state == LinkState.SUGGESTED
    assert link.decided_by is None
    assert link.history.first().history_change_reason == (
        f"engine {ENGINE_VERSION}: suggested again, a claim changed since it was rejected"
    )


def test_a_new_claims_check_reads_no_links_and_one_made_meanwhile_is_still_respected(
    strike: dict, alice: Any, bob: Any, monkeypatch: Any
) -> None:
    """A claim with no link when its check reads it (a new one) has none to read in the check's
    transaction; a link made in between for a pair the check suggests refuses the check's
    insert, and the check runs again, reading it: the researcher's link stays the only one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from claims.services import matching
    from claims.services.links import link_create

    text = "SOHR said 57 people were killed in last night's air strikes on Deir Ezzor city and al-Mayadeen."
    new = record(strike["sohr"].workspace, alice, text, D(2021, 1, 13), "Monitor 2", enqueue=False)
    links_read = "FROM claims_link WHERE from_claim_id = ANY"
    with CaptureQueriesContext(connection) as queries:
        assert check_claim(new.pk).checked
    reads = [q for q in queries.captured_queries if links_read in q["sql"]]
    assert "sohr-57" in suggestions_of(new)  # the pair a link made meanwhile would take
    if connection.vendor == "postgresql":  # SQLite's read does not tell which claims have links
        assert reads == []

    # The same claim again, as if its suggestions had not been stored: a reviewer links it to
    # SOHR's report after the check read the claim, before its transaction.
    Link.objects.filter(from_claim=new).delete()
    Link.objects.filter(to_claim=new).delete()
    MatchState.objects.filter(claim=new).delete()
    read = matching._claims_and_states

    def read_before_the_link(claim_ids: Any) -> Any:
        result = read(claim_ids)
        link_create(
            from_claim=new, to_claim=strike["sohr"], relation="corroborates", created_by=bob, accepted=True
        )
        return dataclasses.replace(result, unlinked=frozenset({new.pk}))

    monkeypatch.setattr(matching, "_claims_and_states", read_before_the_link)
    calls: list[Any] = []
    links_of = matching._links_of

    def counted(ids: Any) -> Any:
        calls.append(ids)
        return links_of(ids)

    monkeypatch.setattr(matching, "_links_of", counted)
    assert check_claim(new.pk).checked
    assert calls == [[new.pk]]  # not on the first try: on the second, after the insert was refused
    between = Link.objects.touching(new).filter(to_claim=strike["sohr"]) | Link.objects.touching(new).filter(
        from_claim=strike["sohr"]
    )
    (link,) = between
    assert (link.origin, link.state) == (LinkOrigin.MANUAL, LinkState.ACCEPTED)


def test_an_accepted_link_is_never_touched_by_the_engine(strike: dict, bob: Any) -> None:
    link = suggestions_of(strike["sohr"])["sana-no-casualties"]
    link_decide(link=link, decided_by=bob, state=LinkState.ACCEPTED, note="SANA denies the toll")
    mark_stale(workspace_id=strike["sohr"].workspace_id)
    check_pending()
    link.refresh_from_db()
    assert (link.state, link.note) == (LinkState.ACCEPTED, "SANA denies the toll")


def test_a_new_engine_version_rechecks_the_workspace(strike: dict, workspace: Any) -> None:
    assert pending_claim_ids(workspace_id=workspace.pk) == []
    MatchState.objects.update(version="2000.1")  # checked by an older engine
    assert len(pending_claim_ids(workspace_id=workspace.pk)) == 4
    out = StringIO()
    call_command("suggest_links", "--workspace", workspace.slug, stdout=out, stderr=StringIO())
    assert pending_claim_ids(workspace_id=workspace.pk) == []
    assert set(MatchState.objects.values_list("version", flat=True)) == {ENGINE_VERSION}
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert {"claim", "other", "relation", "score", "reasons"} <= set(rows[0])


def test_suggest_links_prints_external_ids_strongest_first(strike: dict, workspace: Any) -> None:
    out = StringIO()
    call_command("suggest_links", "--workspace", workspace.slug, stdout=out, stderr=StringIO())
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    pairs = {frozenset((row["claim"], row["other"])): row for row in rows}
    assert pairs[frozenset(("sohr-57", "sohr-57-ar"))]["relation"] == "corroborates"
    assert pairs[frozenset(("sohr-57", "sana-no-casualties"))]["relation"] == "contradicts"
    assert [row["score"] for row in rows] == sorted((row["score"] for row in rows), reverse=True)
    assert all(row["reasons"] for row in rows)


def test_suggest_links_refuses_an_unknown_workspace(db: Any) -> None:
    with pytest.raises(CommandError, match="no such workspace"):
        call_command("suggest_links", "--workspace", "nowhere")


def test_find_similar_ranks_the_same_event_first_and_writes_nothing(strike: dict, workspace: Any) -> None:
    links, states = Link.objects.count(), MatchState.objects.count()
    out = StringIO()
    call_command(
        "find_similar",
        "--workspace",
        workspace.slug,
        "--top",
        "2",
        "--text",
        "Dozens killed as warplanes hit Dayr az-Zawr and Albu Kamal overnight",
        "--published",
        "2021-01-13",
        stdout=out,
    )
    row = json.loads(out.getvalue())
    assert row["id"] is None
    assert len(row["matches"]) == 2
    assert {m["claim"] for m in row["matches"]} <= {"sohr-57", "sohr-57-ar", "sana-no-casualties"}
    assert row["matches"][0]["score"] >= row["matches"][1]["score"]
    assert (Link.objects.count(), MatchState.objects.count()) == (links, states)


def test_find_similar_reads_a_queries_file(strike: dict, workspace: Any, tmp_path: Path) -> None:
    queries = tmp_path / "queries.jsonl"
    queries.write_text(
        json.dumps({"id": "q1", "text": "SANA: no casualties in the aggression on Deir Ezzor"})
        + "\n"
        + json.dumps({"id": "q2", "text": "غارات على الميادين", "published": "2022-03-02"})
        + "\n",
        encoding="utf-8",
    )
    out = StringIO()
    call_command("find_similar", "--workspace", workspace.slug, "--queries", str(queries), stdout=out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [row["id"] for row in rows] == ["q1", "q2"]
    assert rows[0]["matches"][0]["claim"] == "sana-no-casualties"


def test_find_similar_names_the_bad_line(workspace: Any, tmp_path: Path) -> None:
    queries = tmp_path / "queries.jsonl"
    queries.write_text('{"id": 1, "text": "fine"}\n{"id": 2}\n', encoding="utf-8")
    with pytest.raises(CommandError, match="line 2 field 'text'"):
        call_command("find_similar", "--workspace", workspace.slug, "--queries", str(queries))
    with pytest.raises(CommandError, match="--published"):
        call_command(
            "find_similar", "--workspace", workspace.slug, "--text", "x", "--published", "13/01/2021"
        )


def test_relate_decides_pairs_of_texts(gazetteer: Any, tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.jsonl"
    lines = [
        {
            "id": "denial",
            "a": "Russian aviation did not carry out any strikes on al-Bukamal on Sunday.",
            "b": "Russian warplanes struck al-Bukamal on Sunday, killing 20 civilians.",
            "a_published": "2017-11-12",
            "b_published": "2017-11-12",
        },
        {
            "id": "translation",
            "a": "The SDF seized al-Omar oil field on Sunday.",
            "b": "سيطرت قوات سوريا الديمقراطية على حقل العمر النفطي يوم الأحد.",
            "a_published": "2017-10-22",
            "b_published": "2017-10-22",
        },
        {
            "id": "other-field",
            "a": "The SDF seized al-Tanak oil field on Sunday.",
            "b": "The SDF seized al-Omar oil field on Sunday.",
            "a_published": "2017-10-22",
            "b_published": "2017-10-22",
        },
    ]
    pairs.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    out = StringIO()
    call_command("relate", "--pairs", str(pairs), stdout=out)
    rows = {row["id"]: row for row in map(json.loads, out.getvalue().splitlines())}
    assert rows["denial"]["relation"] == "contradicts"
    assert rows["translation"]["relation"] == "corroborates"
    assert rows["other-field"]["relation"] == "unrelated"
    assert any("al-Omar" in reason for reason in rows["translation"]["reasons"])


def test_relate_names_the_bad_line_and_field(tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text('{"id": 1, "a": "x", "b": "y"}\n{"id": 2, "a": "x", "b": ""}\n', encoding="utf-8")
    with pytest.raises(CommandError, match="line 2 field 'b'"):
        call_command("relate", "--pairs", str(pairs))
    pairs.write_text('{"id": 1, "a": "x", "b": "y", "a_published": "yesterday"}\n', encoding="utf-8")
    with pytest.raises(CommandError, match="line 1 field 'a_published'"):
        call_command("relate", "--pairs", str(pairs))


def test_the_claim_page_shows_suggestions_with_their_reasons(strike: dict, bob: Any) -> None:
    from django.urls import reverse

    from tests.conftest import client_for

    claim = strike["sohr"]
    page = client_for(bob).get(reverse("claims:detail", args=[claim.workspace.slug, claim.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert f"Checked by the similarity engine ({ENGINE_VERSION})" in html
    assert "Suggested by the engine" in html or "suggested by the engine" in html
    assert "same place: Deir ez-Zor, al-Bukamal, al-Mayadeen" in html
    assert "one denies it" in html or "figures disagree" in html
    assert html.count('action="/w/deir-ezzor/claims/') >= 2  # accept / reject forms for a reviewer


# --- batches (imports): the same suggestions as one check after another ---------------------------

BATCH_REPORTS = [
    (
        "SOHR",
        D(2021, 1, 13),
        "The death toll from last night's air strikes on Deir Ezzor city, al-Mayadeen "
        "and the Albukamal desert has risen to 57, SOHR said.",
    ),
    (
        "المرصد السوري",
        D(2021, 1, 13),
        "ارتفع إلى 57 عدد قتلى الغارات التي استهدفت ليل أمس مدينة دير الزور والميادين وبادية البوكمال.",
    ),
    (
        "SANA",
        D(2021, 1, 13),
        "A military source said the aggression at dawn on Deir Ezzor city, al-Mayadeen "
        "and the Albu Kamal area caused only material damage and no one was killed.",
    ),
    (
        "Reuters",
        D(2021, 1, 13),
        "Israeli air strikes on eastern Syria killed 57 soldiers and allied fighters "
        "in Deir ez-Zor, al-Mayadeen and Albukamal overnight, a war monitor said.",
    ),
    ("ANHA", D(2017, 10, 22), "The SDF seized al-Omar oil field east of al-Mayadeen on Sunday."),
    ("al-Masdar", D(2017, 10, 22), "The Syrian army took control of the al-Omar oil field on Sunday."),
    (
        "Rudaw",
        D(2017, 10, 22),
        "Syrian Democratic Forces captured the al-Omar oil field, the largest in Syria.",
    ),
    (
        "DeirEzzor24",
        D(2022, 3, 2),
        "Air strikes on al-Mayadeen last night killed 12 members of Iranian-backed militias.",
    ),
]


def recorded_reports(workspace: Any, user: Any) -> list[int]:
    """The reports as an import leaves them (claims_bulk_create): no derived fields, not checked."""
    ids = [
        claim_create(
            workspace=workspace,
            created_by=user,
            text=text,
            source=SourceFactory.create(name=source),
            published=published,
            external_id=f"r{i}",
            enqueue=False,  # no check after commit: the test checks them itself
        ).pk
        for i, (source, published, text) in enumerate(BATCH_REPORTS)
    ]
    Claim.objects.filter(pk__in=ids).update(text_normalized="", text_sha256="", derived_version=0)
    return ids


def unchecked_reports(workspace: Any, user: Any) -> list[int]:
    """The reports, recorded as an import does: derived fields refreshed, not checked yet."""
    ids = recorded_reports(workspace, user)
    claims_refresh_stale(workspace_id=workspace.pk)
    return ids


def stored_suggestions(workspace: Any) -> set[tuple[Any, ...]]:
    links = Link.objects.filter(workspace=workspace, origin=LinkOrigin.SUGGESTED).select_related(
        "from_claim", "to_claim"
    )
    return {
        (
            *sorted((link.from_claim.external_id, link.to_claim.external_id)),
            link.relation,
            link.score,
            tuple(link.reasons),
            link.state,
        )
        for link in links
    }


def test_a_batch_check_stores_the_same_suggestions_as_one_by_one_checks(
    workspace: Any, other_workspace: Any, alice: Any, gazetteer: Any
) -> None:
    one_by_one = unchecked_reports(other_workspace, alice)
    for claim_id in one_by_one:
        check_claim(claim_id)
    batch = unchecked_reports(workspace, alice)
    results = check_claims(batch)
    assert all(result.checked for result in results)
    expected = stored_suggestions(other_workspace)
    assert {relation for _, _, relation, *_ in expected} >= {"corroborates", "contradicts"}
    assert stored_suggestions(workspace) == expected
    assert sum(result.created for result in results) == len(expected)
    # Every suggestion has its one creation record, by the engine, and the batch is checked.
    links = Link.objects.filter(workspace=workspace)
    history = Link.history.filter(workspace=workspace, history_type="+")
    assert history.count() == links.count()
    assert set(history.values_list("history_change_reason", flat=True)) == {
        f"engine {ENGINE_VERSION}: suggested"
    }
    assert not history.exclude(history_user=None).exists()
    assert pending_claim_ids(workspace_id=workspace.pk) == []


def test_a_batch_checked_again_changes_nothing_and_keeps_decisions(
    workspace: Any, alice: Any, bob: Any, gazetteer: Any
) -> None:
    ids = unchecked_reports(workspace, alice)
    check_claims(ids)
    links = Link.objects.filter(workspace=workspace, origin=LinkOrigin.SUGGESTED).order_by("pk")
    rejected, accepted = links[0], links[1]
    link_decide(link=rejected, decided_by=bob, state=LinkState.REJECTED)
    link_decide(link=accepted, decided_by=bob, state=LinkState.ACCEPTED, note="checked by hand")
    before = stored_suggestions(workspace)
    history = Link.history.count()

    assert not any(result.checked for result in check_claims(ids))  # nothing changed: skipped
    results = check_claims(ids, force=True)  # a re-delivered task, or a second worker
    assert all(result.checked for result in results)
    assert all((r.created, r.updated, r.reopened, r.removed) == (0, 0, 0, 0) for r in results)
    assert stored_suggestions(workspace) == before
    assert Link.history.count() == history
    rejected.refresh_from_db()
    accepted.refresh_from_db()
    assert rejected.state == LinkState.REJECTED
    assert (accepted.state, accepted.note) == (LinkState.ACCEPTED, "checked by hand")


def test_the_sweep_hands_out_stale_claims_and_each_batch_refreshes_its_own_first(
    workspace: Any, other_workspace: Any, alice: Any, gazetteer: Any, monkeypatch: Any
) -> None:
    """An import's claims reach the sweep with no derived fields and no check: the sweep hands
    them out in batches at once (the workers share the refresh), and refreshes only the claims
    with no check due itself."""
    one_by_one = unchecked_reports(other_workspace, alice)
    for claim_id in one_by_one:
        check_claim(claim_id)
    ids = recorded_reports(workspace, alice)
    assert set(Claim.objects.filter(pk__in=ids).values_list("derived_version", flat=True)) == {0}
    batches: list[list[int]] = []
    check = tasks.check_claims_task.run

    def recording(claim_ids: list[int]) -> int:
        # Each batch finds its claims as the import left them, and refreshes them itself.
        assert set(Claim.objects.filter(pk__in=claim_ids).values_list("derived_version", flat=True)) == {0}
        batches.append(list(claim_ids))
        return check(claim_ids)

    monkeypatch.setattr(tasks, "CHECK_BATCH", 2)
    monkeypatch.setattr(tasks.check_claims_task, "run", recording)
    assert tasks.refresh_stale_claims(workspace.pk) == 0  # nothing left for the sweep itself
    assert sorted(pk for batch in batches for pk in batch) == sorted(ids)
    assert max(len(batch) for batch in batches) == 2
    assert set(Claim.objects.filter(pk__in=ids).values_list("derived_version", flat=True)) == {
        DERIVED_VERSION
    }
    assert pending_claim_ids(workspace_id=workspace.pk) == []
    assert stored_suggestions(workspace) == stored_suggestions(other_workspace)

    # A claim with no check due but old derived fields (a new DERIVED_VERSION) is the sweep's.
    Claim.objects.filter(pk=ids[0]).update(derived_version=0)
    batches.clear()
    assert tasks.refresh_stale_claims(workspace.pk) == 1
    assert batches == []
    assert Claim.objects.get(pk=ids[0]).derived_version == DERIVED_VERSION


def test_common_words_that_fill_their_lookup_do_not_crowd_out_an_older_report(
    workspace: Any, alice: Any, gazetteer: Any, monkeypatch: Any
) -> None:
    """A word carried by more claims than a lookup reads says nothing about which of them report
    this event: the newest few that were read must not outrank, or even join, the candidates.
    (Caps of 3 here stand for the 100 and 300 of a large workspace.)"""
    from claims.matching import keys
    from claims.services import matching

    monkeypatch.setattr(keys, "WEAK_KINDS_CAP", 3)
    monkeypatch.setattr(keys, "POSTINGS_CAP", 3)
    monkeypatch.setattr(matching, "CANDIDATES", 3)
    same_event = record(
        workspace,
        alice,
        "Air strikes hit al-Mayadeen on 12 January 2021, killing 20 people, activists said.",
        D(2021, 1, 12),
        "SOHR",
    )
    recent = [
        record(
            workspace,
            alice,
            f"Air strikes hit Hajin on {day} March 2023, killing {day} people, activists said.",
            D(2023, 3, day),
            f"Outlet {day}",
        )
        for day in range(1, 6)
    ]
    new = record(
        workspace,
        alice,
        "Activists said 20 people were killed when air strikes hit al-Mayadeen on 12 January 2021.",
        D(2021, 1, 13),
        "DeirEzzor24",
    )
    (item,) = matching.claim_inputs([new.pk])
    features = matching.features_for(item, matching.load_gazetteer())
    matches = matching.find_matches(workspace.pk, features, exclude=new.pk, keep_unrelated=True)
    met = [match.claim_id for match in matches]
    # The recent reports share six words with the new claim, more than the older report shares.
    assert met == [same_event.pk]
    assert not set(met) & {claim.pk for claim in recent}
    assert Link.objects.touching(new).filter(origin=LinkOrigin.SUGGESTED).get().other(new) == same_event


def test_stale_derived_fields_are_refreshed_in_one_go_and_an_edit_meanwhile_is_never_overwritten(
    workspace: Any, alice: Any
) -> None:
    from claims.services.claims import derived_fields, write_derived_many

    ids = recorded_reports(workspace, alice)
    rows = list(Claim.objects.filter(pk__in=ids).order_by("pk").values("pk", "text", "language"))
    # One claim is edited after its row was read and before its derived fields are written.
    Claim.objects.filter(pk=rows[0]["pk"]).update(text="Edited meanwhile: clashes in Hajin.")

    assert write_derived_many(rows) == len(rows) - 1
    for row in rows[1:]:
        stored = Claim.objects.values("text_normalized", "text_sha256", "language", "derived_version").get(
            pk=row["pk"]
        )
        assert stored == derived_fields(text=row["text"], language=row["language"])
    edited = Claim.objects.get(pk=rows[0]["pk"])
    assert (edited.text, edited.derived_version) == ("Edited meanwhile: clashes in Hajin.", 0)
    # The sweep then refreshes it from its new text.
    assert claims_refresh_stale(workspace_id=workspace.pk) == 1
    edited.refresh_from_db()
    assert (
        edited.text_normalized
        == derived_fields(text=edited.text, language=edited.language)["text_normalized"]
    )


def test_a_saved_claims_derived_fields_and_checks_come_from_one_read_and_write_only_what_changed(
    strike: dict, workspace: Any, alice: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from claims.services.claims import derived_fields

    text = "Air strikes on Deir Ezzor city and al-Mayadeen killed 57 people last night, a monitor said."
    claim = record(workspace, alice, text, D(2021, 1, 13), "Monitor", language="", enqueue=False)
    # Derived when saved, the language guessed: the check reads them and writes no claim.
    fields = ["text_normalized", "text_sha256", "language", "derived_version"]
    assert Claim.objects.values(*fields).get(pk=claim.pk) == derived_fields(text=text, language="")
    with CaptureQueriesContext(connection) as queries:
        assert tasks.refresh_claim.run(claim.pk) is True
    assert not [q for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("UPDATE")]
    assert Claim.objects.values(*fields).get(pk=claim.pk) == derived_fields(text=text, language="")
    assert Claim.objects.get(pk=claim.pk).language == "en"  # guessed, and checked as such:
    assert check_claim(claim.pk).checked is False  # the stored signature is that of the guessed language
    assert "sohr-57" in suggestions_of(claim)

    with CaptureQueriesContext(connection) as queries:
        assert tasks.refresh_claim.run(claim.pk) is False  # nothing changed: nothing to check
    assert not [q for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("UPDATE")]

    edited = "Clashes between tribal fighters and the SDF in Hajin left 3 dead on Sunday."
    Claim.objects.filter(pk=claim.pk).update(text=edited)  # as an edit whose task has not run yet
    assert tasks.refresh_claim.run(claim.pk) is True
    assert Claim.objects.values(*fields).get(pk=claim.pk) == derived_fields(text=edited, language="en")
    assert "sohr-57" not in suggestions_of(claim)


def test_postgresql_connections_run_without_jit_and_with_generic_plans(db: Any) -> None:
    """JIT compiling had taken 430 ms of a 630 ms candidate query during a large import; the
    engine's prepared claim read was planned afresh at every check (0.7-1.5 ms of planning)."""
    from django.db import connection

    from workbench.settings import database_from_url

    options = database_from_url("postgres://u@db:5432/workbench")["OPTIONS"]["options"]
    assert options == "-c jit=off -c plan_cache_mode=force_generic_plan"
    assert "options" not in database_from_url("sqlite:////tmp/workbench.sqlite3").get("OPTIONS", {})
    if connection.vendor == "postgresql":  # the suite's real PostgreSQL run: the settings took effect
        with connection.cursor() as cursor:
            cursor.execute("SHOW jit")
            assert cursor.fetchone() == ("off",)
            cursor.execute("SHOW plan_cache_mode")
            assert cursor.fetchone() == ("force_generic_plan",)


def test_each_new_suggestion_has_a_history_record_of_exactly_what_was_stored(
    strike: dict, workspace: Any
) -> None:
    """On PostgreSQL the suggestions and their history records are one hand-written statement
    (claims.services.matching._insert_suggestions): every field the history tracks must hold
    the link's value as stored, as bulk_history_create would have written it."""
    history_model = Link.history.model
    links = list(Link.objects.filter(workspace=workspace))
    assert links
    for link in links:
        record = link.history.get()
        for field in history_model.tracked_fields:
            assert getattr(record, field.attname) == getattr(link, field.attname), (link.pk, field.name)
        assert (record.history_type, record.history_user_id) == ("+", None)
        assert record.history_change_reason == f"engine {ENGINE_VERSION}: suggested"
        assert record.history_date >= link.created_at


def test_a_stored_claims_parsed_features_are_reused_until_its_rows_change(strike: dict, alice: Any) -> None:
    """Checks keep the parsed features of the claims they meet (PostgreSQL: keyed by the rows'
    xmin); an edit re-indexes the claim, and the next check reads the new features."""
    from django.db import connection

    from claims.services import matching

    sohr, arabic = strike["sohr"], strike["arabic"]
    query = matching.features_for(matching.claim_inputs([sohr.pk])[0], matching.load_gazetteer())

    def arabic_as_a_candidate() -> Any:
        if connection.vendor == "postgresql":
            _, stored, _ = matching._candidates_in_database([(sohr.pk, sohr.workspace_id, query)])
        else:
            stored = matching._stored_features([arabic.pk])
        return matching._features_of(arabic.pk, stored[arabic.pk])

    first = arabic_as_a_candidate()
    assert {figure.low for figure in first.figures} == {57}
    again = arabic_as_a_candidate()
    assert (again is first) == (connection.vendor == "postgresql")  # no row stamps on SQLite
    claim_update(
        claim=arabic,
        updated_by=alice,
        text="ارتفع إلى 23 عدد قتلى الغارات التي استهدفت ليل أمس مدينة دير الزور والميادين وبادية البوكمال.",
    )
    after = arabic_as_a_candidate()
    assert {figure.low for figure in after.figures} == {23}
    assert suggestions_of(sohr)["sohr-57-ar"].relation == "contradicts"  # 57 killed against 23


def test_a_check_reads_the_stored_links_as_the_orm_does(strike: dict, bob: Any) -> None:
    """The check's own read of a claim's links (a prepared statement on PostgreSQL) gives the
    same Link instances as the ORM: every field, reasons decoded, saved back unchanged."""
    from claims.services.matching import _links_of

    ids = [strike["sohr"].pk, strike["arabic"].pk]
    expected = sorted(
        Link.objects.filter(from_claim_id__in=ids) | Link.objects.filter(to_claim_id__in=ids),
        key=lambda x: x.pk,
    )
    read = sorted(_links_of(ids), key=lambda link: link.pk)
    assert expected and len(read) == len(expected)
    fields = [field.attname for field in Link._meta.concrete_fields]
    for mine, theirs in zip(read, expected, strict=True):
        assert [getattr(mine, f) for f in fields] == [getattr(theirs, f) for f in fields]
        assert isinstance(mine.reasons, list) and mine.reasons
        assert not mine._state.adding
    link_decide(link=read[0], state=LinkState.REJECTED, decided_by=bob)
    assert Link.objects.get(pk=read[0].pk).state == LinkState.REJECTED
