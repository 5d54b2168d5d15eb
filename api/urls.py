from django.urls import include, path

from api import views

app_name = "api"
urlpatterns = [
    path("claims/<int:pk>/suggestions/", views.ClaimSuggestions.as_view(), name="claim_suggestions"),
    path("workspaces/<slug:slug>/similar/", views.WorkspaceSimilar.as_view(), name="workspace_similar"),
    path("", include("reports.api_urls")),
]
