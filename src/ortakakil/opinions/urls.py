"""Public addresses of the opinion map: a conversation, its voting page and its results."""

from django.urls import URLPattern, path

from . import views, vote_views

urlpatterns: list[URLPattern] = [
    path("processes/<slug:slug>/conversations/<int:pk>/", views.conversation_detail, name="conversation_detail"),
    path(
        "processes/<slug:slug>/conversations/<int:pk>/vote/",
        vote_views.conversation_vote,
        name="conversation_vote",
    ),
    path("t/<str:code>/gorus/", vote_views.conversation_table_vote, name="conversation_table_vote"),
]
