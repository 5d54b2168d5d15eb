"""Database helpers the ORM does not offer."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.backends.utils import CursorWrapper


@contextmanager
def prepared_cursor(*, prepare: bool = True) -> Iterator[Any]:
    """A cursor whose statements PostgreSQL parses and plans once per connection, then reuses.

    For the few raw statements that run on every check of a claim: planning the candidate
    query took 1.2 ms of its 5.5. Django binds parameters on the client and never prepares
    (prepare_threshold None, for connection poolers in transaction mode); this cursor binds
    them on the server (psycopg's Cursor, as Django's ServerBindingCursor) and prepares each
    statement at its first run on a connection. Django's own cursors on the same connection
    keep binding on the client, which never prepares, so they are unaffected.
    An ordinary cursor where settings.DATABASE_PREPARED_STATEMENTS is off (behind PgBouncer
    older than 1.21 in transaction mode), on another database, and where Django logs queries
    (DEBUG, a test capturing them: psycopg keeps no text with values of a server-bound one),
    and with `prepare` False: for a statement whose best plan depends on the size of its
    arrays (after five runs PostgreSQL may settle on one generic plan for all sizes).
    """
    if (
        not prepare
        or connection.vendor != "postgresql"
        or not settings.DATABASE_PREPARED_STATEMENTS
        or connection.queries_logged
    ):
        with connection.cursor() as cursor:
            yield cursor
        return
    import psycopg

    connection.ensure_connection()
    raw = connection.connection
    if raw.prepare_threshold != 0:
        raw.prepare_threshold = 0  # prepared at the first run: only this cursor binds on the server
    with connection.wrap_database_errors:
        server_binding = psycopg.Cursor(raw)
    with CursorWrapper(server_binding, connection) as cursor:  # as connection.cursor() wraps its own
        yield cursor


@contextmanager
def pipelined() -> Iterator[None]:
    """Statements sent without waiting for each one's result (psycopg's pipeline mode): the
    server runs them in order, and the client waits once, where it first reads a result. For
    a few statements in a row whose results are not needed in between (a transaction's BEGIN,
    a write, then a query that reads it): one round trip instead of one each. Nothing on other
    databases, and where Django logs queries (DEBUG, a test capturing them)."""
    if connection.vendor != "postgresql" or connection.queries_logged:
        yield
        return
    connection.ensure_connection()
    with connection.wrap_database_errors, connection.connection.pipeline():
        yield
