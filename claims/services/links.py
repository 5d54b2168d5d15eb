from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from claims.models import Claim, Link, LinkOrigin, LinkRelation, LinkState


def link_between(a: Claim, b: Claim) -> Link | None:
    return Link.objects.filter(Q(from_claim=a, to_claim=b) | Q(from_claim=b, to_claim=a)).first()


@transaction.atomic
def link_create(
    *,
    from_claim: Claim,
    to_claim: Claim,
    relation: str,
    created_by: User | None,
    note: str = "",
    accepted: bool = False,
) -> Link:
    """Link two claims by hand.

    A researcher proposes (the link stays `suggested` until a reviewer decides); a reviewer's
    link is `accepted` at once (`accepted=True`). `supersedes` reads: from_claim supersedes
    to_claim.
    """
    if from_claim.workspace_id != to_claim.workspace_id:
        raise ValidationError({"to_claim": "Only claims of the same workspace can be linked."})
    if from_claim.pk == to_claim.pk:
        raise ValidationError({"to_claim": "A claim cannot be linked to itself."})
    if relation not in LinkRelation.values:
        raise ValidationError({"relation": f"{relation!r} is not a relation."})
    existing = link_between(from_claim, to_claim)
    if existing is not None:
        raise ValidationError(
            {"to_claim": f"These claims are already linked ({existing.relation}, {existing.state})."}
        )
    now = timezone.now()
    link = Link(
        workspace_id=from_claim.workspace_id,
        from_claim=from_claim,
        to_claim=to_claim,
        relation=relation,
        origin=LinkOrigin.MANUAL,
        state=LinkState.ACCEPTED if accepted else LinkState.SUGGESTED,
        note=note.strip(),
        created_by=created_by,
        decided_by=created_by if accepted else None,
        decided_at=now if accepted else None,
    )
    link._history_user = created_by  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            link.save()
    except IntegrityError:
        # Another request linked the pair between our check and our insert.
        raise ValidationError({"to_claim": "These claims are already linked."}) from None
    # notifications: a new contradiction, told to those watching either claim or its source.
    from notifications.services import notify_contradictions

    notify_contradictions(links=[link], actor=created_by)
    return link


@transaction.atomic
def link_decide(
    *,
    link: Link,
    decided_by: User,
    state: str,
    relation: str | None = None,
    note: str | None = None,
) -> Link:
    """A reviewer accepts or rejects a link, optionally correcting its relation."""
    if state not in (LinkState.ACCEPTED, LinkState.REJECTED):
        raise ValidationError({"state": "A decision is either accepted or rejected."})
    if relation is not None and relation not in LinkRelation.values:
        raise ValidationError({"relation": f"{relation!r} is not a relation."})
    link = Link.objects.select_for_update().get(pk=link.pk)
    link.state = state
    if relation is not None:
        link.relation = relation
    if note is not None:
        link.note = note.strip()
    link.decided_by = decided_by
    link.decided_at = timezone.now()
    link._history_user = decided_by  # type: ignore[attr-defined]
    link.save()
    # notifications: the decision, told to those watching either claim or its source.
    from notifications.services import notify_link_decided

    notify_link_decided(link=link, actor=decided_by)
    return link
