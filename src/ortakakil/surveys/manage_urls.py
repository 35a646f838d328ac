"""Back office of surveys (``/manage/processes/<slug>/surveys/…``), in the ``manage`` namespace."""

from django.urls import path

from . import manage_views as views

SURVEYS = "processes/<slug:slug>/surveys/"
SURVEY = SURVEYS + "<int:pk>/"
QUESTION = SURVEY + "questions/<int:question>/"

urlpatterns = [
    path(SURVEYS, views.survey_list, name="surveys"),
    path(SURVEYS + "new/", views.survey_create, name="survey_create"),
    path(SURVEY, views.survey_overview, name="survey"),
    path(SURVEY + "settings/", views.survey_edit, name="survey_edit"),
    path(SURVEY + "delete/", views.survey_delete, name="survey_delete"),
    path(SURVEY + "preview/", views.survey_preview, name="survey_preview"),
    path(SURVEY + "questions/new/", views.question_create, name="question_create"),
    path(QUESTION, views.question_edit, name="question_edit"),
    path(QUESTION + "delete/", views.question_delete, name="question_delete"),
    path(QUESTION + "move/", views.question_move, name="question_move"),
]
