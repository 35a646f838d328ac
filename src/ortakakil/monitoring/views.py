"""Back-office pages of the measurements: a unit's entry page («Gösterge değerleri»), the
realisation preview beside a value, the evidence download, and the strategy team's review queue
(«Onay bekleyen değerler») with approve, return and bulk approve.

Each view parses its input, calls one service or selector and renders. Writes are POST only,
rate-limited (``measurement_write``) and checked by the services: a refusal is the 403 page, a
rule the value breaks is shown on its form in Turkish.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from ortakakil.core import ratelimit
from ortakakil.core.backoffice import acting_user, backoffice_view
from ortakakil.planning import selectors as planning_selectors
from ortakakil.planning.models import Indicator, Plan
from ortakakil.processes.models import Process

from . import realisation, selectors, services
from .forms import MeasurementForm, ReturnForm, parse_number
from .models import Measurement
from .permissions import ENTER, REVIEW, VIEW
from .registrations import WRITE_SCOPE

BULK_MAX = 200


# --- helpers ----------------------------------------------------------------------------------------


def _process(request: HttpRequest, slug: str) -> Process:
    return planning_selectors.process_for_plan(request.user, slug)


def _plan(process: Process) -> Plan:
    plan = planning_selectors.approved_plan(process)
    if plan is None:
        raise Http404(_("Values are entered for an approved plan; this process has none yet."))
    return plan


def entries_url(process: Process, period: str = "", anchor: str = "") -> str:
    url = reverse("manage:monitoring_entries", kwargs={"slug": process.slug})
    if period:
        url += "?" + urlencode({"period": period})
    return url + (f"#{anchor}" if anchor else "")


def queue_url(process: Process) -> str:
    return reverse("manage:monitoring_review", kwargs={"slug": process.slug})


def crumbs(process: Process) -> list[tuple[str, str]]:
    trail = [(_("Back office"), reverse("manage:dashboard"))]
    if process.organisation_id is not None:
        trail.append((process.title, reverse("manage:process", kwargs={"slug": process.slug})))
    return trail


def _message(error: ValidationError | PermissionDenied) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("You are not allowed to do this.")


def target_of(indicator: Indicator, period: str) -> float | None:
    target = (indicator.targets or {}).get(str(realisation.period_year(period)))
    return None if target is None else float(target)


def rate_of(indicator: Indicator, period: str, value: float | None) -> realisation.Rate:
    """The realisation rate ``value`` would give (None without a baseline or a target)."""
    target = target_of(indicator, period)
    if value is None or target is None or indicator.baseline is None:
        return realisation.Rate(None, None)
    return realisation.indicator_rate(
        baseline=float(indicator.baseline), target=target, actual=value, direction=indicator.direction
    )


@dataclass
class Card:
    """One indicator on the entry page: what it is, its value so far and the form to change it."""

    indicator: Indicator
    target: float | None
    measurement: Measurement | None
    form: MeasurementForm | None
    rate: realisation.Rate
    can_enter: bool

    @property
    def editable(self) -> bool:
        return self.can_enter and (self.measurement is None or self.measurement.state in services.EDITABLE)


def _number_text(value: float) -> str:
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _cards(
    request: HttpRequest, plan: Plan, period: str, bound: tuple[int, MeasurementForm] | None = None
) -> list[Card]:
    cards = []
    for entry in selectors.entries(request.user, plan, period):
        indicator, measurement = entry.indicator, entry.measurement
        can_enter = request.user.has_perm(ENTER, indicator)
        form: MeasurementForm | None = None
        if bound is not None and bound[0] == indicator.pk:
            form = bound[1]
        elif can_enter and (measurement is None or measurement.state in services.EDITABLE):
            initial = {}
            if measurement is not None:
                initial = {
                    "value": _number_text(measurement.value),
                    "note": measurement.note,
                    "evidence_link": measurement.evidence_link,
                }
            form = MeasurementForm(initial=initial, prefix_id=indicator.pk)
        value = measurement.value if measurement is not None else None
        if form is not None and form.is_bound:
            value = parse_number(str(form.data.get("value", "")))
        cards.append(Card(indicator, entry.target, measurement, form, rate_of(indicator, period, value), can_enter))
    return cards


def _entries_page(
    request: HttpRequest,
    process: Process,
    plan: Plan,
    period: str,
    *,
    bound: tuple[int, MeasurementForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    periods = selectors.periods_of(plan)
    cards = _cards(request, plan, period, bound)
    context = {
        "process": process,
        "plan": plan,
        "periods": periods,
        "period": period,
        "cards": cards,
        "can_review": request.user.has_perm("core.manage_organisation", process),
        "queue_count": selectors.queue_count(process)
        if request.user.has_perm("core.manage_organisation", process)
        else 0,
        "breadcrumbs": crumbs(process),
    }
    return render(request, "monitoring/entries.html", context, status=status)


# --- the entry page -----------------------------------------------------------------------------------


@require_GET
@backoffice_view
def entries(request: HttpRequest, slug: str) -> HttpResponse:
    """«Gösterge değerleri»: the indicators this person reports on, in one period."""
    process = _process(request, slug)
    plan = planning_selectors.approved_plan(process)
    if plan is None:
        context = {
            "process": process,
            "latest": planning_selectors.latest_plan(process),
            "can_see_plan": request.user.has_perm("planning.view_plan", process),
            "breadcrumbs": crumbs(process),
        }
        return render(request, "monitoring/no_plan.html", context)
    periods = selectors.periods_of(plan)
    period = request.GET.get("period", "")
    if period not in periods:
        done, total = selectors.reported_counts(request.user, plan)
        period = selectors.default_period(periods, timezone.localdate(), done, total) or ""
    return _entries_page(request, process, plan, period)


@require_POST
@backoffice_view
def entry_save(request: HttpRequest, slug: str, period: str, pk: int) -> HttpResponse:
    """Save one indicator's value as a draft (``action=save``) or save and submit it
    (``action=submit``); errors come back on the card."""
    process = _process(request, slug)
    plan = _plan(process)
    indicator = selectors.indicator_of_plan(plan, pk)
    actor = acting_user(request)
    if not actor.has_perm(ENTER, indicator):
        raise PermissionDenied(_("You are not allowed to do this."))
    if period not in selectors.periods_of(plan):
        raise Http404(_("This plan has no such period."))
    form = MeasurementForm(request.POST, request.FILES, prefix_id=pk)
    submit = request.POST.get("action") == "submit"
    if form.is_valid():
        try:
            ratelimit.check(WRITE_SCOPE, request)
            with transaction.atomic():
                measurement = services.measurement_enter(
                    actor=actor,
                    indicator=indicator,
                    period=period,
                    data=form.cleaned_data,
                    evidence_file=form.cleaned_data.get("evidence_file"),
                )
                if submit:
                    services.measurement_submit(actor=actor, measurement=measurement)
        except ratelimit.RateLimited as limited:
            form.add_error(None, limited.message)
            return _entries_page(request, process, plan, period, bound=(pk, form), status=429)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if submit:
                messages.success(
                    request, _("%(code)s: the value was sent to the strategy team.") % {"code": indicator.code}
                )
            else:
                messages.success(request, _("%(code)s: the value was saved as a draft.") % {"code": indicator.code})
            return redirect(entries_url(process, period, f"ind-{indicator.pk}"))
    return _entries_page(request, process, plan, period, bound=(pk, form), status=400)


def _add_errors(form: MeasurementForm, error: ValidationError) -> None:
    """A service's refusal on the form: on its field when the form has it, else above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@require_GET
