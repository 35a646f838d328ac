"""«Denetim kaydı» — the audit log's page and its CSV export (``core.audit``). Read only: the
views answer GET and HEAD and nothing else, and no other address changes an entry."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from ortakakil.documents.csv_files import csv_bytes

from . import audit

PAGE_SIZE = 50
EXPORT_MAX = 100_000
EXPORT_CHUNK = 1_000


class AuditFilterForm(forms.Form):
    person = forms.TypedChoiceField(label=gettext_lazy("Person"), required=False, coerce=int, empty_value=None)
    area = forms.ChoiceField(label=gettext_lazy("Area"), required=False)
    process = forms.TypedChoiceField(label=gettext_lazy("Process"), required=False, coerce=int, empty_value=None)
    since = forms.DateField(label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    q = forms.CharField(label=gettext_lazy("Search"), required=False, max_length=100, strip=True)

    def __init__(self, data: Any, *, user: Any) -> None:
        super().__init__(data)
        everyone: list[tuple[Any, str]] = [("", _("Everyone"))]
        self.fields["person"].choices = everyone + [  # type: ignore[attr-defined]
            (person.pk, person.display_name) for person in audit.person_choices(user)
        ]
        self.fields["area"].choices = [("", _("All areas")), *audit.Area.choices]  # type: ignore[attr-defined]
        self.fields["process"].choices = [("", _("All processes")), *audit.process_choices(user)]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError(_("The start date must not be after the end date."))
        return data

    def filters(self) -> audit.AuditFilters:
        data = self.cleaned_data
        return audit.AuditFilters(
            person=data.get("person"),
            area=data.get("area") or "",
            process=data.get("process"),
            since=data.get("since"),
            until=data.get("until"),
            q=data.get("q") or "",
        )


def _allowed(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm("core.view_audit_log"):
        raise PermissionDenied(_("The audit log is for the platform administrators and the strategy team."))
    return None


def _filtered(request: HttpRequest) -> HttpResponse | tuple[AuditFilterForm, Any]:
    """The permission check and the filter form shared by the page and its CSV: a refusal (login,
    403, or the form sent back with a 400), or the form and the filtered rows."""
    refused = _allowed(request)
    if refused is not None:
        return refused
    form = AuditFilterForm(request.GET, user=request.user)
    if not form.is_valid():
        return render(request, "core/audit_log.html", {"form": form, "page": None, "entries": []}, status=400)
    return form, audit.audit_rows(user=request.user, filters=form.filters())


@require_safe
def audit_log(request: HttpRequest) -> HttpResponse:
    filtered = _filtered(request)
    if isinstance(filtered, HttpResponse):
        return filtered
    form, rows = filtered
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "core/audit_log.html",
        {"form": form, "page": page, "entries": audit.entries(list(page.object_list))},
    )


CSV_HEADERS = (
    gettext_lazy("When"),
    gettext_lazy("Who"),
    gettext_lazy("Area"),
    gettext_lazy("Action"),
    gettext_lazy("Object"),
    gettext_lazy("Process"),
    gettext_lazy("Changed fields"),
    gettext_lazy("Detail"),
    gettext_lazy("Address"),
)


@require_safe
def audit_log_export(request: HttpRequest) -> HttpResponse:
    """The current filter as CSV (``documents.csv_files``), newest first, at most ``EXPORT_MAX`` rows."""
    filtered = _filtered(request)
    if isinstance(filtered, HttpResponse):
        return filtered
    _form, rows = filtered
    lines = []
    for start in range(0, EXPORT_MAX, EXPORT_CHUNK):
        chunk = list(rows[start : start + EXPORT_CHUNK])
        for entry in audit.entries(chunk):
            detail = entry.detail
            lines.append(
                [
                    formats.date_format(timezone.localtime(entry.when), "Y-m-d H:i:s"),
                    entry.who,
                    entry.area,
                    detail.action,
                    detail.object,
                    detail.process,
                    ", ".join(detail.fields),
                    detail.note,
                    request.build_absolute_uri(detail.url) if detail.url else "",
                ]
            )
        if len(chunk) < EXPORT_CHUNK:
            break
    response = HttpResponse(csv_bytes(headers=CSV_HEADERS, rows=lines), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="denetim-kaydi-{timezone.localdate():%Y-%m-%d}.csv"'
    return response
