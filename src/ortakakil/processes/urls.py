from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("processes/<slug:slug>/", views.process_detail, name="process_detail"),
    path("processes/<slug:slug>/programme/", views.programme, name="process_programme"),
    path("processes/<slug:slug>/themes/<str:code>/", views.theme_detail, name="theme_detail"),
]
