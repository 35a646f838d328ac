"""Back-office URLs (namespace ``manage``), included from ``ortakakil.backoffice_urls``."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
