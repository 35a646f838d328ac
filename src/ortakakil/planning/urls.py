from django.urls import path

from . import views

urlpatterns = [
    path("processes/<slug:slug>/plan/", views.plan_detail, name="plan_detail"),
    path("processes/<slug:slug>/plan/goals/<str:code>/", views.plan_goal, name="plan_goal"),
    path("processes/<slug:slug>/plan/download/<str:fmt>/", views.plan_download, name="plan_download"),
]
