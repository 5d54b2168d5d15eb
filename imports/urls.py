from django.urls import path

from imports import views

app_name = "imports"
urlpatterns = [
    path("", views.import_list_view, name="list"),
    path("<int:job_pk>/", views.import_detail_view, name="detail"),
    path("<int:job_pk>/status/", views.import_status_view, name="status"),
]
