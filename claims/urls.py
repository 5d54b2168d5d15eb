from django.urls import path

from claims import reliability_views, views, views_deletion, views_queue, views_review

app_name = "claims"
urlpatterns = [
    path("", views.claim_list_view, name="list"),
    path("new/", views.claim_create_view, name="create"),
    path("<int:pk>/", views.claim_detail_view, name="detail"),
    path("<int:pk>/edit/", views.claim_edit_view, name="edit"),
    path("<int:pk>/archive/", views.claim_archive_view, name="archive"),
    path("<int:pk>/links/", views.link_create_view, name="link_create"),
    path("links/<int:link_pk>/decide/", views.link_decide_view, name="link_decide"),
    path("<int:pk>/credibility/", reliability_views.claim_credibility_view, name="credibility"),
    path("<int:pk>/relay/", reliability_views.claim_relay_view, name="relay"),
    path("queue/", views_queue.queue_view, name="queue"),
    path("queue/bulk/", views_queue.queue_bulk_view, name="queue_bulk"),
    path("queue/saved/", views_queue.saved_filter_save_view, name="saved_filter_save"),
    path("queue/saved/delete/", views_queue.saved_filter_delete_view, name="saved_filter_delete"),
    path("<int:pk>/link-search/", views_review.link_search_view, name="link_search"),
    path("<int:pk>/delete/", views_deletion.claim_delete_view, name="delete"),
    path("<int:pk>/restore/", views_deletion.claim_restore_view, name="restore"),
    path("deleted/", views_deletion.deleted_claims_view, name="deleted"),
]
