from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models.functions import Greatest, Least, Length
from django.utils import timezone
from simple_history.models import HistoricalRecords

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

models.CharField.register_lookup(Length)

# Bumped when claim_refresh_derived computes something new; claims below it are refreshed again.
DERIVED_VERSION = 2


class ClaimStatus(models.TextChoices):
    NEW = "new", "New"
    IN_REVIEW = "in_review", "In review"
    CORROBORATED = "corroborated", "Corroborated"
    CONTESTED = "contested", "Contested"
    REFUTED = "refuted", "Refuted"
    UNVERIFIABLE = "unverifiable", "Unverifiable"


class Credibility(models.IntegerChoices):
    """Admiralty (NATO) information credibility."""

    CONFIRMED = 1, "1: confirmed by other sources"
    PROBABLY_TRUE = 2, "2: probably true"
    POSSIBLY_TRUE = 3, "3: possibly true"
    DOUBTFUL = 4, "4: doubtful"
    IMPROBABLE = 5, "5: improbable"
    CANNOT_JUDGE = 6, "6: truth cannot be judged"


class RelayOrigin(models.TextChoices):
    DETECTED = "detected", "detected in the text"
    MANUAL = "manual", "set by a researcher"


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    RANGE = "range", "Date range"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


class Tag(models.Model):
    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="tags")
    name = models.SlugField(max_length=64, allow_unicode=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "name"], name="tag_unique_per_workspace"),
        ]

    def __str__(self) -> str:
        return self.name


class ClaimQuerySet(models.QuerySet["Claim"]):
    def visible_to(self, user: User | AnonymousUser) -> ClaimQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(workspace__memberships__user=user)

    def alive(self) -> ClaimQuerySet:
        """Claims not deleted: what lists, queues, search and the engine work on.

        A deleted claim keeps its row, its history and its links (reports that cited it still
        resolve it); only its page and the admins' list of deleted claims show it.
        """
        return self.filter(deleted_at__isnull=True)

    def deleted(self) -> ClaimQuerySet:
        return self.filter(deleted_at__isnull=False)


