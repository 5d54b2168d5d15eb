from __future__ import annotations

import hashlib
import logging
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from kombu.exceptions import OperationalError
from simple_history.utils import bulk_create_with_history

from claims.matching.entities import matching_text
from claims.matching.normalize import guess_language
from claims.models import DERIVED_VERSION, VAGUE_QUALIFIERS, Claim, Figure, FigureQualifier, Tag
from claims.services.credibility import credibility_record, credibility_record_bulk
from claims.services.relays import relay_apply_detection, relay_set_by_hand
from gazetteer.models import Actor, Place
from workbench.db import history_of_inserted, m2m_history_of_inserted, prepared_cursor
from workspaces.models import Workspace

logger = logging.getLogger(__name__)

# Fields a researcher sets; status, credibility and assignee are set through the same services
# but the views only offer them to reviewers.
CLAIM_FIELDS = (
    "text",
    "language",
    "source",
    "url",
    "published",
    "event_start",
    "event_end",
    "event_precision",
    "status",
    "credibility",
    "assignee",
    "external_id",
    "archive_url",
)
# A change to one of these makes the derived fields stale.
DERIVED_INPUTS = frozenset({"text", "language"})
# A change to one of these (or to the claim's places or actors) re-runs the engine's checks.
MATCH_INPUTS = frozenset({"text", "language", "source", "published", "event_start", "event_end"})
# `relayed_from` not given: detected from the text (unless a researcher set it before).
UNSET: Any = object()
# `relayed_from=DETECT`: a researcher hands the relay back to detection (forgetting his own choice).
DETECT: Any = object()


def tags_for(*, workspace: Workspace, names: Iterable[str]) -> list[Tag]:
    tags = []
    for name in names:
        # Cut to the column's length: a long name must not fail the write on PostgreSQL.
        slug = slugify(name, allow_unicode=True)[: Tag._meta.get_field("name").max_length].strip("-_")
        if not slug:
            continue
        tag, _ = Tag.objects.get_or_create(workspace=workspace, name=slug)
        tags.append(tag)
    return tags


def figures_validate(figures: Sequence[Mapping[str, Any]]) -> list[Figure]:
    """Unsaved Figure rows from plain dicts; ValidationError naming the figure and field.

    Checks fields and the count rule in Python (the database holds the same rule as a
    constraint), so validating costs no query.
    """
    rows = []
    for index, data in enumerate(figures, start=1):
        qualifier = data.get("qualifier") or FigureQualifier.EXACT
        try:
            count = _figure_count(data.get("count"))
            figure = Figure(count=count, qualifier=qualifier, counted=str(data.get("counted") or "").strip())
            figure.clean_fields(exclude=["claim"])
            if figure.count is None and figure.qualifier not in VAGUE_QUALIFIERS:
                raise ValidationError({"count": "a number is required unless the qualifier is vague"})
        except ValidationError as exc:
            details = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
            raise ValidationError({"figures": f"figure {index}: {details}"}) from None
        rows.append(figure)
    return rows


