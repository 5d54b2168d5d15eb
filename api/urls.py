from django.urls import include, path, re_path

from api import claims, docs, links, sources, views, workspaces

app_name = "api"
urlpatterns = [
    path("schema/", docs.SchemaView.as_view(), name="schema"),
    path("docs/", docs.DocsView.as_view(url_name="api:schema"), name="docs"),
    path("workspaces/", workspaces.WorkspaceList.as_view(), name="workspace_list"),
    path("workspaces/<slug:slug>/", workspaces.WorkspaceDetail.as_view(), name="workspace_detail"),
    path("workspaces/<slug:slug>/members/", workspaces.MemberList.as_view(), name="member_list"),
    path(
        "workspaces/<slug:slug>/members/<int:member_pk>/",
        workspaces.MemberDetail.as_view(),
        name="member_detail",
    ),
    path("workspaces/<slug:slug>/sources/", sources.SourceList.as_view(), name="source_list"),
    path(
        "workspaces/<slug:slug>/sources/<int:source_pk>/",
        sources.SourceDetail.as_view(),
        name="source_detail",
    ),
    path(
        "workspaces/<slug:slug>/sources/<int:source_pk>/grade/",
        sources.SourceGrade.as_view(),
        name="source_grade",
    ),
    path("workspaces/<slug:slug>/claims/", claims.ClaimList.as_view(), name="claim_list"),
    path("workspaces/<slug:slug>/links/", links.WorkspaceLinks.as_view(), name="workspace_links"),
    path(
        "workspaces/<slug:slug>/suggestions/",
        links.WorkspaceSuggestions.as_view(),
        name="workspace_suggestions",
    ),
    path("workspaces/<slug:slug>/similar/", views.WorkspaceSimilar.as_view(), name="workspace_similar"),
    path("claims/<int:pk>/", claims.ClaimDetail.as_view(), name="claim_detail"),
    path("claims/<int:pk>/links/", links.ClaimLinks.as_view(), name="claim_links"),
    path("claims/<int:pk>/suggestions/", views.ClaimSuggestions.as_view(), name="claim_suggestions"),
    path("links/<int:link_pk>/", links.LinkDetail.as_view(), name="link_detail"),
    path("links/<int:link_pk>/decide/", links.LinkDecide.as_view(), name="link_decide"),
    # The reports' endpoints (reports/api.py), before the catch-all.
    path("", include("reports.api_urls")),
    # Last: any other path under /api/ is a 404 in the API's error shape.
    re_path(r"^[\s\S]*$", docs.NotFoundView.as_view(), name="not_found"),  # newlines too
]
