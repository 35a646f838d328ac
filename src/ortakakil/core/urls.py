"""The footer's pages and the person's own pages (/me/…)."""

from django.urls import path

from . import account_views, email_views, pages, verification_views

urlpatterns = [
    path("terms/", pages.terms, name="terms"),
    path("privacy/", pages.privacy, name="privacy"),
    path("accessibility/", pages.accessibility, name="accessibility"),
    path("contact/", pages.contact, name="contact"),
    path("me/", account_views.my_account, name="my_account"),
    path("me/data/", account_views.my_data, name="my_data"),
    path("me/data/download.json", account_views.my_data_download, name="my_data_download"),
    path("me/data/erase/", account_views.my_data_erase, name="my_data_erase"),
    path("me/verification/", verification_views.my_verification, name="my_verification"),
    path("me/emails/", email_views.my_emails, name="my_emails"),
    path("unsubscribe/<str:token>/", email_views.unsubscribe, name="email_unsubscribe"),
]