def _figure_count(value: Any) -> int | None:
    """A figure's count as a whole number, or None; ValidationError for anything else.

    Decimal digits of any script count ("١٢" is 12); "²".isdigit() is true, but int("²") fails; a float
    such as 57.0 is accepted, 1.5, infinity or a boolean are not.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str) and value.strip().isdecimal():
        return int(value.strip())
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise ValidationError({"count": f"{str(value)[:40]!r} is not a whole number"})


def _check_field_names(fields: Mapping[str, Any]) -> None:
    unknown = set(fields) - set(CLAIM_FIELDS)
    if unknown:
        raise TypeError(f"unexpected claim fields: {sorted(unknown)}")


def _history_user(claim: Claim) -> User | None:
    return getattr(claim, "_history_user", None)


def _set_relations(
    claim: Claim,
    *,
    places: Iterable[Place] | None,
    actors: Iterable[Actor] | None,
    tags: Iterable[str] | None,
    figures: Sequence[Mapping[str, Any]] | None,
) -> None:
    if places is not None:
        claim.places.set(places)
    if actors is not None:
        claim.actors.set(actors)
    if tags is not None:
        claim.tags.set(tags_for(workspace=claim.workspace, names=tags))
    if figures is not None:
        rows = figures_validate(figures)
        current = [(f.count, f.qualifier, f.counted) for f in claim.figures.order_by("id")]
        if current == [(f.count, f.qualifier, f.counted) for f in rows]:
            return
        reason = getattr(claim, "_change_reason", "")
        for old in claim.figures.all():
            old._history_user = _history_user(claim)  # type: ignore[attr-defined]
            old._change_reason = reason  # type: ignore[attr-defined]
            old.delete()
        for figure in rows:
            figure.claim = claim
        bulk_create_with_history(
            rows, Figure, default_user=_history_user(claim), default_change_reason=reason
        )


@transaction.atomic
def claim_create(
    *,
    workspace: Workspace,
    created_by: User | None,
    text: str,
    source: Any,
    places: Iterable[Place] = (),
    actors: Iterable[Actor] = (),
    tags: Iterable[str] = (),
    figures: Sequence[Mapping[str, Any]] = (),
    change_reason: str = "",
    enqueue: bool = True,
    archive: ArchiveCopy | None = None,
    relayed_from: Any = UNSET,
    **fields: Any,
) -> Claim:
    """Record a claim, with its derived fields (normalised text, its hash, the language when
    none is given), and have the engine check it after commit (`enqueue`). The fields are derived
    here, where the row is written anyway: the check that follows only reads them (writing them
    there took 1.1 ms of the check, at 100,000 claims).

    A `relayed_from` given (a source, or None for "no relay") is a researcher's choice; otherwise
    (UNSET or DETECT) the text says whether it is a relay.
    """
    _check_field_names(fields)
    claim = Claim(workspace=workspace, created_by=created_by, text=text, source=source, **fields)
    _derive_fields(claim)
    if relayed_from is UNSET or relayed_from is DETECT:
        relay_apply_detection(claim)
    else:
        relay_set_by_hand(claim, relayed_from=relayed_from)
    claim.full_clean()
    claim._history_user = created_by  # type: ignore[attr-defined]
    claim._change_reason = change_reason or "created"  # type: ignore[attr-defined]
    claim.save()
    if claim.credibility is not None:
        reason = change_reason or "set when recorded"
        credibility_record(claim=claim, assessed_by=created_by, rationale=reason)
    _set_relations(claim, places=places, actors=actors, tags=tags, figures=figures)
    if archive is not None:
        claim = claim_attach_archive(
            claim=claim, content=archive.content, filename=archive.filename, attached_by=created_by
        )
    if enqueue:
        _enqueue_refresh(claim)
    return claim


@transaction.atomic
def claim_update(
    *,
    claim: Claim,
    updated_by: User | None,
    places: Iterable[Place] | None = None,
    actors: Iterable[Actor] | None = None,
    tags: Iterable[str] | None = None,
    figures: Sequence[Mapping[str, Any]] | None = None,
    change_reason: str = "",
    enqueue: bool = True,
    archive: ArchiveCopy | None = None,
    relayed_from: Any = UNSET,
    **fields: Any,
) -> Claim:
    """Change the given fields (and relations, where given); unchanged ones stay as they are.

    The relay: a `relayed_from` given (a source, or None) is a researcher's choice; DETECT hands it
    back to detection; UNSET keeps a researcher's choice and detects again if the text or source
    changed.
    """
    _check_field_names(fields)
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if claim.deleted_at is not None:
        raise ValidationError(f"Claim #{claim.pk} is deleted; an admin can restore it before it is edited.")
    old_status, old_assignee_id = claim.status, claim.assignee_id
    changed = {name for name, value in fields.items() if getattr(claim, name) != value}
    for name in changed:
        setattr(claim, name, fields[name])
    relay = (claim.relayed_from_id, claim.relay_origin, claim.relay_cue)
    if relayed_from is DETECT:
        claim.relay_origin = ""
        relay_apply_detection(claim)
    elif relayed_from is not UNSET:
        relay_set_by_hand(claim, relayed_from=relayed_from)
    elif changed & {"text", "source"}:
        relay_apply_detection(claim)
    if (claim.relayed_from_id, claim.relay_origin, claim.relay_cue) != relay:
        changed.add("relayed_from")
    if changed & DERIVED_INPUTS:
        _derive_fields(claim)
    recheck = bool(changed & MATCH_INPUTS) or places is not None or actors is not None
    claim._history_user = updated_by  # type: ignore[attr-defined]
    claim._change_reason = change_reason or "edited"  # type: ignore[attr-defined]
    if changed:
        # An unchanged row was valid when stored; validating it again costs a query per
        # constraint on every re-imported row.
        claim.full_clean()
        claim.save()
    if "credibility" in changed and claim.credibility is not None:
        credibility_record(claim=claim, assessed_by=updated_by, rationale=change_reason or "edited")
    if changed & {"status", "assignee"}:
        # notifications: a status change or an assignment, told to the watchers and the assignee.
        from notifications.services import notify_claim_changed

        notify_claim_changed(
            claim=claim, actor=updated_by, old_status=old_status, old_assignee_id=old_assignee_id
        )
    _set_relations(claim, places=places, actors=actors, tags=tags, figures=figures)
    if archive is not None:
        claim = claim_attach_archive(
            claim=claim, content=archive.content, filename=archive.filename, attached_by=updated_by
        )
    if enqueue and (claim.derived_version == 0 or recheck):
        # The task skips the engine's checks when no input it reads has changed.
        _enqueue_refresh(claim)
    return claim


def _derive_fields(claim: Claim) -> None:
    """Set the fields derived from the claim's text and language (derived_fields)."""
    for name, value in derived_fields(text=claim.text, language=claim.language).items():
        setattr(claim, name, value)


