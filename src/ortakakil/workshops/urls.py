from django.urls import path, re_path

from . import live_views, views

urlpatterns = [
    path("t/", live_views.join, name="table_join"),
    path("t/<str:code>/", live_views.table_phone, name="table_phone"),
    path("t/<str:code>/ideas/", live_views.phone_idea, name="table_phone_idea"),
    path("t/<str:code>/ideas/<int:pk>/vote/", live_views.phone_vote, name="table_phone_vote"),
    path("t/<str:code>/wall/", live_views.wall, name="table_wall"),
    path("t/<str:code>/facilitate/", live_views.table_mode, name="table_mode"),
    path("t/<str:code>/facilitate/seat/", live_views.table_seat, name="table_seat"),
    path("t/<str:code>/facilitate/summary/", live_views.table_summary, name="table_summary"),
    path("t/<str:code>/facilitate/close/", live_views.table_close, name="table_close"),
    path("davet/<str:token>/", live_views.invitation_rsvp, name="invitation_rsvp"),
    path("davet/<str:token>/telefon/", live_views.invitation_phone, name="invitation_phone"),
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
