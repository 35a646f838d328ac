"""Back office of projects, participatory-budgeting rounds and portfolio scenarios
(``/manage/processes/<slug>/projects/…``, ``…/budget-rounds/…``, ``…/scenarios/…``), in the
``manage`` namespace."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
