from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from simple_history.models import HistoricalRecords

from claims.models import Credibility


class Stance(models.TextChoices):
    STATE_MEDIA = "state_media", "State media"
    PRO_GOVERNMENT = "pro_government", "Pro-government"
    PARTISAN = "partisan", "Partisan"
    BELLIGERENT = "belligerent", "Belligerent"
    INDEPENDENT_MONITOR = "independent_monitor", "Independent monitor"
    INDEPENDENT_MEDIA = "independent_media", "Independent media"
    WIRE_AGENCY = "wire_agency", "Wire agency"
    UNKNOWN = "unknown", "Unknown"


class SourceKind(models.TextChoices):
    NEWS_AGENCY = "news_agency", "News agency"
    STATE_MEDIA = "state_media", "State media outlet"
    WEBSITE = "website", "Website"
    SOCIAL_ACCOUNT = "social_account", "Social media account"
    MONITOR = "monitor", "Monitor"
    OFFICIAL_STATEMENT = "official_statement", "Official statement"
    NEWSPAPER = "newspaper", "Newspaper"
    BROADCASTER = "broadcaster", "Broadcaster"
    PERSON = "person", "Person"
    OTHER = "other", "Other"


class Grade(models.TextChoices):
    """Admiralty (NATO) source reliability."""

    A = "A", "A: completely reliable"
    B = "B", "B: usually reliable"
    C = "C", "C: fairly reliable"
    D = "D", "D: not usually reliable"
    E = "E", "E: unreliable"
    F = "F", "F: reliability cannot be judged"


class Network(models.Model):
    """Sources of one network are not independent of each other (one voice)."""

    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="network_name_unique_ci")]

    def __str__(self) -> str:
        return self.name


class Source(models.Model):
    """Who published a claim. Shared by the whole installation."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=32, choices=SourceKind.choices, default=SourceKind.OTHER)
    stance = models.CharField(max_length=32, choices=Stance.choices, default=Stance.UNKNOWN)
    network = models.ForeignKey(
        Network, on_delete=models.PROTECT, null=True, blank=True, related_name="sources"
    )
    url = models.URLField(max_length=500, blank=True)
    description = models.TextField(blank=True)
    reliability = models.CharField(
        max_length=1,
        choices=Grade.choices,
        default=Grade.F,
        help_text="The current Admiralty grade; each change is an assessment with a rationale.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="source_name_unique_ci"),
            models.CheckConstraint(condition=models.Q(stance__in=Stance.values), name="source_stance_valid"),
            models.CheckConstraint(condition=models.Q(kind__in=SourceKind.values), name="source_kind_valid"),
            models.CheckConstraint(
                condition=models.Q(reliability__in=Grade.values), name="source_reliability_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SourceAlias(models.Model):
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=200)
    # normalize_text(alias): the key imports and lookups match on.
    normalized = models.CharField(max_length=200, db_index=True, editable=False)

    class Meta:
        ordering = ["alias"]
        verbose_name_plural = "source aliases"
        constraints = [
            models.UniqueConstraint(fields=["normalized"], name="source_alias_unique"),
        ]

    def __str__(self) -> str:
        return self.alias


class SourceAssessment(models.Model):
    """One grading of a source's reliability, with its rationale. Append-only."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="assessments")
    grade = models.CharField(max_length=1, choices=Grade.choices)
    rationale = models.TextField()
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    workspace = models.ForeignKey(
        "workspaces.Workspace",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="source_assessments",
        help_text="Where the assessment was made.",
    )
    assessed_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-assessed_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(grade__in=Grade.values), name="assessment_grade_valid"),
            models.CheckConstraint(condition=~models.Q(rationale=""), name="assessment_rationale_required"),
        ]

    def __str__(self) -> str:
        return f"{self.source}: {self.grade}"


class CredibilityAssessment(models.Model):
    """A reviewer's Admiralty credibility (1-6) for a claim, with rationale. Append-only.

    Keeps what the workbench suggested at that moment and why, beside what the reviewer decided,
    so a verdict can be defended later even after links and grades have changed.
    """

    claim = models.ForeignKey(
        "claims.Claim", on_delete=models.CASCADE, related_name="credibility_assessments"
    )
    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="credibility_assessments"
    )
    credibility = models.PositiveSmallIntegerField(choices=Credibility.choices)
    rationale = models.TextField()
    suggested_credibility = models.PositiveSmallIntegerField(
        choices=Credibility.choices, null=True, blank=True
    )
    suggestion = models.TextField(blank=True, help_text="The suggestion's explanation at the time.")
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assessed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-assessed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(credibility__gte=1, credibility__lte=6),
                name="credibility_assessment_range",
            ),
            models.CheckConstraint(
                condition=models.Q(suggested_credibility__isnull=True)
                | models.Q(suggested_credibility__gte=1, suggested_credibility__lte=6),
                name="credibility_assessment_suggestion_range",
            ),
            models.CheckConstraint(
                condition=~models.Q(rationale=""), name="credibility_assessment_rationale_required"
            ),
        ]

    def __str__(self) -> str:
        return f"claim {self.claim_id}: {self.credibility}"
