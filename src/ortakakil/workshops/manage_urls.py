"""Back-office URLs of a workshop (namespace ``manage``)."""

from django.urls import path

from . import manage_views as views

W = "processes/<slug:slug>/workshops/<slug:workshop>/"

urlpatterns = [
    path(W, views.workshop_overview, name="workshop"),
    path(W + "assign/", views.workshop_assign, name="workshop_assign"),
    path(W + "phones/", views.workshop_phones, name="workshop_phones"),
    path(W + "invitations/", views.invitation_list, name="workshop_invitations"),
    path(W + "invitations/new/", views.invitation_create, name="workshop_invite"),
    path(W + "invitations/send/", views.invitation_send, name="workshop_invitations_send"),
    path(W + "invitations/export/", views.invitation_export, name="workshop_invitations_export"),
    path(W + "invitations/<int:pk>/table/", views.invitation_move, name="workshop_invitation_move"),
    path(W + "checkin/", views.checkin, name="workshop_checkin"),
    path(W + "checkin/<int:pk>/", views.checkin_person, name="workshop_checkin_do"),
    path(W + "tables/<int:pk>/", views.table_edit, name="workshop_table_edit"),
    path(W + "tables/cards/", views.table_cards, name="workshop_table_cards"),
]
