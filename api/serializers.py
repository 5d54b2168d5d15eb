"""Input and output shapes of the API. Serializers only validate and present: the services write.

Output serializers are named after what they show (`Claim`, `Source`, ...); input serializers end
in `Input`. drf-spectacular names the schema components after them (without "Serializer").
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.dates import format_event_window, parse_event_window
from claims.models import Claim, ClaimStatus, Credibility, FigureQualifier, LinkRelation, LinkState
from gazetteer.models import Actor, Place
from sources.models import Grade, Source, SourceKind, Stance
from workspaces.models import Role

# --- workspaces -----------------------------------------------------------------------------------


class WorkspaceSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    organisation = serializers.CharField()
    description = serializers.CharField()
    role = serializers.ChoiceField(choices=Role.choices, help_text="Your role in this workspace.")
    created_at = serializers.DateTimeField()


class WorkspaceDetailSerializer(WorkspaceSerializer):
    claims_by_status = serializers.DictField(child=serializers.IntegerField())
    claim_total = serializers.IntegerField()
    link_total = serializers.IntegerField()
    open_suggestions = serializers.IntegerField()


class MemberSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField(source="user.username")
    role = serializers.ChoiceField(choices=Role.choices)
    created_at = serializers.DateTimeField()


class MemberInput(serializers.Serializer):
    username = serializers.SlugRelatedField(
        slug_field="username", queryset=User.objects.filter(is_active=True), help_text="An active user."
    )
    role = serializers.ChoiceField(choices=Role.choices, default=Role.RESEARCHER)


class RoleInput(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices)


# --- sources --------------------------------------------------------------------------------------


class SourceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=SourceKind.choices)
    stance = serializers.ChoiceField(choices=Stance.choices)
    network = serializers.CharField(source="network.name", allow_null=True, default=None)
    reliability = serializers.ChoiceField(choices=Grade.choices, help_text="Current Admiralty grade, A–F.")
    url = serializers.CharField()


class SourceListSerializer(SourceSerializer):
    claim_count = serializers.IntegerField(help_text="Its claims in this workspace.")


class AssessmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    grade = serializers.ChoiceField(choices=Grade.choices)
    rationale = serializers.CharField()
    assessed_by = serializers.CharField(source="assessed_by.username", allow_null=True, default=None)
    workspace = serializers.CharField(source="workspace.slug", allow_null=True, default=None)
    assessed_at = serializers.DateTimeField()


class SourceDetailSerializer(SourceSerializer):
    description = serializers.CharField()
    aliases = serializers.SerializerMethodField()
    assessments = serializers.SerializerMethodField(help_text="Newest first, at most 50.")
    created_at = serializers.DateTimeField()

    def get_aliases(self, source: Source) -> list[str]:
        return [alias.alias for alias in source.aliases.all()]

    @extend_schema_field(AssessmentSerializer(many=True))
    def get_assessments(self, source: Source) -> Any:
        rows = source.assessments.select_related("assessed_by", "workspace")[:50]
        return AssessmentSerializer(rows, many=True).data


class SourceInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=SourceKind.choices, default=SourceKind.OTHER)
    stance = serializers.ChoiceField(choices=Stance.choices, default=Stance.UNKNOWN)
    network = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text="Sources of one network are one voice.",
    )
    url = serializers.URLField(max_length=500, required=False, allow_blank=True, default="")
    description = serializers.CharField(required=False, allow_blank=True, default="", max_length=20_000)
    aliases = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, default=list, max_length=50
    )


class GradeInput(serializers.Serializer):
    grade = serializers.ChoiceField(choices=Grade.choices)
    rationale = serializers.CharField(max_length=5000)


# --- claims ---------------------------------------------------------------------------------------


class NamedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class FigureSerializer(serializers.Serializer):
    count = serializers.IntegerField(min_value=0, max_value=2_147_483_647, allow_null=True, required=False)
    qualifier = serializers.ChoiceField(choices=FigureQualifier.choices, default=FigureQualifier.EXACT)
    counted = serializers.CharField(max_length=200, help_text='What was counted, e.g. "civilians killed".')


class ClaimSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    workspace = serializers.CharField(source="workspace.slug")
    external_id = serializers.CharField()
    text = serializers.CharField()
    language = serializers.CharField()
    source = SourceSerializer()
    url = serializers.CharField()
    published = serializers.DateField(allow_null=True)
    event_date = serializers.SerializerMethodField(help_text="As entered: a day, a range, a month or a year.")
    event_start = serializers.DateField(allow_null=True)
    event_end = serializers.DateField(allow_null=True)
    event_precision = serializers.CharField()
    places = NamedSerializer(many=True)
    actors = NamedSerializer(many=True)
    figures = FigureSerializer(many=True)
    tags = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=ClaimStatus.choices)
    credibility = serializers.ChoiceField(choices=Credibility.choices, allow_null=True)
    assignee = serializers.CharField(source="assignee.username", allow_null=True, default=None)
    archive_url = serializers.CharField()
    archive_sha256 = serializers.CharField()
    archived_at = serializers.DateTimeField(allow_null=True)
    created_by = serializers.CharField(source="created_by.username", allow_null=True, default=None)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def get_tags(self, claim: Claim) -> list[str]:
        return [tag.name for tag in claim.tags.all()]

    def get_event_date(self, claim: Claim) -> str:
        return format_event_window(claim.event_start, claim.event_end, claim.event_precision)


class ClaimInput(serializers.Serializer):
    """A claim to record (POST) or the fields to change (PATCH: only those given change)."""

    text = serializers.CharField(max_length=50_000)
    source = serializers.PrimaryKeyRelatedField(queryset=Source.objects.all(), help_text="A source's id.")
    language = serializers.CharField(
        max_length=16, required=False, allow_blank=True, help_text="Guessed when empty."
    )
    url = serializers.URLField(max_length=2000, required=False, allow_blank=True)
    published = serializers.DateField(required=False, allow_null=True)
    event_date = serializers.CharField(
        max_length=32,
        required=False,
        allow_blank=True,
        help_text="A day (2017-10-22), a range (2017-11-08/2017-11-11), a month (2017-11) or a year (2017).",
    )
    places = serializers.PrimaryKeyRelatedField(queryset=Place.objects.all(), many=True, required=False)
    actors = serializers.PrimaryKeyRelatedField(queryset=Actor.objects.all(), many=True, required=False)
    figures = FigureSerializer(many=True, required=False)
    tags = serializers.ListField(child=serializers.CharField(max_length=64), required=False, max_length=50)
    external_id = serializers.CharField(max_length=200, required=False, allow_blank=True)
    archive_url = serializers.URLField(max_length=2000, required=False, allow_blank=True)
    status = serializers.ChoiceField(choices=ClaimStatus.choices, required=False, help_text="Reviewers only.")
    credibility = serializers.ChoiceField(
        choices=Credibility.choices, required=False, allow_null=True, help_text="Reviewers only."
    )
    assignee = serializers.SlugRelatedField(
        slug_field="username",
        queryset=User.objects.none(),
        required=False,
        allow_null=True,
        help_text="A member's username. Reviewers only.",
    )

    REVIEWER_FIELDS = ("status", "credibility", "assignee")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        workspace = self.context.get("workspace")
        if workspace is not None:
            assignee = self.fields["assignee"]
            assert isinstance(assignee, serializers.SlugRelatedField)
            assignee.queryset = User.objects.filter(memberships__workspace=workspace)

    def validate_event_date(self, value: str) -> Any:
        try:
            return parse_event_window(value)
        except ValueError as exc:
            raise serializers.ValidationError(str(exc)) from None

    def service_kwargs(self) -> dict[str, Any]:
        """The validated data as claim_create / claim_update take it."""
        data = dict(self.validated_data)
        if "event_date" in data:
            window = data.pop("event_date")
            data.update(event_start=window.start, event_end=window.end, event_precision=window.precision)
        for name in ("language", "url", "external_id", "archive_url"):
            if name in data and data[name] is None:
                data[name] = ""
        return data


# --- links and suggestions ------------------------------------------------------------------------


class ClaimRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    external_id = serializers.CharField()


class LinkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    from_claim = ClaimRefSerializer()
    to_claim = ClaimRefSerializer()
    relation = serializers.ChoiceField(choices=LinkRelation.choices)
    origin = serializers.CharField(help_text="`manual` or `suggested` (by the engine).")
    state = serializers.ChoiceField(choices=LinkState.choices)
    score = serializers.FloatField(allow_null=True)
    reasons = serializers.ListField(child=serializers.CharField())
    engine_version = serializers.CharField()
    note = serializers.CharField()
    created_by = serializers.CharField(source="created_by.username", allow_null=True, default=None)
    created_at = serializers.DateTimeField()
    decided_by = serializers.CharField(source="decided_by.username", allow_null=True, default=None)
    decided_at = serializers.DateTimeField(allow_null=True)


class LinkInput(serializers.Serializer):
    to_claim = serializers.IntegerField(min_value=1, help_text="The other claim's id, in the same workspace.")
    relation = serializers.ChoiceField(choices=LinkRelation.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class DecisionInput(serializers.Serializer):
    state = serializers.ChoiceField(choices=[LinkState.ACCEPTED, LinkState.REJECTED])
    relation = serializers.ChoiceField(
        choices=LinkRelation.choices, required=False, help_text="Correct the relation while deciding."
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000)


# --- the engine (existing endpoints) --------------------------------------------------------------


class SuggestionSerializer(serializers.Serializer):
    link = serializers.IntegerField()
    other = serializers.CharField(help_text="The other claim's external id, or its id.")
    other_id = serializers.IntegerField()
    relation = serializers.ChoiceField(choices=LinkRelation.choices)
    score = serializers.FloatField(allow_null=True)
    reasons = serializers.ListField(child=serializers.CharField())
    state = serializers.ChoiceField(choices=LinkState.choices)
    engine_version = serializers.CharField()


class ClaimSuggestionsSerializer(serializers.Serializer):
    claim = serializers.CharField(help_text="The claim's external id, or its id.")
    id = serializers.IntegerField()
    engine_version = serializers.CharField()
    checked = serializers.BooleanField(
        help_text="Whether this engine version has checked the claim as it is now."
    )
    checked_at = serializers.DateTimeField(allow_null=True)
    suggestions = SuggestionSerializer(many=True)


class SimilarMatchSerializer(serializers.Serializer):
    claim = serializers.CharField(help_text="The claim's external id, or its id.")
    score = serializers.FloatField(help_text="Closeness of the wording, 0 to 1.")
    relation = serializers.CharField(help_text="What the engine would suggest for the pair.")


class SimilarSerializer(serializers.Serializer):
    engine_version = serializers.CharField()
    matches = SimilarMatchSerializer(many=True)
