from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/", include("api.urls")),
    path("", include("workspaces.urls")),
    path("w/<slug:slug>/claims/", include("claims.urls")),
    path("w/<slug:slug>/sources/", include("sources.urls")),
    path("w/<slug:slug>/", include("insights.urls")),
    path("w/<slug:slug>/imports/", include("imports.urls")),
    path("", include("notifications.urls")),
]
