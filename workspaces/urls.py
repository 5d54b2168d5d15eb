from django.urls import path

from accounts.views import workspace_two_factor_view
from workspaces import views

app_name = "workspaces"
urlpatterns = [
    path("", views.workspace_list, name="list"),
    path("w/<slug:slug>/", views.workspace_detail, name="detail"),
    path("w/<slug:slug>/members/", views.member_list_view, name="members"),
    path("w/<slug:slug>/members/<int:member_pk>/", views.member_update_view, name="member_update"),
    path("w/<slug:slug>/two-factor/", workspace_two_factor_view, name="two_factor"),
]
