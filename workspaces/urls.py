from django.urls import path

from workspaces import views

app_name = "workspaces"
urlpatterns = [
    path("", views.workspace_list, name="list"),
    path("w/<slug:slug>/", views.workspace_detail, name="detail"),
]
