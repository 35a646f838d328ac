"""Shared helpers of the back-office views: access check, form page, confirmation page, the
file an import keeps between its dry run and its commit.

They keep every back-office view to "parse, call one service, render".
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .models import User

V = TypeVar("V", bound=Callable[..., HttpResponse])


def backoffice_view(view: V) -> V:
    """Only staff of an organisation (``core.access_backoffice``) get past this."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm("core.access_backoffice"):
            raise PermissionDenied(_("The back office is for the municipality's staff."))
        return view(request, *args, **kwargs)

    return wrapped  # type: ignore[return-value]


def fresh(instance: models.Model) -> Any:
    """The saved state of ``instance``: a ModelForm changes its instance while validating,
    and services must compare against what is stored."""
    return type(instance)._default_manager.get(pk=instance.pk)


def form_page(
    request: HttpRequest,
    *,
    form: forms.BaseForm,
    save: Callable[[dict[str, Any]], Any],
    title: str,
    cancel_url: str,
    success_url: Callable[[Any], str],
    success_message: str,
    breadcrumbs: list[tuple[str, str]] | None = None,
    template: str = "backoffice/form.html",
) -> HttpResponse:
    """Render ``form``; on a valid POST call ``save(cleaned_data)`` and redirect.

    Validation errors raised by the service are shown on the form, like the form's own.
    """
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, success_message)
            return redirect(success_url(saved))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        template,
        {"form": form, "title": title, "cancel_url": cancel_url, "breadcrumbs": breadcrumbs or []},
        status=status,
    )


def confirm_page(
    request: HttpRequest,
    *,
    title: str,
    question: str,
    action: Callable[[], object],
    cancel_url: str,
    success_url: str,
    success_message: str,
    danger: bool = True,
    confirm_label: str = "",
    note: str = "",
    breadcrumbs: list[tuple[str, str]] | None = None,
) -> HttpResponse:
    """Ask before a destructive action; act only on POST. The button says "Yes, delete" unless
    ``confirm_label`` names the action; ``note`` replaces the reminder that history is kept."""
    error = ""
    if request.method == "POST":
        try:
            action()
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, success_message)
            return redirect(success_url)
    return render(
        request,
        "backoffice/confirm.html",
        {
            "title": title,
            "question": question,
            "cancel_url": cancel_url,
            "error": error,
            "danger": danger,
            "confirm_label": confirm_label,
            "note": note,
            "breadcrumbs": breadcrumbs or [],
        },
        status=400 if error else 200,
    )


def posted_id(request: HttpRequest, name: str) -> int:
    """The object id a form posted in ``name``; 0 (which matches nothing) when it is missing or
    not a number, so a tampered form gets a clear message instead of a server error."""
    value = request.POST.get(name, "").strip()
    return int(value) if value.isascii() and value.isdecimal() and len(value) < 19 else 0


def acting_user(request: HttpRequest) -> User:
    """The signed-in user making the request; anonymous visitors are refused."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied(_("Please log in first."))
    return user


def safe_next(request: HttpRequest, default: str, *, name: str = "next") -> str:
    """The ``next`` address the request carries (POST, else GET) when it points into this site,
    else ``default``: never an open redirect to another host (``//evil.example``,
    ``https://evil.example``) or a ``javascript:`` address."""
    target = (request.POST.get(name) or request.GET.get(name) or "").strip()
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


# --- imports: upload → dry run → confirm --------------------------------------------------------


@dataclass(frozen=True)
class KeptUpload:
    """A file that passed its dry run, waiting in the session for the staff's confirmation."""

    name: str
    content: bytes
    extra: dict[str, Any]


def upload_keep(request: HttpRequest, key: str, *, owner: int, name: str, content: bytes, **extra: Any) -> None:
    """Keep a checked file for the commit step, for ``owner`` only (the pk of the process or
    organisation it is imported into); ``extra`` holds what else the commit needs."""
    request.session[key] = {
        "owner": owner,
        "name": name,
        "content": base64.b64encode(content).decode(),
        "extra": extra,
    }


def upload_kept(request: HttpRequest, key: str, *, owner: int) -> KeptUpload:
    """The file kept for ``owner``; ``ValidationError`` (with a Turkish message) if it expired or
    was kept for another process or organisation."""
    stored = request.session.get(key)
    if not isinstance(stored, dict) or stored.get("owner") != owner:
        raise ValidationError(_("The uploaded file has expired; please upload it again."))
    return KeptUpload(name=stored["name"], content=base64.b64decode(stored["content"]), extra=stored["extra"])


def upload_drop(request: HttpRequest, key: str) -> None:
    """Forget the kept file (after the commit, or when the import page is opened afresh)."""
    request.session.pop(key, None)
