"""Public addresses of the opinion map: a conversation, its voting page and its results."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []  # filled by the voting and results pages
