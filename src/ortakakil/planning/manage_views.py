"""Back office of the strategic plan: the plan's home (versions, what stops it from going to the
council, the way through the council) and the comparison of two versions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ortakakil.core.backoffice import acting_user, backoffice_view, confirm_page
from ortakakil.processes.models import Process

from . import interchange, selectors, services
from .forms import ApprovalForm
from .models import Plan


def plan_url(process: Process) -> str:
    return reverse("manage:plan", kwargs={"slug": process.slug})


def crumbs(process: Process) -> list[tuple[str, str]]:
    return [
        (_("Back office"), reverse("manage:dashboard")),
        (process.title, reverse("manage:process", kwargs={"slug": process.slug})),
        (_("Strategic plan"), plan_url(process)),
    ]


def _plan_process(request: HttpRequest, slug: str) -> Process:
    return selectors.process_for_plan(request.user, slug)


@backoffice_view
def plan_home(request: HttpRequest, slug: str) -> HttpResponse:
    process = _plan_process(request, slug)
    plan = selectors.latest_plan(process)
    context: dict[str, Any] = {
        "process": process,
        "plan": plan,
        "versions": selectors.plans_of(process),
        "can_manage": request.user.has_perm("planning.manage_plan", process),
        "breadcrumbs": crumbs(process)[:-1],
    }
    if plan is not None:
        problems = services.plan_problems(plan)
        context |= {
            "problems": problems,
            "problem_rows": selectors.problem_rows(plan, problems),
            "aims": selectors.aims_with_goals(plan),
            "approval_form": ApprovalForm(),
        }
    return render(request, "planning/manage/plan.html", context)


def _latest(request: HttpRequest, slug: str) -> tuple[Process, Plan]:
    process = _plan_process(request, slug)
    plan = selectors.latest_plan(process)
    if plan is None:
        raise ValidationError(_("This process has no plan yet."))
    return process, plan


@backoffice_view
def plan_submit(request: HttpRequest, slug: str) -> HttpResponse:
    process, plan = _latest(request, slug)
    return confirm_page(
        request,
        title=_("Submit the plan to the council"),
        question=_(
            "Submit version %(number)s of the plan to the council? "
            "It can no longer be edited unless the council returns it."
        )
        % {"number": plan.number},
        action=lambda: services.plan_submit(actor=acting_user(request), plan=plan),
        cancel_url=plan_url(process),
        success_url=plan_url(process),
        success_message=_("The plan was submitted to the council."),
        danger=False,
        confirm_label=_("Submit to the council"),
        note=_("Every change stays in the plan's history."),
        breadcrumbs=crumbs(process),
    )


@backoffice_view
def plan_return(request: HttpRequest, slug: str) -> HttpResponse:
    process, plan = _latest(request, slug)
    return confirm_page(
        request,
        title=_("Return the plan to draft"),
        question=_("Did the council send the plan back for changes? It becomes an editable draft again."),
        action=lambda: services.plan_return_to_draft(actor=acting_user(request), plan=plan),
        cancel_url=plan_url(process),
        success_url=plan_url(process),
        success_message=_("The plan is a draft again."),
        danger=False,
        confirm_label=_("Return to draft"),
        breadcrumbs=crumbs(process),
    )


@require_POST
@backoffice_view
def plan_approve(request: HttpRequest, slug: str) -> HttpResponse:
    process, plan = _latest(request, slug)
    form = ApprovalForm(request.POST)
    if form.is_valid():
        try:
            services.plan_approve(actor=acting_user(request), plan=plan, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The council's approval was recorded; this version is the plan in force."))
            return redirect(plan_url(process))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(plan_url(process))


@backoffice_view
def plan_update(request: HttpRequest, slug: str) -> HttpResponse:
    process, plan = _latest(request, slug)
    return confirm_page(
        request,
        title=_("Update the plan"),
        question=_(
            "Open an update (güncelleme) of the approved plan? A new draft version is made with everything "
            "copied; as the regulation requires, its mission, vision and aims stay as approved."
        ),
        action=lambda: services.plan_start_update(actor=acting_user(request), plan=plan),
        cancel_url=plan_url(process),
        success_url=plan_url(process),
        success_message=_("A new draft version was opened."),
        danger=False,
        confirm_label=_("Open an update"),
        breadcrumbs=crumbs(process),
    )


@backoffice_view
def plan_diff(request: HttpRequest, slug: str) -> HttpResponse:
    process = _plan_process(request, slug)
    versions = list(selectors.plans_of(process))
    numbers = [plan.number for plan in versions]
    after = _version(request, "after", versions, numbers[0] if numbers else 0)
    before = _version(request, "before", versions, after.number - 1 if after else 0)
    changes = []
    if before is not None and after is not None:
        changes = interchange.diff(selectors.plan_as_dict(before), selectors.plan_as_dict(after))
    return render(
        request,
        "planning/manage/diff.html",
        {
            "process": process,
            "versions": versions,
            "before": before,
            "after": after,
            "changes": changes,
            "breadcrumbs": crumbs(process),
        },
    )


def _version(request: HttpRequest, name: str, versions: list[Plan], default: int) -> Plan | None:
    value = request.GET.get(name, "")
    wanted = int(value) if value.isascii() and value.isdecimal() and len(value) < 6 else default
    return next((plan for plan in versions if plan.number == wanted), None)


@backoffice_view
def plan_history(request: HttpRequest, slug: str) -> HttpResponse:
    process = _plan_process(request, slug)
    plan = selectors.latest_plan(process)
    return render(
        request,
        "planning/manage/history.html",
        {
            "process": process,
            "plan": plan,
            "entries": selectors.plan_history(plan) if plan is not None else [],
            "breadcrumbs": crumbs(process),
        },
    )
