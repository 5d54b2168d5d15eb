"""Importing claims from JSONL and CSV: streamed, validated row by row, all or nothing.

A row is checked and written before the next is read, so memory does not grow with the file.
The whole import is one transaction: the first bad row raises ImportRowError naming its line
and field, and the rollback leaves the database exactly as it was.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from claims.dates import parse_event_window, parse_iso_date
from claims.models import Claim, ClaimStatus, Tag
from claims.services.claims import (
    ClaimDraft,
    claim_update,
    claims_bulk_create,
    enqueue_after_commit,
    figures_validate,
    tags_for,
)
from claims.services.relays import relay_apply_detection, relay_index
from gazetteer.services import GazetteerResolver
from sources.models import Source, SourceKind, Stance
from sources.services import network_get_or_create, source_create, source_resolve
from workspaces.models import Workspace

MAX_TEXT_LENGTH = 50_000
MAX_FIELD_LENGTH = 2_000
# Room for a whole claim text in one CSV cell, with margin; anything larger is an error, not a hang.
csv.field_size_limit(MAX_TEXT_LENGTH * 4 + 1)

KNOWN_FIELDS = frozenset(
    {
        "id",
        "text",
        "source",
        "stance",
        "network",
        "language",
        "published",
        "event_date",
        "url",
        "places",
        "actors",
        "tags",
        "figures",
        "status",
        "credibility",
    }
)


class ImportFileError(Exception):
    """A file that cannot be imported, with where and why."""

    def __init__(
        self,
        message: str,
        *,
        line: int | None = None,
        row: int | None = None,
        field: str | None = None,
    ):
        self.line, self.row, self.field, self.message = line, row, field, message
        where = []
        if line is not None:
            where.append(f"line {line}")
        if row is not None and row != line:
            where.append(f"(row {row})")
        if field is not None:
            where.append(f"field '{field}'")
        super().__init__(f"{' '.join(where)}: {message}" if where else message)


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    sources_created: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = f"{self.rows} rows: {self.created} claims created, {self.updated} updated"
        if self.sources_created:
            text += f"; new sources: {', '.join(self.sources_created)}"
        return text


@dataclass
class RawRow:
    line: int  # the physical line the record starts on
    row: int  # its number among data rows, from 1
    data: dict[str, Any]


UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _decoded_lines(handle: IO[bytes], first_line: int = 1) -> Iterator[tuple[int, str]]:
    for number, raw in enumerate(handle, start=first_line):
        if number == 1 and raw.startswith(UTF16_BOMS):
            raise ImportFileError("the file is UTF-16; save it as UTF-8", line=number)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ImportFileError(
                f"not valid UTF-8 (byte {exc.start + 1} of the line); save the file as UTF-8 "
                "(it may be Latin-1 or Windows-1252)",
                line=number,
            ) from None
        if "\x00" in text:
            # UTF-16 without its byte order mark, or not a text file at all.
            raise ImportFileError(
                "contains a NUL byte: the file looks UTF-16 or binary; save it as UTF-8 text", line=number
            )
        if number == 1:
            text = text.removeprefix("\ufeff")
        yield number, text


def read_jsonl(handle: IO[bytes]) -> Iterator[RawRow]:
    row = 0
    for number, text in _decoded_lines(handle):
        if not text.strip():
            continue
        row += 1
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ImportFileError(f"not valid JSON: {exc.msg} at column {exc.colno}", line=number) from None
        if not isinstance(data, dict):
            raise ImportFileError("each line must be a JSON object", line=number)
        yield RawRow(number, row, data)


def read_csv(handle: IO[bytes]) -> Iterator[RawRow]:
    tracked = _decoded_lines(handle)
    current = {"line": 0}

    def lines() -> Iterator[str]:
        for number, text in tracked:
            current["line"] = number
            yield text

    reader = csv.reader(lines())
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as exc:
        raise ImportFileError(f"unreadable CSV header: {exc}", line=1) from None
    columns = [name.strip().lower() for name in header]
    if "text" not in columns or "source" not in columns:
        raise ImportFileError("the header must name the columns 'text' and 'source'", line=1)
    row = 0
    while True:
        start = current["line"] + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            message = f"unreadable CSV: {exc}"
            if "field larger than field limit" in str(exc):
                message = f"a value longer than {csv.field_size_limit():,} characters; a claim's text may "
                message += f"hold {MAX_TEXT_LENGTH:,}"
            raise ImportFileError(message, line=start, row=row + 1) from None
        if not any(value.strip() for value in values):
            continue
        row += 1
        if len(values) > len(columns):
            raise ImportFileError(
                f"{len(values)} values for {len(columns)} columns; quote values that contain commas",
                line=start,
                row=row,
            )
        yield RawRow(start, row, dict(zip(columns, values, strict=False)))


def read_rows(path: Path, handle: IO[bytes]) -> Iterator[RawRow]:
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return read_jsonl(handle)
    if suffix == ".csv":
        return read_csv(handle)
    raise ImportFileError(f"cannot tell the format of {path.name!r}: use a .jsonl or .csv file")


def _text(data: dict[str, Any], name: str, raw: RawRow, *, limit: int = MAX_FIELD_LENGTH) -> str:
    value = data.get(name)
    if value is None:
        return ""
    if not isinstance(value, str | int | float):
        raise ImportFileError("must be text", line=raw.line, row=raw.row, field=name)
    text = str(value).strip()
    if len(text) > limit:
        raise ImportFileError(
            f"{len(text):,} characters, more than the {limit:,} allowed",
            line=raw.line,
            row=raw.row,
            field=name,
        )
    return text


def _holds_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(item) for item in value)
    return False


def _names(data: dict[str, Any], name: str, raw: RawRow) -> list[str]:
    value = data.get(name)
    if value in (None, ""):
        return []
    if isinstance(value, str):
        parts = value.split(";") if ";" in value else value.split("|")
        items = [part.strip() for part in parts]
    elif isinstance(value, list) and all(isinstance(item, str) for item in value):
        items = [item.strip() for item in value]
    else:
        raise ImportFileError(
            "must be a list of names, or names separated by ';'",
            line=raw.line,
            row=raw.row,
            field=name,
        )
    for item in items:
        if len(item) > 200:
            raise ImportFileError(
                f"the name {item[:40]!r}... is too long", line=raw.line, row=raw.row, field=name
            )
    return [item for item in items if item]


def _figures(data: dict[str, Any], raw: RawRow) -> list[dict[str, Any]] | None:
    value = data.get("figures")
    if value in (None, ""):
        return None if "figures" not in data else []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            raise ImportFileError(
                'must be a JSON list like [{"count": 57, "qualifier": "at_least", "counted": "killed"}]',
                line=raw.line,
                row=raw.row,
                field="figures",
            ) from None
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise ImportFileError("must be a list of objects", line=raw.line, row=raw.row, field="figures")
    return value


@dataclass
class _PendingRow:
    """A row that passed validation, waiting for its batch to be written."""

    line: int
    row: int
    external_id: str
    fields: dict[str, Any]
    relations: dict[str, Any]


@dataclass
class ClaimImporter:
    workspace: Workspace
    user: User | None = None
    batch_size: int = 500
    # The file's name: every history record the import writes says "import <file> ...".
    filename: str = ""
    result: ImportResult = field(default_factory=ImportResult)
    # Told the number of rows read so far, every `progress_every` rows (an upload's progress bar).
    progress: Callable[[int], None] | None = None
    progress_every: int = 100

    def __post_init__(self) -> None:
        self.reason = f"import {self.filename}" if self.filename else "import"
        self.gazetteer = GazetteerResolver(
            create_missing=True, history_user=self.user, change_reason=self.reason
        )
        self._sources: dict[str, Source] = {}
        # 8-byte digests of the ids seen so far: duplicates within one file are an error,
        # and a set of small ints stays small even for millions of rows.
        self._seen_ids: set[int] = set()
        self._url = URLValidator()
        self._tags: dict[str, Tag | None] = {}
        self._pending: list[ClaimDraft] = []
        self._rows: list[_PendingRow] = []
        # Names and aliases of every source, read once: each new claim is checked for a relay.
        self._relays = relay_index()

    def source_for(self, data: dict[str, Any], raw: RawRow) -> Source:
        name = _text(data, "source", raw, limit=200)
        if not name:
            raise ImportFileError("required, and empty", line=raw.line, row=raw.row, field="source")
        stance = _text(data, "stance", raw, limit=64).lower()
        if stance and stance not in Stance.values:
            raise ImportFileError(
                f"unknown stance {stance!r}; expected one of {', '.join(Stance.values)}",
                line=raw.line,
                row=raw.row,
                field="stance",
            )
        key = name.casefold()
        source = self._sources.get(key) or source_resolve(name=name)
        if source is None:
            network = network_get_or_create(name=_text(data, "network", raw, limit=200))
            try:
                source = source_create(
                    name=name,
                    stance=stance or Stance.UNKNOWN,
                    kind=SourceKind.OTHER,
                    network=network,
                    created_by=self.user,
                    change_reason=f"{self.reason} line {raw.line}",
                )
            except ValidationError as exc:
                raise ImportFileError(
                    f"cannot record the new source {name[:80]!r}: {' '.join(exc.messages)}",
                    line=raw.line,
                    row=raw.row,
                    field="source",
                ) from None
            self._relays = relay_index()
            self.result.sources_created.append(source.name)
        elif stance and stance != source.stance and key not in self._sources:
            self.result.warnings.append(
                f"line {raw.line}: source {source.name!r} is recorded with stance "
                f"{source.stance!r}; the file's {stance!r} was not applied"
            )
        self._sources[key] = source
        return source

    def import_row(self, raw: RawRow) -> None:
        data = raw.data
        for name in sorted(KNOWN_FIELDS & set(data)):
            if _holds_nul(data[name]):
                # JSON's "\u0000": the line itself had no NUL byte. No database text holds one.
                raise ImportFileError(
                    "contains a NUL character (\\u0000), which text cannot hold",
                    line=raw.line,
                    row=raw.row,
                    field=name,
                )
        unknown = set(data) - KNOWN_FIELDS
        if unknown and raw.row == 1:
            self.result.warnings.append(f"ignored columns: {', '.join(sorted(unknown))}")
        text = _text(data, "text", raw, limit=MAX_TEXT_LENGTH)
        if not text:
            raise ImportFileError("required, and empty", line=raw.line, row=raw.row, field="text")
        source = self.source_for(data, raw)
        external_id = _text(data, "id", raw, limit=200)
        if external_id:
            digest = int.from_bytes(hashlib.blake2b(external_id.encode(), digest_size=8).digest(), "big")
            if digest in self._seen_ids:
                raise ImportFileError(
                    f"the id {external_id!r} appears twice in this file",
                    line=raw.line,
                    row=raw.row,
                    field="id",
                )
            self._seen_ids.add(digest)
        fields: dict[str, Any] = {"text": text, "source": source}
        if "language" in data:
            fields["language"] = _text(data, "language", raw, limit=16).lower()
        if "url" in data:
            url = _text(data, "url", raw)
            if url:
                try:
                    self._url(url)
                except ValidationError:
                    raise ImportFileError(
                        f"{url[:80]!r} is not a URL", line=raw.line, row=raw.row, field="url"
                    ) from None
            fields["url"] = url
        if "published" in data:
            published = _text(data, "published", raw, limit=32)
            try:
                fields["published"] = parse_iso_date(published) if published else None
            except ValueError as exc:
                raise ImportFileError(str(exc), line=raw.line, row=raw.row, field="published") from None
        if "event_date" in data:
            try:
                window = parse_event_window(_text(data, "event_date", raw, limit=32))
            except ValueError as exc:
                raise ImportFileError(str(exc), line=raw.line, row=raw.row, field="event_date") from None
            fields.update(event_start=window.start, event_end=window.end, event_precision=window.precision)
        if data.get("status") not in (None, ""):
            status = _text(data, "status", raw, limit=32).lower()
            if status not in ClaimStatus.values:
                raise ImportFileError(
                    f"unknown status {status!r}; expected one of {', '.join(ClaimStatus.values)}",
                    line=raw.line,
                    row=raw.row,
                    field="status",
                )
            fields["status"] = status
        if data.get("credibility") not in (None, ""):
            credibility = _text(data, "credibility", raw, limit=4)
            if credibility not in {"1", "2", "3", "4", "5", "6"}:
                raise ImportFileError(
                    f"{credibility!r} is not a credibility from 1 to 6",
                    line=raw.line,
                    row=raw.row,
                    field="credibility",
                )
            fields["credibility"] = int(credibility)
        relations: dict[str, Any] = {}
        # dict.fromkeys: two spellings of one place resolve to one entry, listed once.
        if "places" in data:
            names = _names(data, "places", raw)
            relations["places"] = list(dict.fromkeys(p for n in names if (p := self.gazetteer.place(n))))
        if "actors" in data:
            names = _names(data, "actors", raw)
            relations["actors"] = list(dict.fromkeys(a for n in names if (a := self.gazetteer.actor(n))))
        if "tags" in data:
            relations["tags"] = _names(data, "tags", raw)
        figures = _figures(data, raw)
        if figures is not None:
            relations["figures"] = figures

        self._rows.append(_PendingRow(raw.line, raw.row, external_id, fields, relations))
        if len(self._rows) >= self.batch_size:
            self.write_rows()
        self.result.rows += 1
        if self.progress is not None and self.result.rows % self.progress_every == 0:
            self.progress(self.result.rows)

    def write_rows(self) -> None:
        """Write the validated rows kept so far, in file order.

        One query finds which of their ids are in the workspace already: those rows update
        their claim, the others become new claims, inserted in batches.
        """
        ids = [row.external_id for row in self._rows if row.external_id]
        existing = (
            {
                claim.external_id: claim
                # order_by("pk"): with the default ordering SQLite walks the published-date index.
                for claim in Claim.objects.filter(workspace=self.workspace, external_id__in=ids).order_by(
                    "pk"
                )
            }
            if ids
            else {}
        )
        rows, self._rows = self._rows, []
        for row in rows:
            reason = f"{self.reason} line {row.line}"
            try:
                claim = existing.get(row.external_id) if row.external_id else None
                if claim is None:
                    self._pending.append(self.draft(row.external_id, row.fields, row.relations, reason))
                    self.result.created += 1
                    if len(self._pending) >= self.batch_size:
                        self.flush()
                elif claim.deleted_at is not None:
                    raise ImportFileError(
                        f"the id {row.external_id!r} belongs to claim #{claim.pk}, which is deleted; "
                        "an admin can restore it first",
                        line=row.line,
                        row=row.row,
                        field="id",
                    )
                else:
                    # Rows are written in file order: earlier new claims go in first.
                    self.flush()
                    claim_update(
                        claim=claim,
                        updated_by=self.user,
                        change_reason=reason,
                        enqueue=False,
                        **row.relations,
                        **row.fields,
                    )
                    self.result.updated += 1
            except ValidationError as exc:
                name, messages = next(iter(exc.message_dict.items()))
                raise ImportFileError(" ".join(messages), line=row.line, row=row.row, field=name) from None
        self.flush()

    def draft(
        self, external_id: str, fields: dict[str, Any], relations: dict[str, Any], reason: str
    ) -> ClaimDraft:
        claim = Claim(workspace=self.workspace, external_id=external_id, **fields)
        relay_apply_detection(claim, index=self._relays)
        # Field checks only: the row's values were parsed above, and the database constraints
        # back the rest, so no query per claim.
        claim.clean_fields(exclude=["workspace", "source", "assignee", "created_by", "archive_file"])
        return ClaimDraft(
            claim=claim,
            places=relations.get("places", []),
            actors=relations.get("actors", []),
            tags=list(dict.fromkeys(tag for name in relations.get("tags", []) if (tag := self.tag(name)))),
            figures=figures_validate(relations.get("figures", [])),
            change_reason=reason,
        )

    def tag(self, name: str) -> Tag | None:
        if name not in self._tags:
            found = tags_for(workspace=self.workspace, names=[name])
            self._tags[name] = found[0] if found else None
        return self._tags[name]

    def flush(self) -> None:
        if self._pending:
            claims_bulk_create(drafts=self._pending, created_by=self.user)
        self._pending = []


def claims_import(
    *,
    path: Path,
    workspace: Workspace,
    user: User | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Import a JSONL or CSV file into a workspace, all or nothing; raises ImportFileError.

    `progress`, if given, is called with the number of rows read so far as the import goes on;
    it only observes (what is imported does not depend on it).
    """
    from claims.tasks import refresh_stale_claims

    importer = ClaimImporter(workspace=workspace, user=user, filename=path.name, progress=progress)
    with path.open("rb") as handle, transaction.atomic():
        for raw in read_rows(path, handle):
            importer.import_row(raw)
        if importer.result.rows == 0:
            raise ImportFileError("the file holds no claims (it is empty, or a header alone)")
        importer.write_rows()
        # One sweep after commit refreshes everything this import wrote, in batches.
        enqueue_after_commit(refresh_stale_claims, workspace.pk)
    return importer.result