class Claim(models.Model):
    """One checkable statement, verbatim as published."""

    # No single-column index: the indexes of Meta lead with the workspace. Every index is one
    # more write for each claim an import stores and each claim whose derived fields change.
    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.PROTECT, related_name="claims", db_index=False
    )
    external_id = models.CharField(
        max_length=200, blank=True, help_text="The id it had where it came from; re-imports update."
    )
    text = models.TextField(help_text="Verbatim, as published.")
    language = models.CharField(max_length=16, blank=True, help_text="e.g. en, ar")
    source = models.ForeignKey("sources.Source", on_delete=models.PROTECT, related_name="claims")
    url = models.URLField(max_length=2000, blank=True)
    published = models.DateField(null=True, blank=True)
    event_start = models.DateField(null=True, blank=True)
    event_end = models.DateField(null=True, blank=True)
    event_precision = models.CharField(max_length=8, choices=DatePrecision.choices, blank=True)
    places = models.ManyToManyField("gazetteer.Place", blank=True, related_name="claims")
    actors = models.ManyToManyField("gazetteer.Actor", blank=True, related_name="claims")
    status = models.CharField(max_length=16, choices=ClaimStatus.choices, default=ClaimStatus.NEW)
    credibility = models.PositiveSmallIntegerField(choices=Credibility.choices, null=True, blank=True)
    # Indexed where set only (Meta), as relayed_from and deleted_by: most claims have none.
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_claims",
        db_index=False,
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="claims")
    # Whom the claim repeats ("according to SANA"): a relay speaks with its origin's voice and is
    # never independent corroboration. Detected from the text unless a researcher set it.
    relayed_from = models.ForeignKey(
        "sources.Source",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="relayed_claims",
        help_text="The source this claim repeats, if it says so.",
        db_index=False,
    )
    relay_origin = models.CharField(max_length=8, choices=RelayOrigin.choices, blank=True)
    relay_cue = models.CharField(
        max_length=300,
        blank=True,
        help_text="What in the text made a detected relay, as written: 'according to SANA'.",
    )
    archive_url = models.URLField(max_length=2000, blank=True, help_text="Where a copy was archived.")
    archive_file = models.FileField(upload_to="archives/%Y/%m/", blank=True)
    archive_sha256 = models.CharField(max_length=64, blank=True, help_text="SHA-256 of the captured content.")
    archived_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    # Soft delete (claims.services.deletion): claims are never removed from the database.
    # Editable in the model's sense so the claim's history shows them; only the deletion
    # service writes them (the admin shows them read-only).
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    deletion_reason = models.TextField(blank=True)

    # Derived by claims.tasks.refresh_claim after commit; derived_version 0 means pending.
    text_normalized = models.TextField(blank=True, editable=False)
    text_sha256 = models.CharField(max_length=64, blank=True, editable=False)  # shown, never looked up
    derived_version = models.PositiveSmallIntegerField(default=0, editable=False)

    history = HistoricalRecords(
        m2m_fields=[places, actors, tags],
        excluded_fields=["updated_at", "text_normalized", "text_sha256", "derived_version"],
        # A claim's history is read by claim (its id); the other columns need no index there.
        no_db_index=["workspace", "source", "assignee", "relayed_from", "created_by", "deleted_by"],
    )
    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-published", "-id"]
        indexes = [
            # (workspace, status) and (workspace, event_start) are served by the keyset indexes
            # below, which lead with them.
            models.Index(fields=["workspace", "-published", "-id"], name="claim_ws_published"),
            # The claim list (claims not deleted, newest first) and its capped count: an
            # index-only scan of the first 10,001 entries, 4 ms at 100,000 claims instead of 54.
            models.Index(
                fields=["workspace", "-published", "-id"],
                condition=models.Q(deleted_at__isnull=True),
                name="claim_ws_alive_published",
            ),
            models.Index(fields=["derived_version"], name="claim_derived_version"),
            # The unique constraint's index is partial (external_id <> ''), which SQLite cannot
            # use for a lookup by a bound parameter; imports look up every row by its id.
            models.Index(fields=["workspace", "external_id"], name="claim_ws_external_id"),
            # The review queue pages by keyset (sort column, id): each sort and the common
            # narrowing filters have an index that returns a page without reading what precedes it.
            models.Index(fields=["workspace", "-id"], name="claim_ws_id"),
            models.Index(fields=["workspace", "status", "-id"], name="claim_ws_status_id"),
            models.Index(fields=["workspace", "assignee", "-id"], name="claim_ws_assignee_id"),
            models.Index(fields=["workspace", "-updated_at", "-id"], name="claim_ws_updated_id"),
            models.Index(fields=["workspace", "-event_start", "-id"], name="claim_ws_event_id"),
            # For deleting a user or a source (SET_NULL and PROTECT look up its claims).
            models.Index(
                fields=["assignee"], name="claim_assignee", condition=models.Q(assignee__isnull=False)
            ),
            models.Index(
                fields=["relayed_from"],
                name="claim_relayed_from",
                condition=models.Q(relayed_from__isnull=False),
            ),
            models.Index(
                fields=["deleted_by"], name="claim_deleted_by", condition=models.Q(deleted_by__isnull=False)
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "external_id"],
                condition=~models.Q(external_id=""),
                name="claim_external_id_unique_per_workspace",
            ),
            models.CheckConstraint(condition=~models.Q(text=""), name="claim_text_required"),
            models.CheckConstraint(
                condition=models.Q(status__in=ClaimStatus.values), name="claim_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(credibility__isnull=True)
                | models.Q(credibility__gte=1, credibility__lte=6),
                name="claim_credibility_range",
            ),
            models.CheckConstraint(
                condition=models.Q(event_end__isnull=True)
                | models.Q(event_start__isnull=False, event_end__gte=models.F("event_start")),
                name="claim_event_window_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(event_start__isnull=True, event_precision="")
                | models.Q(event_start__isnull=False, event_precision__in=DatePrecision.values),
                name="claim_event_precision_with_date",
            ),
            models.CheckConstraint(
                condition=models.Q(archive_sha256="") | models.Q(archive_sha256__length=64),
                name="claim_archive_sha256_length",
            ),
            # A detected relay names its origin; "manual" with no origin is a researcher's "no relay".
            models.CheckConstraint(
                condition=models.Q(relayed_from__isnull=True, relay_origin__in=["", RelayOrigin.MANUAL])
                | models.Q(relayed_from__isnull=False, relay_origin__in=RelayOrigin.values),
                name="claim_relay_origin_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(relayed_from=models.F("source")),
                name="claim_relay_not_own_source",
                violation_error_message="A claim cannot be a relay of its own source.",
            ),
            models.CheckConstraint(
                condition=models.Q(deleted_at__isnull=True, deletion_reason="")
                | (models.Q(deleted_at__isnull=False) & ~models.Q(deletion_reason="")),
                name="claim_deletion_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.text[:60]}"

    @property
    def event_display(self) -> str:
        if self.event_start is None:
            return ""
        if self.event_precision == DatePrecision.YEAR:
            return f"{self.event_start:%Y}"
        if self.event_precision == DatePrecision.MONTH:
            return f"{self.event_start:%B %Y}"
        if self.event_end and self.event_end != self.event_start:
            return f"{self.event_start:%-d %b %Y} – {self.event_end:%-d %b %Y}"
        return f"{self.event_start:%-d %b %Y}"


class FigureQualifier(models.TextChoices):
    EXACT = "exact", "exactly"
    AT_LEAST = "at_least", "at least"
    MORE_THAN = "more_than", "more than"
    AT_MOST = "at_most", "at most"
    FEWER_THAN = "fewer_than", "fewer than"
    ABOUT = "about", "about"
    DOZENS = "dozens", "dozens"
    HUNDREDS = "hundreds", "hundreds"
    SEVERAL = "several", "several"


VAGUE_QUALIFIERS = (FigureQualifier.DOZENS, FigureQualifier.HUNDREDS, FigureQualifier.SEVERAL)


class Figure(models.Model):
    """A number a claim states: "at least 57 killed", "dozens of civilians"."""

    # PROTECT: a claim is soft-deleted (Claim.deleted_at), never removed with its figures.
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="figures")
    count = models.PositiveIntegerField(null=True, blank=True)
    qualifier = models.CharField(
        max_length=16, choices=FigureQualifier.choices, default=FigureQualifier.EXACT
    )
    counted = models.CharField(max_length=200, help_text='What was counted, e.g. "civilians killed".')

    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(qualifier__in=FigureQualifier.values),
                name="figure_qualifier_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(count__isnull=False) | models.Q(qualifier__in=VAGUE_QUALIFIERS),
                name="figure_count_unless_vague",
            ),
        ]

    def __str__(self) -> str:
        if self.count is None:
            return f"{self.get_qualifier_display()} {self.counted}"
        prefix = "" if self.qualifier == FigureQualifier.EXACT else f"{self.get_qualifier_display()} "
        return f"{prefix}{self.count} {self.counted}"


