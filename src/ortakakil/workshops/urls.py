from django.urls import path, register_converter

from . import views


class ReportFormat:
    regex = "docx|pdf"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ReportFormat, "report_format")

urlpatterns = [
    path("processes/<slug:slug>/workshops/<slug:workshop>/", views.workshop_detail, name="workshop_detail"),
    path("processes/<slug:slug>/workshops/<slug:workshop>/report/", views.workshop_report, name="workshop_report"),
    path(
        "processes/<slug:slug>/workshops/<slug:workshop>/report.<report_format:fmt>",
        views.workshop_report_download,
        name="workshop_report_download",
    ),
]
