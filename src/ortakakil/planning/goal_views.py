"""Back office of the plan's items: aims, the goal card editor (hedef kartı) with its performance
indicators and the contributions each goal answers, and what the plan does not answer yet
(karşılanmayan katkılar).

Every page reads the process's latest plan; every write goes through ``editing`` (or
``services``), which refuses a plan that is no longer a draft."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from ortakakil.core.backoffice import acting_user, backoffice_view, confirm_page, form_page, fresh, posted_id, safe_next
from ortakakil.processes.models import Process

from . import editing, interchange, selectors, services, target_hints
from .forms import AimForm, GoalCardForm, GoalCreateForm, IndicatorForm
from .manage_views import crumbs, plan_url
from .models import Aim, Goal, Indicator, Plan, Source

INDICATOR_PREFIX = "indicator"
MIN_SUPPORTS_DEFAULT = 10
POSTED_IDS_MAX = 500


def _plan(request: HttpRequest, slug: str) -> tuple[Process, Plan]:
    process = selectors.process_for_plan(request.user, slug)
    plan = selectors.latest_plan(process)
    if plan is None:
        raise Http404(_("This process has no plan yet."))
    return process, plan


def _can_edit(request: HttpRequest, process: Process, plan: Plan) -> bool:
    return plan.is_editable and request.user.has_perm("planning.manage_plan", process)


def goal_url(process: Process, code: str, anchor: str = "") -> str:
    url = reverse("manage:plan_goal_edit", kwargs={"slug": process.slug, "code": code})
    return f"{url}#{anchor}" if anchor else url


def aim_url(process: Process, code: str, anchor: str = "") -> str:
    url = reverse("manage:plan_aim_edit", kwargs={"slug": process.slug, "code": code})
    return f"{url}#{anchor}" if anchor else url


def _goal_crumbs(process: Process, goal: Goal) -> list[tuple[str, str]]:
    return [*crumbs(process), (goal.code, goal_url(process, goal.code))]


def _errors_on(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's errors on the form: on their field when the form has one, else above it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _posted_ids(request: HttpRequest) -> list[int]:
    """The contribution ids a form posted (``id``, repeated for a SWOT item); tampered ones dropped."""
    values = request.POST.getlist("id")[:POSTED_IDS_MAX]
    return [int(v) for v in (v.strip() for v in values) if v.isascii() and v.isdecimal() and 0 < len(v) < 19]


def _attach(request: HttpRequest, plan: Plan, *, target: str, item: Aim | Goal | Indicator, back: str) -> HttpResponse:
    try:
        added = editing.sources_attach(
            actor=acting_user(request),
            plan=plan,
            target=target,
            item=item,
            kind=request.POST.get("kind", "")[:40],
            object_ids=_posted_ids(request),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if added:
            messages.success(
                request,
                ngettext(
                    "%(count)d contribution was linked to %(code)s.",
                    "%(count)d contributions were linked to %(code)s.",
                    added,
                )
                % {"count": added, "code": item.code},
            )
        else:
            messages.success(request, _("Already linked to %(code)s.") % {"code": item.code})
    return redirect(safe_next(request, back))


def _detach(
    request: HttpRequest, plan: Plan, *, item: Aim | Goal, pk: int, back: str, breadcrumbs: list[tuple[str, str]]
) -> HttpResponse:
    source = selectors.source_of_item(plan, pk, item=item)
    row = selectors.sources_of(plan, Source.objects.filter(pk=source.pk))[0]
    what = (
        (row.contribution.title or row.contribution.text) if row.contribution else f"{source.kind} {source.object_id}"
    )
    return confirm_page(
        request,
        title=_("Unlink a contribution"),
        question=_("Unlink “%(what)s” from %(code)s? The contribution itself stays.")
        % {"what": what[:200], "code": item.code},
        action=lambda: services.source_remove(actor=acting_user(request), source=source),
        cancel_url=back,
        success_url=back,
        success_message=_("The contribution was unlinked."),
        confirm_label=_("Unlink"),
        breadcrumbs=breadcrumbs,
    )


# --------------------------------------------------------------------------------------------
# Aims
# --------------------------------------------------------------------------------------------


@backoffice_view
def aim_create(request: HttpRequest, slug: str) -> HttpResponse:
    process, plan = _plan(request, slug)
    return form_page(
        request,
        form=AimForm(request.POST or None),
        save=lambda data: editing.aim_create(actor=acting_user(request), plan=plan, **data),
        title=_("New aim"),
        cancel_url=plan_url(process) + "#goals-title",
        success_url=lambda aim: aim_url(process, aim.code),
        success_message=_("The aim was added. Add its goals next."),
        breadcrumbs=crumbs(process),
    )


@backoffice_view
def aim_edit(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    process, plan = _plan(request, slug)
    aim = selectors.aim_in_plan(plan, code)
    initial = {"code": aim.code, "title": aim.title, "weight": aim.weight}
    form = AimForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = editing.aim_update(actor=acting_user(request), aim=fresh(aim), **form.cleaned_data)
        except ValidationError as error:
            _errors_on(form, error)
        else:
            messages.success(request, _("The aim was saved."))
            return redirect(aim_url(process, saved.code))
    can_edit = _can_edit(request, process, plan)
    goals = list(aim.goals.prefetch_related("themes").all())
    themes = list({theme.pk: theme for goal in goals for theme in goal.themes.all()}.values())
    context: dict[str, Any] = {
        "process": process,
        "plan": plan,
        "aim": aim,
        "goals": goals,
        "form": form,
        "can_edit": can_edit,
        "problems": selectors.problems_of_aim(services.plan_problems(plan), aim),
        "sources": selectors.aim_sources(aim),
        "breadcrumbs": crumbs(process),
    }
    if can_edit:
        context["panel"] = selectors.attach_panel(
            plan,
            themes=themes,
            linked=selectors.linked_ids(aim.sources.all()),
            q=request.GET.get("q", ""),
            iq=request.GET.get("iq", ""),
        )
        context["attach_url"] = reverse("manage:plan_aim_source_add", kwargs={"slug": process.slug, "code": aim.code})
    status = 400 if request.method == "POST" else 200
    return render(request, "planning/manage/aim.html", context, status=status)


@backoffice_view
def aim_delete(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    process, plan = _plan(request, slug)
    aim = selectors.aim_in_plan(plan, code)
    goals = aim.goals.count()
    return confirm_page(
        request,
        title=_("Delete the aim"),
        question=ngettext(
            "Delete the aim %(code)s “%(title)s” with its %(count)d goal, their indicators and their links?",
            "Delete the aim %(code)s “%(title)s” with its %(count)d goals, their indicators and their links?",
            goals,
        )
        % {"code": aim.code, "title": aim.title, "count": goals},
        action=lambda: editing.aim_delete(actor=acting_user(request), aim=aim),
        cancel_url=aim_url(process, aim.code),
        success_url=plan_url(process) + "#goals-title",
        success_message=_("The aim was deleted."),
        breadcrumbs=crumbs(process),
    )


@require_POST
@backoffice_view
def aim_source_add(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    process, plan = _plan(request, slug)
    aim = selectors.aim_in_plan(plan, code)
    return _attach(request, plan, target=Source.Target.AIM, item=aim, back=aim_url(process, aim.code, "sources"))


@backoffice_view
def aim_source_remove(request: HttpRequest, slug: str, code: str, pk: int) -> HttpResponse:
    process, plan = _plan(request, slug)
    aim = selectors.aim_in_plan(plan, code)
    back = aim_url(process, aim.code, "sources")
    return _detach(request, plan, item=aim, pk=pk, back=back, breadcrumbs=crumbs(process))


# --------------------------------------------------------------------------------------------
# Goals: the goal card editor
# --------------------------------------------------------------------------------------------


@backoffice_view
def goal_create(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    process, plan = _plan(request, slug)
    aim = selectors.aim_in_plan(plan, code)
    return form_page(
        request,
        form=GoalCreateForm(request.POST or None),
        save=lambda data: editing.goal_create(actor=acting_user(request), aim=aim, **data),
        title=_("New goal under %(code)s") % {"code": aim.code},
        cancel_url=aim_url(process, aim.code),
        success_url=lambda goal: goal_url(process, goal.code),
        success_message=_("The goal was added. Fill in its goal card and add its indicators."),
        breadcrumbs=crumbs(process),
    )


def _goal_card(
    request: HttpRequest,
    process: Process,
    plan: Plan,
    goal: Goal,
    *,
    card_form: GoalCardForm | None = None,
    indicator_form: IndicatorForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_edit = _can_edit(request, process, plan)
    indicators = selectors.indicator_rows(goal, plan.years)
    weight_total = sum(row.indicator.weight for row in indicators)
    context: dict[str, Any] = {
        "process": process,
        "plan": plan,
        "goal": goal,
        "years": plan.years,
        "can_edit": can_edit,
        "problems": selectors.problems_of_goal(services.plan_problems(plan), goal),
        "indicators": indicators,
        "weight_total": weight_total,
        "weight_ok": abs(weight_total - 100) <= interchange.WEIGHT_TOLERANCE,
        "costs": selectors.cost_rows(goal, plan.years),
        "sources": selectors.goal_sources(goal),
        "breadcrumbs": crumbs(process),
    }
    if can_edit:
        context |= {
            "form": card_form or GoalCardForm(goal=goal, plan=plan),
            "indicator_form": indicator_form or IndicatorForm(plan=plan, prefix=INDICATOR_PREFIX),
            "panel": selectors.attach_panel(
                plan,
                themes=list(goal.themes.all()),
                linked=selectors.linked_ids(goal.sources.all()),
                q=request.GET.get("q", ""),
                iq=request.GET.get("iq", ""),
            ),
            "attach_url": reverse("manage:plan_goal_source_add", kwargs={"slug": process.slug, "code": goal.code}),
        }
    return render(request, "planning/manage/goal.html", context, status=status)


@backoffice_view
def goal_edit(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    process, plan = _plan(request, slug)
    goal = selectors.goal_in_plan(plan, code)
    if request.method != "POST":
        return _goal_card(request, process, plan, goal)
    form = GoalCardForm(request.POST, goal=goal, plan=plan)
    if form.is_valid():
        try:
            saved = editing.goal_update(actor=acting_user(request), goal=fresh(goal), data=form.service_data())
        except ValidationError as error:
            _errors_on(form, error)
        else:
            messages.success(request, _("The goal card was saved."))
            return redirect(goal_url(process, saved.code))
    return _goal_card(request, process, plan, goal, card_form=form, status=400)


@backoffice_view
def goal_delete(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    process, plan = _plan(request, slug)
    goal = selectors.goal_in_plan(plan, code)
    return confirm_page(
        request,
        title=_("Delete the goal"),
        question=_("Delete the goal %(code)s “%(title)s” with its indicators and the links to its sources?")
        % {"code": goal.code, "title": goal.title},
        action=lambda: editing.goal_delete(actor=acting_user(request), goal=goal),
        cancel_url=goal_url(process, goal.code),
        success_url=aim_url(process, goal.aim.code),
        success_message=_("The goal was deleted."),
        breadcrumbs=_goal_crumbs(process, goal),
    )


@require_POST
@backoffice_view
def goal_source_add(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    process, plan = _plan(request, slug)
    goal = selectors.goal_in_plan(plan, code)
    return _attach(request, plan, target=Source.Target.GOAL, item=goal, back=goal_url(process, goal.code, "sources"))


@backoffice_view
def goal_source_remove(request: HttpRequest, slug: str, code: str, pk: int) -> HttpResponse:
    process, plan = _plan(request, slug)
    goal = selectors.goal_in_plan(plan, code)
    back = goal_url(process, goal.code, "sources")
    return _detach(request, plan, item=goal, pk=pk, back=back, breadcrumbs=_goal_crumbs(process, goal))


# --------------------------------------------------------------------------------------------
# Indicators
# --------------------------------------------------------------------------------------------


@require_POST
@backoffice_view
def indicator_create(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    process, plan = _plan(request, slug)
    goal = selectors.goal_in_plan(plan, code)
    form = IndicatorForm(request.POST, plan=plan, prefix=INDICATOR_PREFIX)
    if form.is_valid():
        try:
            indicator = editing.indicator_create(actor=acting_user(request), goal=goal, data=form.service_data())
        except ValidationError as error:
            _errors_on(form, error)
        else:
            messages.success(request, _("The indicator %(code)s was added.") % {"code": indicator.code})
            return redirect(goal_url(process, goal.code, "indicators"))
    return _goal_card(request, process, plan, goal, indicator_form=form, status=400)


@backoffice_view
def indicator_edit(request: HttpRequest, slug: str, code: str, indicator: str) -> HttpResponse:
    process, plan = _plan(request, slug)
    goal = selectors.goal_in_plan(plan, code)
    item = selectors.indicator_in_goal(goal, indicator)
    can_edit = _can_edit(request, process, plan)
    hint = target_hints.hint_for(item) if can_edit else None
    suggested = hint.targets if hint is not None else {}
    # «Önerilen hedefleri forma aktar»: the form opens with the suggested targets, to review and save.
    initial = (
        {f"target_{year}": value for year, value in suggested.items()} if request.GET.get("suggested") == "1" else {}
    )
    form = IndicatorForm(request.POST or None, plan=plan, indicator=item, prefix=INDICATOR_PREFIX)
    for name, value in initial.items():
        if name in form.fields:
            form.initial[name] = value
    if request.method == "POST" and form.is_valid():
        try:
            editing.indicator_update(actor=acting_user(request), indicator=fresh(item), data=form.service_data())
        except ValidationError as error:
            _errors_on(form, error)
        else:
            messages.success(request, _("The indicator was saved."))
            return redirect(goal_url(process, goal.code, "indicators"))
    return render(
        request,
        "planning/manage/indicator.html",
        {
            "process": process,
            "plan": plan,
            "goal": goal,
            "indicator": item,
            "form": form,
            "can_edit": can_edit,
            "hint": hint,
            "hint_rows": [(year, item.targets.get(year), value) for year, value in suggested.items()],
            "suggested_applied": bool(initial),
            "breadcrumbs": _goal_crumbs(process, goal),
        },
        status=400 if request.method == "POST" else 200,
    )


@backoffice_view
def indicator_delete(request: HttpRequest, slug: str, code: str, indicator: str) -> HttpResponse:
    process, plan = _plan(request, slug)
    goal = selectors.goal_in_plan(plan, code)
    item = selectors.indicator_in_goal(goal, indicator)
    return confirm_page(
        request,
        title=_("Delete the indicator"),
        question=_("Delete the indicator %(code)s “%(title)s” from the goal %(goal)s?")
        % {"code": item.code, "title": item.title, "goal": goal.code},
        action=lambda: editing.indicator_delete(actor=acting_user(request), indicator=item),
        cancel_url=goal_url(process, goal.code, "indicators"),
        success_url=goal_url(process, goal.code, "indicators"),
        success_message=_("The indicator was deleted."),
        breadcrumbs=_goal_crumbs(process, goal),
    )


# --------------------------------------------------------------------------------------------
# Karşılanmayan katkılar
# --------------------------------------------------------------------------------------------


def _min_supports(request: HttpRequest) -> int:
    value = request.GET.get("min", "")
    return int(value) if value.isascii() and value.isdecimal() and len(value) < 7 else MIN_SUPPORTS_DEFAULT


@backoffice_view
def unanswered(request: HttpRequest, slug: str) -> HttpResponse:
    process, plan = _plan(request, slug)
    can_edit = _can_edit(request, process, plan)
    return render(
        request,
        "planning/manage/unanswered.html",
        {
            "process": process,
            "plan": plan,
            "found": selectors.unanswered(plan, min_supports=_min_supports(request)),
            "goals": list(selectors.goals_of(plan)) if can_edit else [],
            "can_edit": can_edit,
            "breadcrumbs": crumbs(process),
        },
    )


@require_POST
@backoffice_view
def unanswered_attach(request: HttpRequest, slug: str) -> HttpResponse:
    process, plan = _plan(request, slug)
    back = reverse("manage:plan_unanswered", kwargs={"slug": process.slug})
    goal_id = posted_id(request, "goal")
    if not goal_id:
        messages.error(request, _("Choose the goal that answers it."))
        return redirect(safe_next(request, back))
    goal = selectors.goal_by_pk(plan, goal_id)
    return _attach(request, plan, target=Source.Target.GOAL, item=goal, back=back)
