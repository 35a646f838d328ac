"""Back office of the situation analysis (durum analizi) and of looking ahead (geleceğe bakış):
the workspace with every analysis section, the stakeholder priorities, the SWOT items of the
workshop tables and the findings and needs table; the mission, vision, core values and foreword
with their history; and attaching contributions as sources to any part of the plan
(``plan_source_attach`` / ``plan_source_remove``, with the include
``planning/manage/_plan_sources.html``).

Every page works on the latest version of the plan; once it is submitted or approved the pages
only read, and the services refuse to write."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ortakakil.core.backoffice import acting_user, backoffice_view, confirm_page, form_page, fresh, posted_id, safe_next
from ortakakil.processes.models import Process

from . import analysis, selectors, services
from .forms import AnalysisItemForm, FindingForm, PlanTextsForm, SourceAttachForm, SourceSearchForm
from .manage_views import crumbs, plan_url
from .models import AnalysisItem, Plan, Source


def workspace_url(process: Process, anchor: str = "") -> str:
    return reverse("manage:plan_analysis", kwargs={"slug": process.slug}) + (f"#{anchor}" if anchor else "")


def ahead_url(process: Process, anchor: str = "") -> str:
    return reverse("manage:plan_ahead", kwargs={"slug": process.slug}) + (f"#{anchor}" if anchor else "")


def _crumbs(process: Process) -> list[tuple[str, str]]:
    return [*crumbs(process), (_("Situation analysis"), workspace_url(process))]


def _plan_process(request: HttpRequest, slug: str) -> Process:
    return selectors.process_for_plan(request.user, slug)


def _latest(request: HttpRequest, slug: str) -> tuple[Process, Plan]:
    process = _plan_process(request, slug)
    plan = selectors.latest_plan(process)
    if plan is None:
        raise Http404(_("This process has no plan yet."))
    return process, plan


def _can_edit(request: HttpRequest, process: Process, plan: Plan | None) -> bool:
    return plan is not None and plan.is_editable and request.user.has_perm("planning.manage_plan", process)


def _refused(request: HttpRequest, plan: Plan, back: str) -> HttpResponse | None:
    """Before showing a form: a plan that is no longer a draft sends the user back with the
    reason (the services refuse it too); someone who may not edit the plan gets a 403."""
    try:
        services.require_editable(acting_user(request), plan)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    return None


# --------------------------------------------------------------------------------------------
# The workspace
# --------------------------------------------------------------------------------------------


@backoffice_view
def analysis_workspace(request: HttpRequest, slug: str) -> HttpResponse:
    process = _plan_process(request, slug)
    plan = selectors.latest_plan(process)
    theme_code = selectors.theme_code_of(process, request.GET.get("theme", "")[:40])
    return render(
        request,
        "planning/manage/analysis.html",
        {
            "process": process,
            "plan": plan,
            "workspace": selectors.analysis_workspace(plan, theme_code=theme_code) if plan else None,
            "can_edit": _can_edit(request, process, plan),
            "can_manage": request.user.has_perm("planning.manage_plan", process),
            "can_manage_themes": request.user.has_perm("textmine.manage_themes", process),
            "breadcrumbs": crumbs(process),
        },
    )


@backoffice_view
def analysis_item_create(request: HttpRequest, slug: str, section: str) -> HttpResponse:
    process, plan = _latest(request, slug)
    section = selectors.analysis_section(section)
    back = workspace_url(process, section)
    if refused := _refused(request, plan, back):
        return refused
    return form_page(
        request,
        form=AnalysisItemForm(request.POST or None, section=section),
        save=lambda data: analysis.analysis_item_create(
            actor=acting_user(request), plan=plan, section=section, data=data
        ),
        title=_("New row: %(section)s") % {"section": AnalysisItem.Section(section).label},
        cancel_url=back,
        success_url=lambda item: workspace_url(process, f"item-{item.pk}"),
        success_message=_("The row was added."),
        breadcrumbs=_crumbs(process),
    )


@backoffice_view
def analysis_item_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process, plan = _latest(request, slug)
    item = selectors.analysis_item_in_plan(plan, pk)
    back = workspace_url(process, f"item-{item.pk}")
    if refused := _refused(request, plan, back):
        return refused
    return form_page(
        request,
        form=AnalysisItemForm(request.POST or None, section=item.section, initial=AnalysisItemForm.initial_for(item)),
        save=lambda data: analysis.analysis_item_update(actor=acting_user(request), item=fresh(item), data=data),
        title=_("Edit row: %(section)s") % {"section": item.get_section_display()},
        cancel_url=back,
        success_url=lambda saved: back,
        success_message=_("The row was saved."),
        breadcrumbs=_crumbs(process),
    )


@backoffice_view
def analysis_item_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process, plan = _latest(request, slug)
    item = selectors.analysis_item_in_plan(plan, pk)
    return confirm_page(
        request,
        title=_("Delete row"),
        question=_("Delete the row “%(title)s” from “%(section)s”? Its links to contributions go with it.")
        % {"title": Truncator(item.title).chars(120), "section": item.get_section_display()},
        action=lambda: analysis.analysis_item_delete(actor=acting_user(request), item=item),
        cancel_url=workspace_url(process, f"item-{item.pk}"),
        success_url=workspace_url(process, item.section),
        success_message=_("The row was deleted."),
        breadcrumbs=_crumbs(process),
    )


@require_POST
@backoffice_view
def swot_adopt(request: HttpRequest, slug: str) -> HttpResponse:
    """«Analize ekle»: a SWOT item of the workshop tables becomes a row of the SWOT analysis."""
    process, plan = _latest(request, slug)
    theme_code = selectors.theme_code_of(process, request.POST.get("theme", "")[:40])
    back = workspace_url(process)
    if theme_code:
        back = f"{back}?{urlencode({'theme': theme_code})}"
    idea_id = posted_id(request, "idea")
    try:
        item = analysis.swot_item_adopt(actor=acting_user(request), plan=plan, idea_id=idea_id, theme_code=theme_code)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(f"{back}#swot-workshops")
    messages.success(
        request,
        _("“%(title)s” is in the SWOT analysis, with the workshop ideas behind it as its sources.")
        % {"title": Truncator(item.title).chars(120)},
    )
    return redirect(f"{back}#swot-idea-{idea_id}")


# --------------------------------------------------------------------------------------------
# Findings and needs
# --------------------------------------------------------------------------------------------


@backoffice_view
def finding_create(request: HttpRequest, slug: str) -> HttpResponse:
    process, plan = _latest(request, slug)
    back = workspace_url(process, "findings")
    if refused := _refused(request, plan, back):
        return refused
    return form_page(
        request,
        form=FindingForm(request.POST or None),
        save=lambda data: analysis.finding_create(actor=acting_user(request), plan=plan, data=data),
        title=_("New finding and need"),
        cancel_url=back,
        success_url=lambda finding: workspace_url(process, f"finding-{finding.pk}"),
        success_message=_("The finding was added. Attach the contributions it rests on."),
        breadcrumbs=_crumbs(process),
    )


@backoffice_view
def finding_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process, plan = _latest(request, slug)
    finding = selectors.finding_in_plan(plan, pk)
    back = workspace_url(process, f"finding-{finding.pk}")
    if refused := _refused(request, plan, back):
        return refused
    initial = {"section": finding.section, "finding": finding.finding, "need": finding.need}
    return form_page(
        request,
        form=FindingForm(request.POST or None, initial=initial),
        save=lambda data: analysis.finding_update(actor=acting_user(request), finding=fresh(finding), data=data),
        title=_("Edit finding and need"),
        cancel_url=back,
        success_url=lambda saved: back,
        success_message=_("The finding was saved."),
        breadcrumbs=_crumbs(process),
    )


@backoffice_view
def finding_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process, plan = _latest(request, slug)
    finding = selectors.finding_in_plan(plan, pk)
    return confirm_page(
        request,
        title=_("Delete finding"),
        question=_("Delete the finding “%(finding)s”? Its links to contributions go with it.")
        % {"finding": Truncator(finding.finding).chars(120)},
        action=lambda: analysis.finding_delete(actor=acting_user(request), finding=finding),
        cancel_url=workspace_url(process, f"finding-{finding.pk}"),
        success_url=workspace_url(process, "findings"),
        success_message=_("The finding was deleted."),
        breadcrumbs=_crumbs(process),
    )


# --------------------------------------------------------------------------------------------
# Looking ahead: mission, vision, core values, foreword
# --------------------------------------------------------------------------------------------

AHEAD_TARGETS = (Source.Target.MISSION, Source.Target.VISION, Source.Target.VALUES)


@backoffice_view
def plan_ahead(request: HttpRequest, slug: str) -> HttpResponse:
    process = _plan_process(request, slug)
    plan = selectors.latest_plan(process)
    can_edit = _can_edit(request, process, plan)
    context: dict[str, Any] = {
        "process": process,
        "plan": plan,
        "can_edit": can_edit,
        "breadcrumbs": crumbs(process),
    }
    if plan is None:
        return render(request, "planning/manage/ahead.html", context)
    locked = plan.kind == Plan.Kind.UPDATE
    form = PlanTextsForm(request.POST or None, initial=PlanTextsForm.initial_for(plan), locked=locked)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                analysis.plan_texts_update(actor=acting_user(request), plan=fresh(plan), data=form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The mission, vision, values and foreword were saved."))
                return redirect(ahead_url(process))
        status = 400
    context |= {
        "form": form,
        "locked": locked,
        "sources": [
            (target, Source.Target(target).label, selectors.item_sources(plan, target)) for target in AHEAD_TARGETS
        ],
        "history": selectors.plan_text_history(plan),
    }
    return render(request, "planning/manage/ahead.html", context, status=status)


# --------------------------------------------------------------------------------------------
# Sources: the contributions a part of the plan answers
# --------------------------------------------------------------------------------------------


def _item_label(target: str, item: Any) -> str:
    if isinstance(item, AnalysisItem):
        return f"{item.get_section_display()}: {Truncator(item.title).chars(100)}"
    if item is None:
        return str(Source.Target(target).label)
    if target == Source.Target.FINDING:
        return _("Finding: %(text)s") % {"text": Truncator(item.finding).chars(100)}
    return str(item)


def _source_back(process: Process, target: str, item: Any) -> str:
    """Where the part of the plan a source belongs to is shown."""
    if target == Source.Target.ANALYSIS and item is not None:
        return workspace_url(process, f"item-{item.pk}")
    if target == Source.Target.FINDING and item is not None:
        return workspace_url(process, f"finding-{item.pk}")
    if target in AHEAD_TARGETS:
        return ahead_url(process, f"sources-{target}")
    return plan_url(process)


@backoffice_view
def source_attach(request: HttpRequest, slug: str, target: str, item: int | None = None) -> HttpResponse:
    """Attach contributions to a part of the plan: search the proposals and workshop ideas by
    text, or give a contribution's kind and number. ``target`` is a ``Source.Target`` (the
    mission, vision and values have no ``item``)."""
    process, plan = _latest(request, slug)
    obj = selectors.source_item(plan, target, item)
    back = safe_next(request, _source_back(process, target, obj))
    if request.method == "POST":
        form = SourceAttachForm(request.POST)
        if form.is_valid():
            try:
                services.source_add(
                    actor=acting_user(request),
                    plan=plan,
                    target=target,
                    item=obj,
                    kind=form.cleaned_data["kind"],
                    object_id=form.cleaned_data["object_id"],
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("The contribution was attached as a source."))
        else:
            messages.error(request, _("Choose the kind of contribution and give its number."))
        return redirect(request.get_full_path())
    sources = selectors.item_sources(plan, target, obj)
    search = SourceSearchForm(request.GET if "q" in request.GET else None, auto_id="search-%s")
    results = []
    if search.is_valid():
        results = selectors.contribution_search(
            process, kind=search.cleaned_data["kind"], query=search.cleaned_data["q"]
        )
    attached = {(row.source.kind, row.source.object_id) for row in sources}
    return render(
        request,
        "planning/manage/sources.html",
        {
            "process": process,
            "plan": plan,
            "target": target,
            "item": obj,
            "item_label": _item_label(target, obj),
            "sources": sources,
            "search": search,
            "results": [(result, (result.kind, result.pk) in attached) for result in results],
            "attach_form": SourceAttachForm(auto_id="attach-%s"),
            "back": back,
            "can_edit": _can_edit(request, process, plan),
            "breadcrumbs": _crumbs(process),
        },
    )


@backoffice_view
def source_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process, plan = _latest(request, slug)
    source = selectors.source_in_plan(plan, pk)
    back = safe_next(request, _source_back(process, source.target, source.item))
    kind = str(selectors.KIND_LABELS.get(source.kind, source.kind))
    return confirm_page(
        request,
        title=_("Remove source"),
        question=_("Remove the link between %(kind)s no. %(number)s and “%(item)s”? The contribution itself stays.")
        % {"kind": kind, "number": source.object_id, "item": _item_label(source.target, source.item)},
        action=lambda: services.source_remove(actor=acting_user(request), source=source),
        cancel_url=back,
        success_url=back,
        success_message=_("The source was removed."),
        confirm_label=_("Remove"),
        breadcrumbs=_crumbs(process),
    )
