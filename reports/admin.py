from django.contrib import admin

from reports.models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["id", "workspace", "format", "state", "done", "total", "created_by", "created_at"]
    list_filter = ["workspace", "format", "state"]
    readonly_fields = ["manifest", "error", "started_at", "finished_at"]
