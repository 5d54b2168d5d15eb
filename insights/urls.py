from django.urls import path

from insights import views

app_name = "insights"
urlpatterns = [
    path("events/", views.event_view, name="events"),
    path("dashboard/", views.dashboard_view, name="dashboard"),
    path("claims/<int:pk>/graph/", views.claim_graph_view, name="claim_graph"),
]
