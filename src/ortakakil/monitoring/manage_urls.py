from django.urls import path

from . import views

BASE = "processes/<slug:slug>/monitoring/"

urlpatterns = [
    path(BASE, views.entries, name="monitoring_entries"),
    path(BASE + "<str:period>/indicators/<int:pk>/", views.entry_save, name="monitoring_entry_save"),
    path(BASE + "<str:period>/indicators/<int:pk>/preview/", views.entry_preview, name="monitoring_entry_preview"),
    path(BASE + "values/<int:pk>/evidence/", views.evidence_download, name="monitoring_evidence"),
    path(BASE + "review/", views.review, name="monitoring_review"),
    path(BASE + "review/approve/", views.approve_selected, name="monitoring_approve_selected"),
    path(BASE + "values/<int:pk>/approve/", views.approve, name="monitoring_approve"),
    path(BASE + "values/<int:pk>/return/", views.return_value, name="monitoring_return"),
]
