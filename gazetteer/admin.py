from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from gazetteer.models import Actor, ActorAlias, Place, PlaceAlias
from gazetteer.services import alias_fields


class PlaceAliasInline(admin.TabularInline):
    model = PlaceAlias
    extra = 1
    fields = ["alias", "script"]
    readonly_fields = ["script"]


class ActorAliasInline(admin.TabularInline):
    model = ActorAlias
    extra = 1
    fields = ["alias", "script"]
    readonly_fields = ["script"]


class AliasSavingAdmin(SimpleHistoryAdmin):
    def save_formset(self, request, form, formset, change):  # type: ignore[no-untyped-def]
        for alias in formset.save(commit=False):
            for name, value in alias_fields(alias.alias).items():
                setattr(alias, name, value)
            alias.save()
        for obj in formset.deleted_objects:
            obj.delete()


@admin.register(Place)
class PlaceAdmin(AliasSavingAdmin):
    list_display = ["name", "kind", "parent", "needs_review"]
    list_filter = ["kind", "needs_review"]
    search_fields = ["name", "aliases__alias", "aliases__normalized"]
    autocomplete_fields = ["parent"]
    inlines = [PlaceAliasInline]


@admin.register(Actor)
class ActorAdmin(AliasSavingAdmin):
    list_display = ["name", "kind", "side", "needs_review"]
    list_filter = ["kind", "side", "needs_review"]
    search_fields = ["name", "aliases__alias", "aliases__normalized"]
    inlines = [ActorAliasInline]


@admin.register(PlaceAlias)
class PlaceAliasAdmin(admin.ModelAdmin):
    list_display = ["alias", "place", "script", "key"]
    list_filter = ["script"]
    search_fields = ["alias", "normalized", "place__name"]
    autocomplete_fields = ["place"]
    readonly_fields = ["script", "normalized", "key"]


@admin.register(ActorAlias)
class ActorAliasAdmin(admin.ModelAdmin):
    list_display = ["alias", "actor", "script", "key"]
    list_filter = ["script"]
    search_fields = ["alias", "normalized", "actor__name"]
    autocomplete_fields = ["actor"]
    readonly_fields = ["script", "normalized", "key"]
