"""Relays: a claim that says it repeats another source ("according to SANA", "نقلاً عن سانا").

Detection is `sources.scoring.RelayIndex` (pure); this module feeds it the sources' names and
aliases and writes the result. A researcher's choice (`relay_origin = manual`, with or without
an origin) is never overwritten by detection.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from claims.models import Claim, RelayOrigin
from sources.models import Source, SourceAlias
from sources.scoring import RelayIndex


def relay_index() -> RelayIndex:
    """Every source's name and aliases (the name is an alias too), normalised when stored: one query."""
    return RelayIndex.build(SourceAlias.objects.values_list("source_id", "normalized"), normalized=True)


def relay_apply_detection(claim: Claim, *, index: RelayIndex | None = None) -> None:
    """Set an unsaved or changed claim's relay from its text, unless a researcher set it by hand."""
    if claim.relay_origin == RelayOrigin.MANUAL:
        return
    match = (index or relay_index()).detect(claim.text, own_source_id=claim.source_id)
    if match is None:
        claim.relayed_from = None
        claim.relay_origin = ""
        claim.relay_cue = ""
    else:
        claim.relayed_from_id = match.source_id
        claim.relay_origin = RelayOrigin.DETECTED
        # The words as the text has them; the normalised ones if they cannot be traced back.
        claim.relay_cue = (match.cue or match.phrase)[: Claim._meta.get_field("relay_cue").max_length]


def relay_set_by_hand(claim: Claim, *, relayed_from: Source | None) -> None:
    """A researcher's choice on an unsaved or changed claim: detection leaves it alone from now on."""
    claim.relayed_from = relayed_from
    claim.relay_origin = RelayOrigin.MANUAL
    claim.relay_cue = ""


@transaction.atomic
def claim_set_relay(*, claim: Claim, relayed_from: Source | None, set_by: User | None) -> Claim:
    """A researcher says whom the claim repeats (or, with None, that it repeats no one)."""
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if relayed_from is not None and relayed_from.pk == claim.source_id:
        raise ValidationError({"relayed_from": "A claim cannot be a relay of its own source."})
    relay_set_by_hand(claim, relayed_from=relayed_from)
    claim._history_user = set_by  # type: ignore[attr-defined]
    claim._change_reason = "relay set by hand"  # type: ignore[attr-defined]
    claim.save(update_fields=["relayed_from", "relay_origin", "relay_cue", "updated_at"])
    return claim


@transaction.atomic
def claim_detect_relay_again(*, claim: Claim, set_by: User | None) -> Claim:
    """Hand the relay back to detection: forget the researcher's choice and read the text again."""
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    claim.relay_origin = ""
    relay_apply_detection(claim)
    claim._history_user = set_by  # type: ignore[attr-defined]
    claim._change_reason = "relay detected again"  # type: ignore[attr-defined]
    claim.save(update_fields=["relayed_from", "relay_origin", "relay_cue", "updated_at"])
    return claim
