from django.urls import path

from notifications import views

app_name = "notifications"
urlpatterns = [
    path("notifications/", views.inbox_view, name="inbox"),
    path("notifications/read/", views.mark_read_view, name="mark_read"),
    path("w/<slug:slug>/claims/<int:pk>/watch/", views.watch_claim_view, name="watch_claim"),
    path("w/<slug:slug>/sources/<int:source_pk>/watch/", views.watch_source_view, name="watch_source"),
    path("w/<slug:slug>/claims/queue/watch/", views.watch_filter_view, name="watch_filter"),
]
