"""Back office of projects, participatory-budgeting rounds and portfolio scenarios
(``/manage/processes/<slug>/projects/…``, ``…/budget-rounds/…``, ``…/scenarios/…``), in the
``manage`` namespace."""

from django.urls import path

from . import import_views
from . import manage_views as views

PROJECTS = "processes/<slug:slug>/projects/"
ROUNDS = "processes/<slug:slug>/budget-rounds/"

urlpatterns = [
    path(PROJECTS, views.project_list, name="projects"),
    path(PROJECTS + "new/", views.project_create, name="project_create"),
    path(PROJECTS + "export.<str:fmt>", views.project_export, name="project_export"),
    path(PROJECTS + "<int:pk>/", views.project_edit, name="project_edit"),
    path(PROJECTS + "<int:pk>/delete/", views.project_delete, name="project_delete"),
    path(ROUNDS, views.round_list, name="budget_rounds"),
    path(ROUNDS + "new/", views.round_create, name="budget_round_create"),
    path(ROUNDS + "import/", import_views.round_import, name="budget_round_import"),
    path(ROUNDS + "<int:pk>/", views.round_edit, name="budget_round_edit"),
    path(ROUNDS + "<int:pk>/<str:action>/", views.round_state, name="budget_round_state"),
]
