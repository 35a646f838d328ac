"""Bulk upload of measurements (``/manage/processes/<slug>/monitoring/upload/``): upload → dry run
with every row's verdict → «İçe aktar» (all or nothing), and the template file prefilled with the
user's indicators for a period."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ortakakil.core.backoffice import acting_user, backoffice_view, upload_drop, upload_keep, upload_kept
from ortakakil.core.models import Role
from ortakakil.documents.csv_files import csv_bytes
from ortakakil.documents.xlsx import XLSX_MIME, table_xlsx
from ortakakil.planning.models import Plan
from ortakakil.planning.selectors import approved_plan
from ortakakil.processes.models import Process
from ortakakil.processes.selectors import process_for_public

from . import selectors, services
from .bulk import HEADERS, MAX_BYTES, ImportFileError, measurements_upload

SESSION_KEY = "monitoring_bulk_upload"


def _process_for_entry(request: HttpRequest, slug: str) -> tuple[Process, Plan | None]:
    """The process and its plan in force, for those who enter values: the strategy team of its
    organisation (and admins) and its unit managers; 403 for other staff of the organisation."""
    process = process_for_public(user=request.user, slug=slug)
    user = request.user
    enters = user.has_perm("processes.manage_process", process) or (
        getattr(user, "role", "") == Role.UNIT_MANAGER
        and getattr(user, "unit_id", None) is not None
        and getattr(user, "organisation_id", None) == process.organisation_id
    )
    if not enters:
        raise PermissionDenied(_("Only the strategy team and the unit managers enter monitoring values."))
    return process, approved_plan(process)


def _periods(plan: Plan | None) -> list[str]:
    """Every period a value can be entered for in the plan, in order (none without a plan)."""
    return [] if plan is None else selectors.periods_of(plan)


@backoffice_view
def bulk_upload(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload → dry run with every row's verdict → commit (all or nothing)."""
    process, plan = _process_for_entry(request, slug)
    report = None
    error = ""
    if plan is None:
        error = _("Values are entered for an approved plan; this process has no approved plan yet.")
    elif request.method == "POST" and request.POST.get("step") == "commit":
        try:
            kept = upload_kept(request, SESSION_KEY, owner=process.pk)
            report = measurements_upload(
                actor=acting_user(request), plan=plan, name=kept.name, content=kept.content, dry_run=False
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        except ImportFileError as exc:
            error = str(exc)
        else:
            if report.ok:
                upload_drop(request, SESSION_KEY)
                messages.success(
                    request,
                    _("%(new)d new values and %(corrections)d corrections were saved; %(submitted)d were submitted.")
                    % {"new": report.new, "corrections": report.corrections, "submitted": report.submitted},
                )
                return redirect(reverse("manage:monitoring_bulk_upload", kwargs={"slug": process.slug}))
    elif request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = _("Choose a file to upload.")
        elif upload.size and upload.size > MAX_BYTES:
            error = _("The file is larger than 2 MB.")
        else:
            content = upload.read(MAX_BYTES + 1)
            try:
                report = measurements_upload(
                    actor=acting_user(request), plan=plan, name=upload.name or "", content=content, dry_run=True
                )
            except ImportFileError as exc:
                error = str(exc)
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                if report.ok:
                    upload_keep(request, SESSION_KEY, owner=process.pk, name=upload.name or "", content=content)
    else:
        upload_drop(request, SESSION_KEY)
    periods = _periods(plan)
    return render(
        request,
        "monitoring/bulk/upload.html",
        {
            "process": process,
            "plan": plan,
            "report": report,
            "error": error,
            "periods": periods,
            "default_period": request.GET.get("period")
            if request.GET.get("period") in periods
            else (periods[0] if periods else ""),
        },
        status=400 if (error or (report is not None and not report.ok)) else 200,
    )


@backoffice_view
def bulk_template(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """The upload's template (CSV or XLSX) with one row per indicator the user enters, for the
    chosen period, prefilled with the value entered so far."""
    process, plan = _process_for_entry(request, slug)
    if fmt not in ("csv", "xlsx"):
        raise Http404(_("No such file format."))
    if plan is None:
        raise Http404(_("This process has no approved plan yet."))
    period = request.GET.get("period", "")
    if period not in _periods(plan):
        raise Http404(_("The plan has no target for this period's year."))
    rows = []
    for entry in selectors.entries(request.user, plan, period):
        if period not in services.plan_periods(entry.indicator):
            continue
        measurement = entry.measurement
        rows.append(
            [
                entry.indicator.code,
                period,
                "" if measurement is None else measurement.value,
                "" if measurement is None else measurement.note,
                "" if measurement is None else measurement.evidence_link,
                "hayır",
            ]
        )
    if fmt == "csv":
        response = HttpResponse(csv_bytes(headers=HEADERS, rows=rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(table_xlsx(title=_("Values"), headers=HEADERS, rows=rows), content_type=XLSX_MIME)
    response["Content-Disposition"] = f'attachment; filename="{process.slug}-degerler-{period}.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
