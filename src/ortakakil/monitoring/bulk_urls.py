"""Bulk upload of measurements in the back office (``/manage/processes/<slug>/monitoring/upload/``),
in the ``manage`` namespace."""

from django.urls import path

from . import bulk_views as views

MONITORING = "processes/<slug:slug>/monitoring/"

urlpatterns = [
    path(MONITORING + "upload/", views.bulk_upload, name="monitoring_bulk_upload"),
    path(MONITORING + "upload/template.<str:fmt>", views.bulk_template, name="monitoring_bulk_template"),
]
