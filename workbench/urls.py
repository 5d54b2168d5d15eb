from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    # Staff sign in through the same page as everyone (lockout, two-factor), not the admin's own.
    path("admin/login/", login_not_required(RedirectView.as_view(pattern_name="login", query_string=True))),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("api/", include("api.urls")),
    path("", include("workspaces.urls")),
    path("w/<slug:slug>/claims/", include("claims.urls")),
    path("w/<slug:slug>/sources/", include("sources.urls")),
    path("w/<slug:slug>/reports/", include("reports.urls")),
    path("w/<slug:slug>/", include("insights.urls")),
    path("w/<slug:slug>/imports/", include("imports.urls")),
    path("", include("notifications.urls")),
]
