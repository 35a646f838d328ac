from django.urls import path

from . import public_views

urlpatterns = [
    path("processes/<slug:slug>/scoreboard/", public_views.scoreboard_page, name="monitoring_scoreboard"),
    path(
        "processes/<slug:slug>/scoreboard/goals/<str:code>/",
        public_views.scoreboard_goal,
        name="monitoring_scoreboard_goal",
    ),
    path("processes/<slug:slug>/scoreboard/open-data.zip", public_views.open_data, name="monitoring_open_data"),
]
