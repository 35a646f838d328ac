from django.urls import path

from . import views

urlpatterns = [
    path("processes/<slug:slug>/workshops/<slug:workshop>/", views.workshop_detail, name="workshop_detail"),
]
