from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from claims.models import Claim, Figure, GramStats, Link, MatchState, SavedFilter, Tag


class FigureInline(admin.TabularInline):
    model = Figure
    extra = 0


@admin.register(Claim)
class ClaimAdmin(SimpleHistoryAdmin):
    # A URL typed without a scheme is https (the Django 6 default, adopted now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["id", "short_text", "workspace", "source", "status", "credibility", "published"]
    list_filter = [
        "workspace",
        "status",
        "credibility",
        "source__stance",
        "language",
        "event_precision",
    ]
    search_fields = ["text", "text_normalized", "external_id", "source__name"]
    date_hierarchy = "published"
    autocomplete_fields = ["workspace", "source", "places", "actors", "assignee", "tags"]
    readonly_fields = [
        # Set through their services: credibility with a rationale, a relay by hand or detection.
        "credibility",
        "relayed_from",
        "relay_origin",
        "text_normalized",
        "text_sha256",
        "derived_version",
        "created_by",
        "created_at",
        "deleted_at",
        "deleted_by",
        "deletion_reason",
    ]
    inlines = [FigureInline]
    list_select_related = ["workspace", "source"]

    @admin.display(description="text")
    def short_text(self, obj: Claim) -> str:
        return obj.text[:80]

    def has_delete_permission(self, request: HttpRequest, obj: Claim | None = None) -> bool:
        # Claims are soft-deleted with a reason (claims.services.deletion), never removed here.
        return False


@admin.register(Link)
class LinkAdmin(SimpleHistoryAdmin):
    list_display = [
        "id",
        "from_claim",
        "relation",
        "to_claim",
        "origin",
        "state",
        "score",
        "workspace",
    ]
    list_filter = ["workspace", "relation", "origin", "state", "engine_version"]
    search_fields = [
        "note",
        "from_claim__text",
        "to_claim__text",
        "from_claim__external_id",
        "to_claim__external_id",
    ]
    raw_id_fields = ["from_claim", "to_claim"]
    readonly_fields = ["created_by", "created_at", "decided_by", "decided_at"]
    list_select_related = ["from_claim", "to_claim", "workspace"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "workspace"]
    list_filter = ["workspace"]
    search_fields = ["name"]


@admin.register(Figure)
class FigureAdmin(SimpleHistoryAdmin):
    list_display = ["claim", "qualifier", "count", "counted"]
    list_filter = ["qualifier"]
    search_fields = ["counted", "claim__text"]
    raw_id_fields = ["claim"]


@admin.register(MatchState)
class MatchStateAdmin(admin.ModelAdmin):
    """What the engine read out of each claim; read-only (the engine rewrites it on every check)."""

    list_display = ["claim", "workspace", "version", "checked_at"]
    list_filter = ["workspace", "version"]
    search_fields = ["claim__text", "claim__external_id"]
    list_select_related = ["claim", "workspace"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: MatchState | None = None) -> bool:
        return False


@admin.register(GramStats)
class GramStatsAdmin(admin.ModelAdmin):
    """When each workspace's character n-grams were last counted for find_similar, and over how
    many claims; read-only (claims.tasks.refresh_gram_counts rewrites it)."""

    list_display = ["workspace", "claims", "built_at"]
    search_fields = ["workspace__slug", "workspace__name"]
    list_select_related = ["workspace"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: GramStats | None = None) -> bool:
        return False


@admin.register(SavedFilter)
class SavedFilterAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "workspace", "created_at"]
    list_filter = ["workspace"]
    search_fields = ["name", "user__username", "query"]
    list_select_related = ["user", "workspace"]
