from django.urls import path, re_path

from . import views

urlpatterns = [
    path("processes/<slug:slug>/surveys/<slug:survey>/", views.survey_detail, name="survey_detail"),
    path("processes/<slug:slug>/surveys/<slug:survey>/results/", views.survey_results, name="survey_results"),
    path("processes/<slug:slug>/surveys/<slug:survey>/review/", views.survey_review, name="survey_review"),
    re_path(
        r"^processes/(?P<slug>[-\w]+)/surveys/(?P<survey>[-\w]+)/export\.(?P<fmt>csv|xlsx)$",
        views.survey_export,
        name="survey_export",
    ),
]
