from django.urls import path

from . import manage_views, views

urlpatterns = [
    path("me/notifications/", views.my_notifications, name="my_notifications"),
    path("me/notifications/read/", views.notifications_mark_read, name="notifications_mark_read"),
    path("processes/<slug:slug>/proposals/", views.proposal_list, name="proposal_list"),
    path("processes/<slug:slug>/proposals/new/", views.proposal_create, name="proposal_create"),
    path("processes/<slug:slug>/proposals/new/similar/", views.proposal_similar, name="proposal_similar"),
    path("processes/<slug:slug>/proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("processes/<slug:slug>/proposals/<int:pk>/edit/", views.proposal_edit, name="proposal_edit"),
    path("processes/<slug:slug>/proposals/<int:pk>/support/", views.proposal_support, name="proposal_support"),
    path("processes/<slug:slug>/proposals/<int:pk>/comments/", views.comment_create, name="proposal_comment"),
    path("processes/<slug:slug>/proposals/<int:pk>/report/", views.content_report, name="proposal_report"),
    path("processes/<slug:slug>/proposals/<int:pk>/follow/", views.proposal_follow, name="proposal_follow"),
]

manage_patterns = (
    [
        path("processes/<slug:slug>/proposals/merge/", manage_views.proposal_merge, name="merge"),
        path("processes/<slug:slug>/proposals/import/", manage_views.proposal_import, name="import"),
        path("processes/<slug:slug>/proposals/moderation/", manage_views.moderation_queue, name="moderation"),
        path("processes/<slug:slug>/proposals/moderate/", manage_views.moderate, name="moderate"),
        path("processes/<slug:slug>/proposals/<int:pk>/answer/", manage_views.proposal_answer, name="answer"),
    ],
    "proposals_manage",
)
