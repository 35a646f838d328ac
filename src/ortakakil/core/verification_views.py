"""The verification pages: «Kimlik doğrulama» for the person (``/me/verification/``: status per
method, the SMS and census forms), the census upload of the back office
(``/manage/organisations/<org_slug>/census/``: upload → preview → confirm, all or nothing) and
the check in person (``/manage/verify-in-person/``)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import census, ratelimit, selectors, verification
from .backoffice import acting_user, backoffice_view, upload_drop, upload_keep, upload_kept

CENSUS_SESSION_KEY = "census_upload"


class PhoneForm(forms.Form):
    phone = forms.CharField(
        label=gettext_lazy("Mobile phone number"),
        max_length=25,
        help_text=gettext_lazy("A Turkish mobile number, such as 0532 123 45 67."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from the SMS"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class CensusForm(forms.Form):
    id_number = forms.CharField(
        label=gettext_lazy("T.C. identity number"),
        max_length=14,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    birth_date = forms.CharField(
        label=gettext_lazy("Birth date"),
        max_length=20,
        help_text=gettext_lazy("DD.MM.YYYY"),
        widget=forms.TextInput(attrs={"autocomplete": "bday", "placeholder": "GG.AA.YYYY"}),
    )


class InPersonForm(forms.Form):
    person = forms.CharField(label=gettext_lazy("Username or e-mail address"), max_length=254)
    place = forms.CharField(
        label=gettext_lazy("Place of the check"),
        max_length=verification.PLACE_MAX,
        help_text=gettext_lazy("The workshop or office where you saw the person's identity card."),
    )


def _form_error(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


PENDING_PHONE = "verification_sms_phone"
"""The session key of the last two digits of the number a code was just sent to (the number
itself is never kept): reloading the page keeps the code form, which says where the code went."""


def _next_url(request: HttpRequest) -> str:
    """Where the person came from (``?next=``, e.g. the proposal they tried to support), if it is
    a path on this site; verified, they are sent back there."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def _done(request: HttpRequest, next_url: str) -> HttpResponse:
    request.session.pop(PENDING_PHONE, None)
    if next_url:
        return redirect(next_url)
    return redirect("my_verification")


@login_required
def my_verification(request: HttpRequest) -> HttpResponse:
    """The person's page: status per method; POST ``step`` = sms_send, sms_confirm or census."""
    user = acting_user(request)
    next_url = _next_url(request)
    step = request.POST.get("step", "") if request.method == "POST" else ""
    pending = str(request.session.get(PENDING_PHONE, ""))[-2:]
    phone_form = PhoneForm(request.POST if step == "sms_send" else None, prefix="sms")
    code_form = CodeForm(request.POST if step == "sms_confirm" else None, prefix="code")
    census_form = CensusForm(request.POST if step == "census" else None, prefix="census")
    code_sent = bool(pending) and verification.has_pending_code(user)
    failed = False
    if step == "sms_send" and phone_form.is_valid():
        try:
            phone = verification.normalise_phone(phone_form.cleaned_data["phone"])
            ratelimit.check(verification.SMS_SCOPE, request)
            verification.sms_send_code(actor=user, phone=phone)
        except ratelimit.RateLimited as limited:
            phone_form.add_error(None, limited.message)
        except ValidationError as error:
            phone_form.add_error("phone", error.messages)
        else:
            messages.success(request, _("We sent a code to your phone. Type it below."))
            request.session[PENDING_PHONE] = phone[-2:]
            here = reverse("my_verification")
            return redirect(f"{here}?{urlencode({'next': next_url})}#sms" if next_url else f"{here}#sms")
    elif step == "sms_confirm" and code_form.is_valid():
        try:
            ratelimit.check(verification.SMS_CONFIRM_SCOPE, request)
            verification.sms_confirm_sent(actor=user, code=code_form.cleaned_data["code"], last_digits=pending)
        except ratelimit.RateLimited as limited:
            code_form.add_error(None, limited.message)
        except ValidationError as error:
            _form_error(code_form, error)
        else:
            messages.success(request, _("Your identity is verified by SMS."))
            return _done(request, next_url)
        code_sent = True
    elif step == "census" and census_form.is_valid():
        try:
            ratelimit.check(verification.CENSUS_SCOPE, request)
            verification.census_verify(
                actor=user,
                id_number=census_form.cleaned_data["id_number"],
                birth_date=census_form.cleaned_data["birth_date"],
            )
        except ratelimit.RateLimited as limited:
            census_form.add_error(None, limited.message)
        except ValidationError as error:
            _form_error(census_form, error)
        else:
            messages.success(request, _("Your identity is verified with the census list."))
            return _done(request, next_url)
    if step == "sms_confirm":
        code_sent = True
    failed = bool(phone_form.errors or code_form.errors or census_form.errors) or (
        request.method == "POST" and step not in {"sms_send", "sms_confirm", "census"}
    )
    return render(
        request,
        "core/verification/me.html",
        {
            "statuses": verification.status_of(user),
            "phone_form": phone_form,
            "code_form": code_form,
            "census_form": census_form,
            "code_sent": code_sent,
            "phone_ending": pending,
            "code_minutes": verification.code_minutes(),
            "next_url": next_url,
        },
        status=400 if failed else 200,
    )


