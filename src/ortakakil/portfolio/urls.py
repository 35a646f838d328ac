"""Public pages of participatory budgeting (``/processes/<slug>/budget/…``)."""

from django.urls import URLPattern, path

from . import views

urlpatterns: list[URLPattern] = [
    path("processes/<slug:slug>/budget/", views.budget_rounds, name="budget_rounds"),
    path("processes/<slug:slug>/budget/<slug:round_slug>/", views.budget_round, name="budget_round"),
    path("processes/<slug:slug>/budget/<slug:round_slug>/ballot/", views.budget_ballot, name="budget_ballot"),
]
