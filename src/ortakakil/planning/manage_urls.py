from django.urls import path

from . import manage_views as views

urlpatterns = [
    path("processes/<slug:slug>/plan/", views.plan_home, name="plan"),
    path("processes/<slug:slug>/plan/submit/", views.plan_submit, name="plan_submit"),
    path("processes/<slug:slug>/plan/return/", views.plan_return, name="plan_return"),
    path("processes/<slug:slug>/plan/approve/", views.plan_approve, name="plan_approve"),
    path("processes/<slug:slug>/plan/update/", views.plan_update, name="plan_update"),
    path("processes/<slug:slug>/plan/versions/", views.plan_diff, name="plan_diff"),
    path("processes/<slug:slug>/plan/history/", views.plan_history, name="plan_history"),
]
