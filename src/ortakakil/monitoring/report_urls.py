"""The monitoring and evaluation reports in the back office (included by ``backoffice_urls``)."""

from django.urls import path

from . import report_views

REPORTS = "processes/<slug:slug>/monitoring/reports/"

urlpatterns = [
    path(REPORTS, report_views.report_page, name="monitoring_reports"),
    path(REPORTS + "charts/<str:code>.svg", report_views.trend_chart, name="monitoring_report_chart"),
    path(REPORTS + "<str:period>/<str:fmt>/", report_views.report_download, name="monitoring_report_download"),
]