def _enqueue_refresh(claim: Claim) -> None:
    from claims.tasks import refresh_claim

    enqueue_after_commit(refresh_claim, claim.pk)


def enqueue_after_commit(task: Any, *args: Any) -> None:
    """Send a task once the transaction commits; if the broker is down, log it and go on.

    What was committed stays committed and the request succeeds: the claim is still pending in
    the database (derived_version 0, no current MatchState), and the beat sweep
    (claims.tasks.refresh_stale_claims) hands it to the workers once the broker is back.
    Only broker errors are swallowed: a task that fails while running in-process still raises.
    """

    def send() -> None:
        try:
            task.delay(*args)
        except (OperationalError, ConnectionError) as exc:
            logger.warning(
                "could not enqueue %s%r: %s; it stays pending and the sweep will run it",
                task.name,
                args,
                exc,
            )

    transaction.on_commit(send)


@dataclass(frozen=True)
class ArchiveCopy:
    """Captured content of the page a claim was published on."""

    content: bytes
    filename: str


def derived_fields(*, text: str, language: str) -> dict[str, Any]:
    normalized = matching_text(text)
    return {
        "text_normalized": normalized,
        "text_sha256": hashlib.sha256(normalized.encode("utf-8")).hexdigest(),
        "language": language or guess_language(text),
        "derived_version": DERIVED_VERSION,
    }


def claim_refresh_derived(*, claim_id: int) -> bool:
    """Recompute a claim's derived fields from its text; idempotent. Returns whether it wrote."""
    row = Claim.objects.filter(pk=claim_id).values("pk", "text", "language").first()
    return row is not None and bool(write_derived_many([row]))


def _write_derived(row: Mapping[str, Any], values: Mapping[str, Any]) -> bool:
    """Write the fields derived from a row read earlier, unless the row has changed since.

    The values are computed outside any lock; the conditional UPDATE makes sure a concurrent
    edit is never overwritten with values computed from the old text.
    """
    same = Claim.objects.filter(pk=row["pk"], text=row["text"], language=row["language"])
    return bool(same.update(**values))


def claims_refresh_stale(
    *,
    workspace_id: int | None = None,
    claim_ids: Collection[int] | None = None,
    exclude: Collection[int] = (),
    batch_size: int = 500,
) -> int:
    """Refresh every claim whose derived fields are missing or from an older version: of a
    workspace, or among `claim_ids`, leaving out the claims in `exclude`."""
    stale = Claim.objects.filter(derived_version__lt=DERIVED_VERSION)
    if workspace_id is not None:
        stale = stale.filter(workspace_id=workspace_id)
    if claim_ids is not None:
        stale = stale.filter(pk__in=list(claim_ids))
    skip = set(exclude)
    ids = [pk for pk in stale.order_by("pk").values_list("pk", flat=True) if pk not in skip]
    refreshed = 0
    for start in range(0, len(ids), batch_size):
        rows = (
            stale.filter(pk__in=ids[start : start + batch_size])
            .order_by("pk")
            .values("pk", "text", "language")
        )
        refreshed += write_derived_many(list(rows))
    return refreshed


def write_derived_many(
    rows: Sequence[Mapping[str, Any]], values: Sequence[Mapping[str, Any]] | None = None
) -> int:
    """_write_derived for many rows: one statement on PostgreSQL, one transaction elsewhere.
    `values` are the rows' derived_fields where the caller has computed them already."""
    if not rows:
        return 0
    if values is None:
        values = [derived_fields(text=row["text"], language=row["language"]) for row in rows]
    if connection.vendor != "postgresql":
        with transaction.atomic():  # one transaction, not one commit per row
            return sum(_write_derived(row, value) for row, value in zip(rows, values, strict=True))
    table = Claim._meta.db_table
    with prepared_cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {table} c SET text_normalized = v.normalized, text_sha256 = v.sha256,
                language = v.new_language, derived_version = %s
            FROM unnest(%s::int[], %s::text[], %s::text[], %s::text[], %s::text[], %s::text[])
                AS v(id, text, language, normalized, sha256, new_language)
            WHERE c.id = v.id AND c.text = v.text AND c.language = v.language
            """,
            [
                DERIVED_VERSION,
                [row["pk"] for row in rows],
                [row["text"] for row in rows],
                [row["language"] for row in rows],
                [value["text_normalized"] for value in values],
                [value["text_sha256"] for value in values],
                [value["language"] for value in values],
            ],
        )
        return cursor.rowcount


@transaction.atomic
def claim_attach_archive(
    *,
    claim: Claim,
    content: bytes,
    filename: str,
    archive_url: str = "",
    attached_by: User | None,
) -> Claim:
    """Store a captured copy of what the claim was published in, with its SHA-256."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    digest = hashlib.sha256(content).hexdigest()
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if claim.archive_sha256 == digest and claim.archive_file:
        return claim
    claim.archive_file.save(filename, ContentFile(content), save=False)
    claim.archive_sha256 = digest
    claim.archived_at = timezone.now()
    if archive_url:
        claim.archive_url = archive_url
    claim._history_user = attached_by  # type: ignore[attr-defined]
    claim._change_reason = "archived copy attached"  # type: ignore[attr-defined]
    claim.save()
    return claim


