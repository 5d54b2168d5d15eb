"""workbench.db.prepared_cursor against the suite's real database."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from workbench.db import prepared_cursor

QUERY = "SELECT %s * 2, %s"


def server_prepared() -> list[str]:
    """This test's statements among those prepared on the connection (checks may have run on it)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [statement for (statement,) in cursor.fetchall() if "* 2" in statement or "+ 1" in statement]


def test_statements_give_the_same_rows_prepared_once_on_postgresql(db: Any) -> None:
    with prepared_cursor() as cursor:
        for number in (1, 21, 100):
            cursor.execute(QUERY, [number, "text"])
            assert cursor.fetchone() == (number * 2, "text")
    if connection.vendor == "postgresql":  # the suite's real PostgreSQL run
        # Prepared once on the server, with the parameters bound there ($1, $2) ...
        assert server_prepared() == ["SELECT $1 * 2, $2"]
        # ... while Django's own statements on the same connection are not prepared.
        with connection.cursor() as cursor:
            for _ in range(10):
                cursor.execute("SELECT %s + 1", [41])
        assert server_prepared() == ["SELECT $1 * 2, $2"]


def test_logged_queries_show_their_values_and_the_setting_turns_preparing_off(db: Any, settings: Any) -> None:
    with CaptureQueriesContext(connection) as queries, prepared_cursor() as cursor:
        cursor.execute(QUERY, [4, "logged"])
        assert cursor.fetchone() == (8, "logged")
    assert queries.captured_queries[-1]["sql"] == "SELECT 4 * 2, 'logged'"
    settings.DATABASE_PREPARED_STATEMENTS = False
    with prepared_cursor() as cursor:
        cursor.execute(QUERY, [5, "off"])
        assert cursor.fetchone() == (10, "off")
    if connection.vendor == "postgresql":
        assert server_prepared() == []


def test_pipelined_statements_run_in_order_and_a_failure_is_djangos_error(db: Any) -> None:
    """A write and a query that reads it, sent together: the query sees the write, and an error in
    the pipeline comes out as Django's own error (what the engine's retry catches)."""
    from django.db import IntegrityError, transaction

    from claims.models import MatchKey
    from tests.factories import ClaimFactory
    from workbench.db import pipelined

    claim = ClaimFactory.create()
    with transaction.atomic(), pipelined(), prepared_cursor() as cursor:
        cursor.execute("INSERT INTO claims_matchkey (key, claim_id) VALUES (%s, %s)", [12345, claim.pk])
        cursor.execute("SELECT claim_id FROM claims_matchkey WHERE key = %s", [12345])
        assert cursor.fetchall() == [(claim.pk,)]
    assert MatchKey.objects.filter(key=12345).count() == 1
    try:
        with transaction.atomic(), pipelined(), prepared_cursor() as cursor:
            cursor.execute("INSERT INTO claims_matchkey (key, claim_id) VALUES (%s, %s)", [54321, claim.pk])
            cursor.execute("INSERT INTO claims_matchkey (key, claim_id) VALUES (%s, %s)", [12345, claim.pk])
            cursor.execute("SELECT 1")
            cursor.fetchall()
    except IntegrityError:
        pass
    else:
        raise AssertionError("the duplicate key was not refused")
    # Nothing half-written: the first insert of the failed transaction is gone with it.
    assert not MatchKey.objects.filter(key=54321).exists()
