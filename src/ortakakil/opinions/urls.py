"""Public addresses of the opinion map: a conversation, its voting page and its results."""

from django.urls import URLPattern, path

from . import views

urlpatterns: list[URLPattern] = [
    path("processes/<slug:slug>/conversations/<int:pk>/", views.conversation_detail, name="conversation_detail"),
]