@dataclass
class ClaimDraft:
    """A validated, unsaved claim and its relations, for claims_bulk_create."""

    claim: Claim
    places: list[Place] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    change_reason: str = ""


def claims_bulk_create(*, drafts: Sequence[ClaimDraft], created_by: User | None) -> list[Claim]:
    """Insert many new claims at once, with the same history claim_create writes.

    For imports: a handful of queries per batch instead of dozens per claim. Each claim gets one
    creation record in its history, holding its places, actors and tags, and its figures get
    theirs. The drafts must be validated already (the database constraints still hold).
    Derived fields are left to the stale-claims sweep.
    """
    if not drafts:
        return []
    claims = [draft.claim for draft in drafts]
    for draft in drafts:
        draft.claim.created_by = created_by
        draft.claim._history_user = created_by  # type: ignore[attr-defined]
        draft.claim._change_reason = draft.change_reason or "created"  # type: ignore[attr-defined]
    Claim.objects.bulk_create(claims)
    credibility_record_bulk(
        claims=claims, rationales=[draft.change_reason for draft in drafts], assessed_by=created_by
    )
    relations = (("places", "place"), ("actors", "actor"), ("tags", "tag"))
    rows: dict[str, list[Any]] = {}
    for name, target in relations:
        through = getattr(Claim, name).through
        rows[name] = through.objects.bulk_create(
            through(claim_id=draft.claim.pk, **{f"{target}_id": obj.pk})
            for draft in drafts
            for obj in getattr(draft, name)
        )
    figures = []
    for draft in drafts:
        for figure in draft.figures:
            figure.claim = draft.claim
            figure._history_user = created_by  # type: ignore[attr-defined]
            figure._change_reason = draft.change_reason  # type: ignore[attr-defined]
            figures.append(figure)
    Figure.objects.bulk_create(figures)
    _history_of_created(drafts, rows, figures, created_by=created_by)
    return claims


def _history_of_created(
    drafts: Sequence[ClaimDraft],
    rows: Mapping[str, Sequence[Any]],
    figures: Sequence[Figure],
    *,
    created_by: User | None,
) -> None:
    """claims_bulk_create's history: a creation record for each claim, holding its places,
    actors and tags, and one for each figure. On PostgreSQL copied from the rows just inserted
    by the database (history_of_inserted: the import step of 100,000 synthetic claims 107 s ->
    85 s); the same records as simple_history's bulk_history_create writes elsewhere."""
    claims = [draft.claim for draft in drafts]
    if connection.vendor == "postgresql":
        when = timezone.now()
        user_id = created_by.pk if created_by else None
        records = history_of_inserted(
            Claim,
            [claim.pk for claim in claims],
            reasons=[draft.change_reason or "created" for draft in drafts],
            user_id=user_id,
            when=when,
        )
        for name in rows:
            m2m_history_of_inserted(
                getattr(Claim, name).through,
                apps.get_model("claims", f"HistoricalClaim_{name}"),
                owner="claim",
                history_ids=records,
            )
        history_of_inserted(
            Figure,
            [figure.pk for figure in figures],
            reasons=[figure._change_reason for figure in figures],  # type: ignore[attr-defined]
            user_id=user_id,
            when=when,
        )
        return
    history = Claim.history.bulk_history_create(claims, default_user=created_by)
    for name, inserted in rows.items():
        through = getattr(Claim, name).through
        history_through = apps.get_model("claims", f"HistoricalClaim_{name}")
        by_claim: dict[int, list[Any]] = {}
        for row in inserted:
            by_claim.setdefault(row.claim_id, []).append(row)
        history_through.objects.bulk_create(
            history_through(
                history=record,
                **{field.attname: getattr(row, field.attname) for field in through._meta.concrete_fields},
            )
            for record in history
            for row in by_claim.get(record.id, [])
        )
    if figures:
        Figure.history.bulk_history_create(figures, default_user=created_by)