@backoffice_view
def entry_preview(request: HttpRequest, slug: str, period: str, pk: int) -> HttpResponse:
    """The realisation a typed value would give (htmx, as the value is typed)."""
    process = _process(request, slug)
    indicator = selectors.indicator_of_plan(_plan(process), pk)
    if not request.user.has_perm(VIEW, indicator):
        raise PermissionDenied(_("You are not allowed to do this."))
    value = parse_number(request.GET.get("value", "")[:64])
    context = {"rate": rate_of(indicator, period, value), "typed": bool(request.GET.get("value", "").strip())}
    return render(request, "monitoring/_preview.html", context)


@require_GET
def evidence_download(request: HttpRequest, slug: str, pk: int) -> HttpResponseBase:
    """A value's evidence file, for the organisation's staff only, always as an attachment (the
    back office's check by hand: ``backoffice_view`` wraps views that render a page)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm("core.access_backoffice"):
        raise PermissionDenied(_("The back office is for the municipality's staff."))
    measurement = selectors.measurement_of_process(_process(request, slug), pk)
    if not request.user.has_perm(VIEW, measurement.indicator):
        raise PermissionDenied(_("You are not allowed to do this."))
    if not measurement.evidence_file:
        raise Http404(_("This value has no evidence file."))
    try:
        handle = measurement.evidence_file.open("rb")
    except FileNotFoundError:
        raise Http404(_("This value has no evidence file.")) from None
    name = measurement.evidence_file.name.rsplit("/", 1)[-1]
    response = FileResponse(
        handle, as_attachment=True, filename=f"{measurement.indicator.code}-{measurement.period}-{name}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- the review queue -------------------------------------------------------------------------------


@dataclass
class QueueRow:
    measurement: Measurement
    target: float | None
    rate: realisation.Rate


def _require_reviewer(request: HttpRequest, process: Process) -> None:
    if not request.user.has_perm("core.manage_organisation", process):
        raise PermissionDenied(_("Only the strategy team reviews values."))


def _queue_page(request: HttpRequest, process: Process, *, status: int = 200, **extra: Any) -> HttpResponse:
    rows = [
        QueueRow(m, target_of(m.indicator, m.period), rate_of(m.indicator, m.period, m.value))
        for m in selectors.review_queue(process).select_related("indicator__goal__aim")
    ]
    context = {"process": process, "rows": rows, "breadcrumbs": crumbs(process), **extra}
    return render(request, "monitoring/review.html", context, status=status)


@require_GET
@backoffice_view
def review(request: HttpRequest, slug: str) -> HttpResponse:
    """«Onay bekleyen değerler»: submitted values, oldest first."""
    process = _process(request, slug)
    _require_reviewer(request, process)
    return _queue_page(request, process)


@require_POST
@backoffice_view
def approve(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = _process(request, slug)
    measurement = selectors.measurement_of_process(process, pk)
    actor = acting_user(request)
    if not actor.has_perm(REVIEW, measurement.indicator):
        raise PermissionDenied(_("Only the strategy team reviews values."))
    try:
        ratelimit.check(WRITE_SCOPE, request)
        services.measurement_approve(actor=actor, measurement=measurement)
    except ratelimit.RateLimited as limited:
        messages.error(request, limited.message)
    except ValidationError as error:
        messages.error(request, _message(error))
    else:
        messages.success(
            request,
            _("%(code)s %(period)s: the value was approved and locked.")
            % {"code": measurement.indicator.code, "period": measurement.period},
        )
    return redirect(queue_url(process))


@backoffice_view
def return_value(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Send a value back with what to correct (the comment is required)."""
    process = _process(request, slug)
    measurement = selectors.measurement_of_process(process, pk)
    actor = acting_user(request)
    if not actor.has_perm(REVIEW, measurement.indicator):
        raise PermissionDenied(_("Only the strategy team reviews values."))
    form = ReturnForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                ratelimit.check(WRITE_SCOPE, request)
                services.measurement_return(actor=actor, measurement=measurement, comment=form.cleaned_data["comment"])
            except ratelimit.RateLimited as limited:
                form.add_error(None, limited.message)
                status = 429
            except ValidationError as error:
                form.add_error(None, ValidationError(error.messages))
            else:
                messages.success(
                    request,
                    _("%(code)s %(period)s: the value was returned to its unit.")
                    % {"code": measurement.indicator.code, "period": measurement.period},
                )
                return redirect(queue_url(process))
    context = {
        "process": process,
        "measurement": measurement,
        "form": form,
        "breadcrumbs": [*crumbs(process), (_("Values awaiting approval"), queue_url(process))],
    }
    return render(request, "monitoring/return.html", context, status=status)


