from django.urls import path, register_converter

from . import views


class ExportFormat:
    regex = "csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ExportFormat, "fmt")

urlpatterns = [
    path("processes/<slug:slug>/surveys/<slug:survey>/", views.survey_detail, name="survey_detail"),
    path("processes/<slug:slug>/surveys/<slug:survey>/results/", views.survey_results, name="survey_results"),
    path("processes/<slug:slug>/surveys/<slug:survey>/export.<fmt:fmt>", views.survey_export, name="survey_export"),
]
