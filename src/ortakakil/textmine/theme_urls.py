"""Back-office addresses of theme suggestion (under /manage/, namespace ``manage:``)."""

from django.urls import URLPattern, path

from . import theme_views as views

BASE = "processes/<slug:slug>/theme-suggestions/"

urlpatterns: list[URLPattern] = [
    path(BASE, views.theme_suggestions, name="theme_suggestions"),
    path(f"{BASE}compute/", views.theme_suggestions_compute, name="theme_suggestions_compute"),
    path(f"{BASE}<int:pk>/confirm/", views.theme_suggestion_confirm, name="theme_suggestion_confirm"),
    path(f"{BASE}<int:pk>/correct/", views.theme_suggestion_correct, name="theme_suggestion_correct"),
]