@require_POST
@backoffice_view
def approve_selected(request: HttpRequest, slug: str) -> HttpResponse:
    """Approve the ticked values after a confirmation page; all of them or none."""
    process = _process(request, slug)
    _require_reviewer(request, process)
    ids = sorted(
        {int(v) for v in request.POST.getlist("selected")[:BULK_MAX] if v.isascii() and v.isdecimal() and len(v) < 19}
    )
    chosen = list(selectors.review_queue(process).filter(pk__in=ids))
    if not chosen:
        messages.error(request, _("Tick the values to approve first."))
        return redirect(queue_url(process))
    if request.POST.get("confirmed") != "1":
        context = {
            "process": process,
            "chosen": chosen,
            "breadcrumbs": [*crumbs(process), (_("Values awaiting approval"), queue_url(process))],
        }
        return render(request, "monitoring/approve_selected.html", context)
    actor = acting_user(request)
    try:
        ratelimit.check(WRITE_SCOPE, request)
        with transaction.atomic():
            for measurement in chosen:
                services.measurement_approve(actor=actor, measurement=measurement)
    except ratelimit.RateLimited as limited:
        messages.error(request, limited.message)
    except ValidationError as error:
        messages.error(request, _("Nothing was approved: %(reason)s") % {"reason": _message(error)})
    else:
        count = len(chosen)
        messages.success(
            request,
            ngettext("%(n)d value was approved and locked.", "%(n)d values were approved and locked.", count)
            % {"n": count},
        )
    return redirect(queue_url(process))
