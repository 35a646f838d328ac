"""The person's own pages: «Hesabım» (display name and account links) and «Verilerim» (everything
held about them, as a page and a JSON download, and erasure on request)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import accounts, links
from .backoffice import acting_user
from .forms import EraseForm, PublicNameForm
from .personal_data import personal_data, personal_data_json


@login_required
def my_account(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    form = PublicNameForm(request.POST or None, initial={"public_name": accounts.public_name(user)})
    if request.method == "POST" and form.is_valid():
        try:
            accounts.account_set_public_name(actor=user, public_name=form.cleaned_data["public_name"])
        except ValidationError as error:
            form.add_error("public_name", error.messages)
        else:
            messages.success(request, _("Your display name was saved."))
            return redirect("my_account")
    return render(
        request,
        "account/my_account.html",
        {"form": form, "shown_as": accounts.public_name(user), "account_links": links.links_for(links.ACCOUNT)},
        status=400 if form.errors else 200,
    )


@require_GET
@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    return render(request, "account/my_data.html", {"sections": personal_data(acting_user(request))})


@require_GET
@login_required
def my_data_download(request: HttpRequest) -> HttpResponse:
    data = personal_data_json(acting_user(request))
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"verilerim-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def my_data_erase(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            accounts.account_erase(actor=user, password=form.cleaned_data["password"])
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            logout(request)
            messages.success(request, _("Your account was erased. Thank you for taking part."))
            return redirect("home")
    return render(
        request,
        "account/erase.html",
        {"form": form, "is_staff_member": user.is_staff_member},
        status=400 if form.errors else 200,
    )
