"""Back-office URLs (namespace ``manage``), included from ``ortakakil.backoffice_urls``."""

from django.urls import path

from . import event_views

urlpatterns = [
    path("processes/<slug:slug>/workshops/new/", event_views.workshop_create, name="workshop_create"),
    path("processes/<slug:slug>/workshops/<slug:workshop>/edit/", event_views.workshop_edit, name="workshop_edit"),
    path("processes/<slug:slug>/workshops/<slug:workshop>/files/", event_views.workshop_files, name="workshop_files"),
    path(
        "processes/<slug:slug>/workshops/<slug:workshop>/files/<int:pk>/delete/",
        event_views.workshop_file_delete,
        name="workshop_file_delete",
    ),
]
