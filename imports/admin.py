from django.contrib import admin

from imports.models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "workspace",
        "filename",
        "state",
        "rows_done",
        "rows_total",
        "created_by",
        "created_at",
    ]
    list_filter = ["state", "workspace"]
    search_fields = ["filename", "error"]
    readonly_fields = [f.name for f in ImportJob._meta.fields]
