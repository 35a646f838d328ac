"""Back office of portfolio scenarios, in the ``manage`` namespace."""

from django.urls import path

from . import scenario_views as views

urlpatterns = [
    path("processes/<slug:slug>/scenarios/", views.scenario_list, name="scenarios"),
    path("processes/<slug:slug>/scenarios/new/", views.scenario_create, name="scenario_create"),
    path("processes/<slug:slug>/scenarios/compare/", views.scenario_compare, name="scenario_compare"),
    path("processes/<slug:slug>/scenarios/<int:pk>/", views.scenario_detail, name="scenario"),
    path("processes/<slug:slug>/scenarios/<int:pk>/edit/", views.scenario_edit, name="scenario_edit"),
    path("processes/<slug:slug>/scenarios/<int:pk>/compute/", views.scenario_compute, name="scenario_compute"),
    path("processes/<slug:slug>/scenarios/<int:pk>/copy/", views.scenario_copy, name="scenario_copy"),
    path("processes/<slug:slug>/scenarios/<int:pk>/adopt/", views.scenario_adopt, name="scenario_adopt"),
    path("processes/<slug:slug>/scenarios/<int:pk>/delete/", views.scenario_delete, name="scenario_delete"),
]
