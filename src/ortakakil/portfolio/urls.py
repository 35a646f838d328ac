"""Public pages of participatory budgeting (``/processes/<slug>/budget/…``)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