class LinkRelation(models.TextChoices):
    CORROBORATES = "corroborates", "corroborates"
    CONTRADICTS = "contradicts", "contradicts"
    RELATED = "related", "related"
    DUPLICATE = "duplicate", "duplicate"
    SUPERSEDES = "supersedes", "supersedes"


class LinkOrigin(models.TextChoices):
    MANUAL = "manual", "Manual"
    SUGGESTED = "suggested", "Suggested by the engine"


class LinkState(models.TextChoices):
    SUGGESTED = "suggested", "Suggested"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


class LinkQuerySet(models.QuerySet["Link"]):
    def visible_to(self, user: User | AnonymousUser) -> LinkQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(workspace__memberships__user=user)

    def touching(self, claim: Claim) -> LinkQuerySet:
        return self.filter(models.Q(from_claim=claim) | models.Q(to_claim=claim))


class Link(models.Model):
    """Two claims of one workspace and their relation; one link per pair, either way round.

    The direction matters only for `supersedes`: from_claim supersedes to_claim.
    """

    # No single-column indexes on the claims and the workspace: the indexes of Meta lead with
    # them. The engine writes hundreds of suggestions a second during an import, and each index
    # is one more write per suggestion.
    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.PROTECT, related_name="links", db_index=False
    )
    # PROTECT: deleting a claim is a soft delete; its links stay for the reports that cite them.
    from_claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="links_from", db_index=False)
    to_claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="links_to", db_index=False)
    relation = models.CharField(max_length=16, choices=LinkRelation.choices)
    origin = models.CharField(max_length=16, choices=LinkOrigin.choices, default=LinkOrigin.MANUAL)
    state = models.CharField(max_length=16, choices=LinkState.choices, default=LinkState.SUGGESTED)
    score = models.FloatField(null=True, blank=True)
    reasons = models.JSONField(default=list, blank=True)
    engine_version = models.CharField(max_length=32, blank=True)
    # The engine's fingerprint of both claims when it suggested the link: a rejected suggestion
    # comes back only if one of the claims has changed since.
    signature = models.CharField(max_length=32, blank=True, editable=False)
    note = models.TextField(blank=True)
    # Indexed where set only (Meta): the engine's suggestions, most links, have neither.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    # A link's history is read by link (its id); the other columns need no index there.
    history = HistoricalRecords(
        no_db_index=["workspace", "from_claim", "to_claim", "created_by", "decided_by"]
    )
    objects = LinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["workspace", "state"], name="link_ws_state"),
            # "has undecided suggestions" / "has contradictions" in the queue: EXISTS per claim end.
            models.Index(fields=["from_claim", "state", "relation"], name="link_from_state"),
            models.Index(fields=["to_claim", "state", "relation"], name="link_to_state"),
            # For deleting a user (SET_NULL finds his links); partial, so suggestions cost nothing.
            models.Index(
                fields=["created_by"], name="link_created_by", condition=models.Q(created_by__isnull=False)
            ),
            models.Index(
                fields=["decided_by"], name="link_decided_by", condition=models.Q(decided_by__isnull=False)
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                Least("from_claim", "to_claim"),
                Greatest("from_claim", "to_claim"),
                name="link_one_per_pair",
            ),
            models.CheckConstraint(
                condition=~models.Q(from_claim=models.F("to_claim")), name="link_not_to_itself"
            ),
            models.CheckConstraint(
                condition=models.Q(relation__in=LinkRelation.values), name="link_relation_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(origin__in=LinkOrigin.values), name="link_origin_valid"
            ),
            models.CheckConstraint(condition=models.Q(state__in=LinkState.values), name="link_state_valid"),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=0, score__lte=1),
                name="link_score_in_unit_interval",
            ),
            models.CheckConstraint(
                condition=models.Q(origin=LinkOrigin.MANUAL) | models.Q(score__isnull=False),
                name="link_suggestion_has_score",
            ),
            models.CheckConstraint(
                condition=models.Q(state=LinkState.SUGGESTED) | models.Q(decided_at__isnull=False),
                name="link_decision_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_claim_id} {self.relation} {self.to_claim_id}"

    def other(self, claim: Claim) -> Claim:
        return self.to_claim if self.from_claim_id == claim.pk else self.from_claim


class MatchState(models.Model):
    """What the engine read out of a claim, and under which engine version and inputs.

    A claim without a row, or with another version, is pending: the sweep checks it. The
    signature is a hash of the inputs (text, dates, places, actors, source), so an edit that
    changes none of them does not re-run the checks.
    """

    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, primary_key=True, related_name="match")
    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="+")
    version = models.CharField(max_length=32)
    signature = models.CharField(max_length=32)
    features = models.JSONField(default=dict)
    checked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["workspace", "version"], name="matchstate_ws_version")]

    def __str__(self) -> str:
        return f"match state of claim {self.claim_id} ({self.version})"


