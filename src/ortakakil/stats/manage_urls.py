from django.urls import path

from . import views

urlpatterns = [
    path("processes/<slug:slug>/statistics/", views.manage_statistics, name="stats_manage"),
    path("processes/<slug:slug>/statistics/<slug:chart>.csv", views.manage_statistics_csv, name="stats_manage_csv"),
]
