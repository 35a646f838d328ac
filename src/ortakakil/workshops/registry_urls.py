"""Back-office URLs of the stakeholder registry (namespace ``manage``), included from
``ortakakil.backoffice_urls``."""

from django.urls import URLPattern, path

from . import registry_views as views

ORG = "organisations/<slug:org_slug>/"

urlpatterns: list[URLPattern] = [
    path(f"{ORG}stakeholders/", views.stakeholder_list, name="stakeholder_list"),
    path(f"{ORG}stakeholders/matrix/", views.stakeholder_matrix, name="stakeholder_matrix"),
    path(f"{ORG}stakeholders/new/", views.stakeholder_create, name="stakeholder_create"),
    path(f"{ORG}stakeholders/import/", views.contact_import, name="contact_import"),
    path(f"{ORG}stakeholders/export/", views.stakeholder_export, name="stakeholder_export"),
    path(f"{ORG}stakeholders/<int:pk>/", views.stakeholder_edit, name="stakeholder_edit"),
    path(f"{ORG}stakeholders/<int:pk>/contacts/new/", views.contact_create, name="contact_create"),
    path(f"{ORG}contacts/<int:pk>/", views.contact_edit, name="contact_edit"),
    path(f"{ORG}contacts/<int:pk>/withdraw/", views.contact_withdraw, name="contact_withdraw"),
]
