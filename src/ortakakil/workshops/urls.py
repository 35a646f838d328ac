"""Public URLs of workshops: the phone pages and the wall, table mode, the personal invitation
link, the workshop's page, its reports and files."""

from django.urls import path, re_path

from . import invitation_views, phone_views, table_views, views

T = "t/<str:code>/"

urlpatterns = [
    path("t/", phone_views.join, name="table_join"),
    path(T, phone_views.table_phone, name="table_phone"),
    path(T + "ideas/", phone_views.phone_idea, name="table_phone_idea"),
    path(T + "ideas/<int:pk>/vote/", phone_views.phone_vote, name="table_phone_vote"),
    path(T + "wall/", phone_views.wall, name="table_wall"),
    path(T + "facilitate/", table_views.table_mode, name="table_mode"),
    path(T + "facilitate/ideas/<int:pk>/", table_views.idea_edit, name="table_idea_edit"),
    path(T + "facilitate/ideas/<int:pk>/withdraw/", table_views.idea_withdraw, name="table_idea_withdraw"),
    path(T + "facilitate/ideas/<int:pk>/merge/", table_views.idea_merge, name="table_idea_merge"),
    path(T + "facilitate/seat/", table_views.table_seat, name="table_seat"),
    path(T + "facilitate/summary/", table_views.table_summary, name="table_summary"),
    path(T + "facilitate/close/", table_views.table_close, name="table_close"),
    path("davet/<str:token>/", invitation_views.invitation_rsvp, name="invitation_rsvp"),
    path("davet/<str:token>/telefon/", phone_views.invitation_phone, name="invitation_phone"),
    path("processes/<slug:slug>/workshops/<slug:workshop>/", views.workshop_detail, name="workshop_detail"),
    path("processes/<slug:slug>/workshops/<slug:workshop>/report/", views.workshop_report, name="workshop_report"),
    path(
        "processes/<slug:slug>/workshops/<slug:workshop>/files/<int:pk>/",
        views.workshop_file_download,
        name="workshop_file",
    ),
    path(
        "processes/<slug:slug>/workshops/<slug:workshop>/tables/<str:code>/report/",
        views.table_report,
        name="table_report",
    ),
    re_path(
        r"^processes/(?P<slug>[-\w]+)/workshops/(?P<workshop>[-\w]+)/tables/(?P<code>\w+)/report\.(?P<fmt>docx|pdf|xlsx)$",
        views.table_report_download,
        name="table_report_download",
    ),
    re_path(
        r"^processes/(?P<slug>[-\w]+)/workshops/(?P<workshop>[-\w]+)/report\.(?P<fmt>docx|pdf|xlsx)$",
        views.workshop_report_download,
        name="workshop_report_download",
    ),
]
