from django.contrib import admin

from notifications.models import Notification, Watch


@admin.register(Watch)
class WatchAdmin(admin.ModelAdmin):
    list_display = ["user", "workspace", "target_type", "target_id", "created_at"]
    list_filter = ["target_type", "workspace"]
    search_fields = ["user__username"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["user", "workspace", "kind", "message", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind", "workspace"]
    search_fields = ["user__username", "message"]
    raw_id_fields = ["claim", "link", "actor", "user"]
