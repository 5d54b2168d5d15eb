from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from claims.matching.normalize import normalize_text
from sources.models import Grade, Network, Source, SourceAlias, SourceAssessment, SourceKind, Stance
from workspaces.models import Workspace


def network_get_or_create(*, name: str) -> Network | None:
    name = name.strip()
    if not name:
        return None
    network = Network.objects.filter(name__iexact=name).first()
    return network or Network.objects.create(name=name)


def source_resolve(*, name: str) -> Source | None:
    """The source a name or alias refers to, or None."""
    normalized = normalize_text(name)[: SourceAlias._meta.get_field("normalized").max_length]
    if not normalized:
        return None
    alias = SourceAlias.objects.select_related("source").filter(normalized=normalized).first()
    if alias is not None:
        return alias.source
    return Source.objects.filter(name__iexact=name.strip()).first()


def source_add_alias(*, source: Source, alias: str) -> SourceAlias:
    # Cut to the column: NFKC can make a name longer than it was written.
    normalized = normalize_text(alias)[: SourceAlias._meta.get_field("normalized").max_length]
    existing = SourceAlias.objects.filter(normalized=normalized).select_related("source").first()
    if existing is not None:
        if existing.source_id != source.pk:
            raise ValidationError(
                {"aliases": f"{alias!r} is already an alias of the source {existing.source.name!r}."}
            )
        return existing
    return SourceAlias.objects.create(source=source, alias=alias.strip(), normalized=normalized)


@transaction.atomic
def source_create(
    *,
    name: str,
    stance: str = Stance.UNKNOWN,
    kind: str = SourceKind.OTHER,
    network: Network | None = None,
    url: str = "",
    description: str = "",
    aliases: Iterable[str] = (),
    created_by: User | None = None,
    change_reason: str = "",
) -> Source:
    source = Source(
        name=name.strip(),
        stance=stance,
        kind=kind,
        network=network,
        url=url,
        description=description,
    )
    source._history_user = created_by  # type: ignore[attr-defined]
    if change_reason:
        source._change_reason = change_reason  # type: ignore[attr-defined]
    source.full_clean()
    source.save()
    for alias in [source.name, *aliases]:
        source_add_alias(source=source, alias=alias)
    return source


@transaction.atomic
def source_update(*, source: Source, updated_by: User | None, **fields: object) -> Source:
    for name, value in fields.items():
        setattr(source, name, value)
    source._history_user = updated_by  # type: ignore[attr-defined]
    source.full_clean()
    source.save()
    source_add_alias(source=source, alias=source.name)
    return source


@transaction.atomic
def source_grade(
    *,
    source: Source,
    grade: str,
    rationale: str,
    assessed_by: User | None,
    workspace: Workspace | None = None,
) -> SourceAssessment:
    """Record an Admiralty reliability assessment and make it the source's current grade."""
    if grade not in Grade.values:
        raise ValidationError({"grade": f"{grade!r} is not an Admiralty grade (A to F)."})
    if not rationale.strip():
        raise ValidationError({"rationale": "Say why: a grade without a rationale cannot be defended."})
    # Lock the row: two reviewers grading at once must not interleave grade and history.
    source = Source.objects.select_for_update().get(pk=source.pk)
    assessment = SourceAssessment(
        source=source,
        grade=grade,
        rationale=rationale.strip(),
        assessed_by=assessed_by,
        workspace=workspace,
        assessed_at=timezone.now(),
    )
    assessment._history_user = assessed_by  # type: ignore[attr-defined]
    assessment.save()
    if source.reliability != grade:
        source.reliability = grade
        source._history_user = assessed_by  # type: ignore[attr-defined]
        source._change_reason = f"assessment #{assessment.pk}"  # type: ignore[attr-defined]
        source.save(update_fields=["reliability", "updated_at"])
    return assessment
