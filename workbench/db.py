"""Database helpers the ORM does not offer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cache
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.db.models import Field, ForeignKey, Model


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


def history_of_inserted(
    model: type[Model],
    pks: Sequence[int],
    *,
    reasons: Sequence[str],
    user_id: int | None,
    when: dt.datetime,
) -> dict[int, int]:
    """Creation records ("+") in a model's django-simple-history table for rows just inserted,
    copied from the table by PostgreSQL in one statement: the records bulk_history_create
    writes, without a historical instance built and every value bound in Python for each (at
    100,000 imported claims, a fifth of the import). `reasons` are the rows' change reasons,
    in the order of `pks`. Returns each row's history id, by its pk."""
    if not pks:
        return {}
    history = model.history.model  # type: ignore[attr-defined]
    sql = _history_sql(model, history)
    with connection.cursor() as cursor:
        cursor.execute(sql, [when, user_id, list(pks), list(reasons)])
        return {pk: history_id for history_id, pk in cursor.fetchall()}


@cache
def _history_sql(model: type[Model], history: type[Model]) -> str:
    """history_of_inserted's statement, from the models' metadata: every column the historical
    model tracks, from the row's own column of the same field."""
    quote = connection.ops.quote_name
    tracked = history.tracked_fields  # type: ignore[attr-defined]
    target = ", ".join(quote(field.column) for field in tracked)
    source = ", ".join(f"t.{quote(_column(model, field.name))}" for field in tracked)
    own = ", ".join(
        quote(_column(history, name))
        for name in ("history_date", "history_change_reason", "history_type", "history_user")
    )
    pk = model._meta.pk
    assert pk is not None
    history_pk = history._meta.pk
    assert history_pk is not None
    return f"""
        INSERT INTO {quote(history._meta.db_table)} ({target}, {own})
        SELECT {source}, %s, r.reason, '+', %s
        FROM unnest(%s::{pk.db_type(connection)}[], %s::text[]) WITH ORDINALITY AS r(pk, reason, n)
        JOIN {quote(model._meta.db_table)} t ON t.{quote(pk.column)} = r.pk
        ORDER BY r.n
        RETURNING {quote(history_pk.column)}, {quote(_column(history, pk.name))}
    """


def m2m_history_of_inserted(
    through: type[Model], history_through: type[Model], *, owner: str, history_ids: Mapping[int, int]
) -> None:
    """The records of a many-to-many field's rows in django-simple-history's table for them
    (`history_through`), for owners just inserted with their rows: each of the owners' rows in
    `through` (its `owner` field naming the owner) copied with the owner's creation record
    (`history_ids`, from history_of_inserted), by PostgreSQL in one statement."""
    if not history_ids:
        return
    quote = connection.ops.quote_name
    fields = list(through._meta.concrete_fields)
    target = ", ".join(quote(_column(history_through, field.name)) for field in fields)
    source = ", ".join(f"t.{quote(field.column)}" for field in fields)
    owner_field = _foreign_key(through, owner)
    record = _foreign_key(history_through, "history")
    order = through._meta.pk
    assert order is not None
    sql = f"""
        INSERT INTO {quote(history_through._meta.db_table)} ({target}, {quote(record.column)})
        SELECT {source}, h.history_id
        FROM unnest(
            %s::{owner_field.target_field.db_type(connection)}[],
            %s::{record.target_field.db_type(connection)}[]
        ) AS h(owner, history_id)
        JOIN {quote(through._meta.db_table)} t ON t.{quote(owner_field.column)} = h.owner
        ORDER BY t.{quote(order.column)}
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [list(history_ids), list(history_ids.values())])


def _column(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, Field)
    return field.column


def _foreign_key(model: type[Model], name: str) -> ForeignKey[Any, Any]:
    field = model._meta.get_field(name)
    assert isinstance(field, ForeignKey)
    return field
