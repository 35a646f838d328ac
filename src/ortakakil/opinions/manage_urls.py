"""Back-office addresses of the opinion map (under /manage/, namespace ``manage:``)."""

from django.urls import URLPattern, path

from . import manage_views as views

BASE = "processes/<slug:slug>/conversations/"

urlpatterns: list[URLPattern] = [
    path(BASE, views.conversation_list, name="conversation_list"),
    path(f"{BASE}new/", views.conversation_create, name="conversation_create"),
    path(f"{BASE}<int:pk>/", views.conversation_detail, name="conversation_detail"),
    path(f"{BASE}<int:pk>/edit/", views.conversation_edit, name="conversation_edit"),
    path(f"{BASE}<int:pk>/close/", views.conversation_close, name="conversation_close"),
    path(f"{BASE}<int:pk>/statements/new/", views.statement_add, name="statement_add"),
    path(f"{BASE}<int:pk>/statements/<int:statement>/moderate/", views.statement_moderate, name="statement_moderate"),
    path(f"{BASE}<int:pk>/statements/moderate/", views.statements_moderate, name="statements_moderate"),
    path(f"{BASE}<int:pk>/seed/", views.seed_picker, name="conversation_seed"),
    path(f"{BASE}<int:pk>/polis/import/", views.polis_import, name="polis_import"),
    path(f"{BASE}<int:pk>/polis/export/", views.polis_export, name="polis_export"),
]
