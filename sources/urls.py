from django.urls import path

from sources import views

app_name = "sources"
urlpatterns = [
    path("", views.source_list_view, name="list"),
    path("new/", views.source_create_view, name="create"),
    path("reliability/", views.source_reliability_view, name="reliability"),
    path("<int:pk>/", views.source_detail_view, name="detail"),
    path("<int:pk>/grade/", views.source_grade_view, name="grade"),
]