@backoffice_view
def census_upload(request: HttpRequest, org_slug: str) -> HttpResponse:
    """Upload → preview (every row's verdict, errors by line) → «İçe aktar» (all or nothing)."""
    organisation = selectors.organisation_for_manage(user=request.user, slug=org_slug)
    actor = acting_user(request)
    report: census.CensusReport | None = None
    error = ""
    here = reverse("manage:census_upload", kwargs={"org_slug": organisation.slug})
    if request.method == "POST" and request.POST.get("step") == "commit":
        try:
            kept = upload_kept(request, CENSUS_SESSION_KEY, owner=organisation.pk)
            done = census.census_import(actor=actor, organisation=organisation, kept=kept.content)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            upload_drop(request, CENSUS_SESSION_KEY)
            messages.success(
                request,
                _("The census list was imported: %(new)d new people, %(updated)d updated.")
                % {"new": done.created, "updated": done.updated},
            )
            return redirect(here)
    elif request.method == "POST":
        upload = request.FILES.get("file")
        upload_drop(request, CENSUS_SESSION_KEY)
        if upload is None:
            error = _("Choose a file to upload.")
        elif upload.size and upload.size > census.MAX_BYTES:
            error = _("The file is larger than %(mb)d MB.") % {"mb": census.MAX_BYTES // (1024 * 1024)}
        else:
            content = upload.read(census.MAX_BYTES + 1)
            try:
                report = census.census_check(
                    actor=actor, organisation=organisation, name=upload.name or "", content=content
                )
            except census.ImportFileError as exc:
                error = str(exc)
            else:
                if report.ok:
                    # Only hashes and dates wait for the confirmation, never the file itself.
                    upload_keep(
                        request, CENSUS_SESSION_KEY, owner=organisation.pk, name="census.json", content=report.kept()
                    )
            del content
    else:
        upload_drop(request, CENSUS_SESSION_KEY)
    return render(
        request,
        "core/verification/census_upload.html",
        {
            "organisation": organisation,
            "report": report,
            "error": error,
            "counts": census.census_count(organisation),
            "max_mb": census.MAX_BYTES // (1024 * 1024),
            "breadcrumbs": [
                (_("Back office"), reverse("manage:dashboard")),
                (organisation.name, ""),
            ],
        },
        status=400 if (error or (report is not None and not report.ok)) else 200,
    )


@backoffice_view
def verify_in_person(request: HttpRequest) -> HttpResponse:
    """A facilitator or the strategy team looks a person up and verifies them, at a named place."""
    actor = acting_user(request)
    if not verification.can_verify_in_person(actor):
        raise PermissionDenied(_("Only facilitators and the strategy team verify people in person."))
    form = InPersonForm(request.POST or None, initial={"place": request.GET.get("place", "")[:120]})
    if request.method == "POST" and form.is_valid():
        person = verification.find_person(form.cleaned_data["person"])
        if person is None:
            form.add_error("person", _("No active account has this username or e-mail address."))
        else:
            try:
                ratelimit.check(verification.IN_PERSON_SCOPE, request)
                verification.verify_in_person(actor=actor, person=person, place=form.cleaned_data["place"])
            except ratelimit.RateLimited as limited:
                form.add_error(None, limited.message)
            except ValidationError as error:
                _form_error(form, error)
            else:
                messages.success(request, _("%(person)s is verified in person.") % {"person": person.get_username()})
                url = reverse("manage:verify_in_person")
                return redirect(f"{url}?{urlencode({'place': form.cleaned_data['place'][:120]})}")
    context: dict[str, Any] = {
        "form": form,
        "breadcrumbs": [(_("Back office"), reverse("manage:dashboard")), (_("Verify in person"), "")],
    }
    return render(request, "core/verification/in_person.html", context, status=400 if form.errors else 200)
