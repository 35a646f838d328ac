from django.urls import path, register_converter

from . import live_views, views


class ReportFormat:
    regex = "docx|pdf"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ReportFormat, "report_format")

urlpatterns = [
    path("t/", live_views.join, name="table_join"),
    path("t/<str:code>/", live_views.table_phone, name="table_phone"),
    path("t/<str:code>/ideas/", live_views.phone_idea, name="table_phone_idea"),
    path("t/<str:code>/ideas/<int:pk>/vote/", live_views.phone_vote, name="table_phone_vote"),
    path("t/<str:code>/wall/", live_views.wall, name="table_wall"),
    path("t/<str:code>/facilitate/", live_views.table_mode, name="table_mode"),
    path("processes/<slug:slug>/workshops/<slug:workshop>/", views.workshop_detail, name="workshop_detail"),
    path("processes/<slug:slug>/workshops/<slug:workshop>/report/", views.workshop_report, name="workshop_report"),
    path(
        "processes/<slug:slug>/workshops/<slug:workshop>/report.<report_format:fmt>",
        views.workshop_report_download,
        name="workshop_report_download",
    ),
]
