from django.urls import path

from . import attachment_views, manage_views, map_views, triage_views, views

urlpatterns = [
    path("me/notifications/", views.my_notifications, name="my_notifications"),
    path("me/notifications/read/", views.notifications_mark_read, name="notifications_mark_read"),
    path("processes/<slug:slug>/proposals/", views.proposal_list, name="proposal_list"),
    path("processes/<slug:slug>/proposals/new/", views.proposal_create, name="proposal_create"),
    path("processes/<slug:slug>/proposals/new/similar/", views.proposal_similar, name="proposal_similar"),
    path("processes/<slug:slug>/proposals/map/", map_views.proposal_map, name="proposal_map"),
    path("processes/<slug:slug>/proposals/map.json", map_views.proposal_map_points, name="proposal_map_points"),
    path(
        "processes/<slug:slug>/proposals/new/neighbourhoods/",
        map_views.neighbourhood_options,
        name="proposal_neighbourhoods",
    ),
    path("processes/<slug:slug>/proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("processes/<slug:slug>/proposals/<int:pk>/edit/", views.proposal_edit, name="proposal_edit"),
    path("processes/<slug:slug>/proposals/<int:pk>/support/", views.proposal_support, name="proposal_support"),
    path("processes/<slug:slug>/proposals/<int:pk>/comments/", views.comment_create, name="proposal_comment"),
    path("processes/<slug:slug>/proposals/<int:pk>/report/", views.content_report, name="proposal_report"),
    path("processes/<slug:slug>/proposals/<int:pk>/follow/", views.proposal_follow, name="proposal_follow"),
    path(
        "processes/<slug:slug>/proposals/<int:pk>/files/<int:attachment_id>/",
        attachment_views.attachment_file,
        name="proposal_attachment",
    ),
    path(
        "processes/<slug:slug>/proposals/<int:pk>/files/<int:attachment_id>/thumb/",
        attachment_views.attachment_thumbnail,
        name="proposal_attachment_thumb",
    ),
]

manage_patterns = (
    [
        path("processes/<slug:slug>/proposals/merge/", manage_views.proposal_merge, name="merge"),
        path("processes/<slug:slug>/proposals/import/", manage_views.proposal_import, name="import"),
        path("processes/<slug:slug>/proposals/moderation/", manage_views.moderation_queue, name="moderation"),
        path("processes/<slug:slug>/proposals/moderate/", manage_views.moderate, name="moderate"),
        path("processes/<slug:slug>/proposals/<int:pk>/answer/", manage_views.proposal_answer, name="answer"),
        path("processes/<slug:slug>/proposals/triage/", triage_views.triage_list, name="triage"),
        path("processes/<slug:slug>/proposals/triage/export/", triage_views.triage_export, name="triage_export"),
        path("processes/<slug:slug>/proposals/triage/bulk/", triage_views.triage_bulk, name="triage_bulk"),
        path("processes/<slug:slug>/proposals/triage/views/", triage_views.saved_view_create, name="triage_view_save"),
        path(
            "processes/<slug:slug>/proposals/triage/views/<int:pk>/", triage_views.saved_view_open, name="triage_view"
        ),
        path(
            "processes/<slug:slug>/proposals/triage/views/<int:pk>/delete/",
            triage_views.saved_view_delete,
            name="triage_view_delete",
        ),
        path(
            "processes/<slug:slug>/proposals/triage/<int:pk>/similar/",
            triage_views.triage_similar,
            name="triage_similar",
        ),
    ],
    "proposals_manage",
)
