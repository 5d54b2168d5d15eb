from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from sources.models import CredibilityAssessment, Network, Source, SourceAlias, SourceAssessment


class SourceAliasInline(admin.TabularInline):
    model = SourceAlias
    extra = 1
    fields = ["alias"]


class SourceAssessmentInline(admin.TabularInline):
    model = SourceAssessment
    extra = 0
    fields = ["assessed_at", "grade", "rationale", "assessed_by", "workspace"]
    readonly_fields = ["assessed_at", "grade", "rationale", "assessed_by", "workspace"]
    can_delete = False

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        # Grades are set through the grading service so the current grade follows the history.
        return False


@admin.register(Network)
class NetworkAdmin(SimpleHistoryAdmin):
    list_display = ["name"]
    search_fields = ["name", "description"]


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    # A URL typed without a scheme is https (the Django 6 default, adopted now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "kind", "stance", "network", "reliability", "updated_at"]
    list_filter = ["stance", "kind", "reliability", "network"]
    search_fields = ["name", "aliases__alias", "description"]
    readonly_fields = ["reliability"]
    autocomplete_fields = ["network"]
    inlines = [SourceAliasInline, SourceAssessmentInline]

    def save_formset(self, request, form, formset, change):  # type: ignore[no-untyped-def]
        from claims.matching.normalize import normalize_text

        for alias in formset.save(commit=False):
            if isinstance(alias, SourceAlias):
                alias.normalized = normalize_text(alias.alias)
            alias.save()
        for obj in formset.deleted_objects:
            obj.delete()


@admin.register(SourceAlias)
class SourceAliasAdmin(admin.ModelAdmin):
    list_display = ["alias", "source", "normalized"]
    search_fields = ["alias", "normalized", "source__name"]
    autocomplete_fields = ["source"]


@admin.register(SourceAssessment)
class SourceAssessmentAdmin(SimpleHistoryAdmin):
    list_display = ["source", "grade", "assessed_by", "workspace", "assessed_at"]
    list_filter = ["grade", "workspace"]
    search_fields = ["source__name", "rationale", "assessed_by__username"]
    readonly_fields = ["source", "grade", "rationale", "assessed_by", "workspace", "assessed_at"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(CredibilityAssessment)
class CredibilityAssessmentAdmin(admin.ModelAdmin):
    """Append-only: assessments are recorded on the claim page, with the suggestion of the moment."""

    list_display = [
        "claim",
        "credibility",
        "suggested_credibility",
        "assessed_by",
        "workspace",
        "assessed_at",
    ]
    list_filter = ["credibility", "workspace"]
    search_fields = ["rationale", "suggestion", "claim__text", "assessed_by__username"]
    list_select_related = ["claim", "assessed_by", "workspace"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
