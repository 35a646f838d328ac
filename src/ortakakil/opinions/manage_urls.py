"""Back-office addresses of the opinion map (under /manage/)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []  # filled by the back-office pages
