"""Back-office URLs of a workshop (namespace ``manage``), included from ``ortakakil.backoffice_urls``:
the overview and the phones, invitations and tables (before), the door (during)."""

from django.urls import path

from . import door_views, event_views, invitation_views

W = "processes/<slug:slug>/workshops/<slug:workshop>/"

urlpatterns = [
    path(W, event_views.workshop_overview, name="workshop"),
    path(W + "phones/", event_views.workshop_phones, name="workshop_phones"),
    path(W + "assign/", invitation_views.workshop_assign, name="workshop_assign"),
    path(W + "invitations/", invitation_views.invitation_list, name="workshop_invitations"),
    path(W + "invitations/new/", invitation_views.invitation_create, name="workshop_invite"),
    path(W + "invitations/send/", invitation_views.invitation_send, name="workshop_invitations_send"),
    path(W + "invitations/export/", invitation_views.invitation_export, name="workshop_invitations_export"),
    path(W + "invitations/<int:pk>/table/", invitation_views.invitation_move, name="workshop_invitation_move"),
    path(W + "tables/<int:pk>/", invitation_views.table_edit, name="workshop_table_edit"),
    path(W + "checkin/", door_views.checkin, name="workshop_checkin"),
    path(W + "checkin/<int:pk>/", door_views.checkin_person, name="workshop_checkin_do"),
    path(W + "tables/cards/", door_views.table_cards, name="workshop_table_cards"),
]
