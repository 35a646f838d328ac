"""The e-mail pages: the one-click unsubscribe link (no login) and «E-posta tercihlerim»."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import emails, ratelimit
from .backoffice import acting_user


def _masked(address: str | None) -> str:
    """``a***@example.org``: enough for the person to recognise, not to reveal to a link's finder."""
    if not address or "@" not in address:
        return ""
    name, domain = address.split("@", 1)
    return f"{name[:1]}***@{domain}"


@csrf_exempt  # RFC 8058: mail clients post "List-Unsubscribe=One-Click" without a session; the token is the proof
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows what the link turns off, with one button; POST turns it off. No login needed."""
    try:
        user, kind = emails.read_token(token)
    except ValidationError as error:
        return render(request, "core/emails/unsubscribe_invalid.html", {"error": error.messages[0]}, status=400)
    context = {"kind": kind, "address": _masked(user.email), "token": token}
    if request.method == "POST":
        try:
            ratelimit.check(emails.UNSUBSCRIBE_SCOPE, request)
        except ratelimit.RateLimited as limited:
            return render(request, "core/emails/unsubscribe.html", {**context, "error": limited.message}, status=429)
        emails.email_unsubscribe(token=token)
        return render(request, "core/emails/unsubscribe_done.html", context)
    if kind.key in emails.turned_off(user):  # the link opened again: nothing left to turn off
        return render(request, "core/emails/unsubscribe_done.html", {**context, "already": True})
    return render(request, "core/emails/unsubscribe.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def my_emails(request: HttpRequest) -> HttpResponse:
    """«E-posta tercihlerim»: a checkbox per kind of e-mail."""
    user = acting_user(request)
    status, error = 200, ""
    if request.method == "POST":
        try:
            ratelimit.check(emails.PREFERENCES_SCOPE, request)
            emails.email_preferences_set(actor=user, on=request.POST.getlist("on")[:50])
        except ratelimit.RateLimited as limited:
            status, error = 429, limited.message
        except ValidationError as exc:
            status, error = 400, exc.messages[0]
        else:
            messages.success(request, _("Your e-mail preferences were saved."))
            return redirect("my_emails")
    off = emails.turned_off(user)
    choices = [{"key": kind.key, "label": kind.label, "on": kind.key not in off} for kind in emails.kinds(user)]
    return render(
        request,
        "core/emails/preferences.html",
        {"choices": choices, "address": emails.confirmed_address(user), "error": error},
        status=status,
    )
