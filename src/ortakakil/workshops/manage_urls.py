"""Back-office URLs of a workshop (namespace ``manage``)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