class MatchKey(models.Model):
    """The engine's inverted index: a claim is stored under each of its blocking keys.

    `key` is a 64-bit hash of the workspace and the key string (see claims.matching.keys), so
    one B-tree lookup returns the newest claims of one workspace under one key.
    """

    pk = models.CompositePrimaryKey("key", "claim_id")
    key = models.BigIntegerField()
    # No foreign-key constraint in the database: PostgreSQL checked it for every key written,
    # 10 us each (41 ms for the 4,000 keys of a 200-claim batch). Claims are only ever soft
    # deleted; a hard delete through the ORM still cascades here, and a key left by any other
    # removal is never read (the candidate query joins the claim).
    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="+", db_index=True, db_constraint=False
    )

    def __str__(self) -> str:
        return f"{self.key} -> {self.claim_id}"


class GramCount(models.Model):
    """How many of a workspace's claims hold a character n-gram within their words (3 to 5
    characters, cut as Features.char_counts cuts them), for the n-grams that at least two hold:
    what find_similar weighs character n-grams by. Rebuilt whole, per workspace, by one task
    (claims.services.grams), never claim by claim: a check does not wait for it, and a ranking
    weight does not need to be up to the minute."""

    pk = models.CompositePrimaryKey("workspace_id", "gram")
    # No foreign-key constraint in the database (as MatchKey): a rebuild writes hundreds of
    # thousands of rows at once. Deleting a workspace through the ORM still cascades here.
    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    gram = models.CharField(max_length=5)
    claims = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.gram!r} in {self.claims} claims"


class GramStats(models.Model):
    """What a workspace's GramCount rows were counted over: how many claims, and when. No row
    (or `built_at` empty): never counted, and find_similar weighs n-grams among the texts it
    ranks instead."""

    workspace = models.OneToOneField(
        "workspaces.Workspace", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    claims = models.PositiveIntegerField(default=0)
    built_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"n-gram counts of workspace {self.workspace_id}: {self.claims} claims"


class SavedFilter(models.Model):
    """A user's named set of queue filters in one workspace (the query string of the queue page)."""

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=100)
    query = models.CharField(max_length=2000, blank=True, help_text="The queue's query string.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "user", "name"], name="savedfilter_unique_name"),
            models.CheckConstraint(condition=~models.Q(name=""), name="savedfilter_name_required"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.user} in {self.workspace})"
