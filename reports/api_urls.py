"""Included by api/urls.py without a namespace of its own: the names are api:report_*."""

from django.urls import path

from reports import api

urlpatterns = [
    path("workspaces/<slug:slug>/reports/", api.WorkspaceReports.as_view(), name="workspace_reports"),
    path("reports/<int:report_pk>/", api.ReportDetail.as_view(), name="report_detail"),
    path("reports/<int:report_pk>/download/", api.ReportDownload.as_view(), name="report_download"),
]
