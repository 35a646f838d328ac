from django.urls import path

from . import views

urlpatterns = [
    path("processes/<slug:slug>/statistics/", views.statistics, name="stats_process"),
    path("processes/<slug:slug>/statistics/<slug:chart>.csv", views.statistics_csv, name="stats_process_csv"),
]
