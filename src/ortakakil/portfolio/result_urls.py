"""Back office of a participatory-budgeting round's result, in the ``manage`` namespace."""

from django.urls import path

from . import result_views as views

urlpatterns = [
    path("processes/<slug:slug>/budget-rounds/<int:pk>/result/", views.round_result, name="budget_round_result"),
    path("processes/<slug:slug>/budget-rounds/<int:pk>/count/", views.round_count, name="budget_round_count"),
    path("processes/<slug:slug>/budget-rounds/<int:pk>/publish/", views.round_publish, name="budget_round_publish"),
    path("processes/<slug:slug>/budget-rounds/<int:pk>/pabulib/", views.round_pabulib, name="budget_round_pabulib"),
]
