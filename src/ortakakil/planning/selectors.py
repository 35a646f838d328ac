"""Reads of the strategic plan: the plan of a process, a plan as the interchange dict, what each
contribution became (traceability) and what no goal answers yet, the situation analysis
workspace and the history of the mission, vision and values."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, Prefetch, Q, QuerySet, Value, When
from django.http import Http404
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ortakakil.core.db import turkish_order
from ortakakil.processes import contributions
from ortakakil.processes.models import Process
from ortakakil.processes.traceability import Fate, PlanItem

from . import analysis_layout
from .interchange import Problem
from .models import Aim, AnalysisItem, Finding, Goal, Indicator, Plan, Source


def require_view(user: Any, process: Process) -> None:
    """Staff of the process's organisation read its plan in the back office."""
    if not user.has_perm("planning.view_plan", process):
        raise PermissionDenied(_("Only the municipality's staff read the plan's back office."))


def process_for_plan(user: Any, slug: str) -> Process:
    """The process named in a back-office address of the plan, for a reader of its plan."""
    process = Process.objects.select_related("organisation").filter(slug=slug).first()
    if process is None:
        raise Http404(_("No such process."))
    require_view(user, process)
    return process


def plans_of(process: Process) -> QuerySet[Plan]:
    return process.plans.order_by("-number")


def latest_plan(process: Process) -> Plan | None:
    """The newest version (draft, submitted or approved)."""
    return plans_of(process).first()


def approved_plan(process: Process) -> Plan | None:
    """The plan in force: the newest approved version."""
    return plans_of(process).filter(status=Plan.Status.APPROVED).first()


def public_plan(process: Process) -> Plan | None:
    """What the public reads: the plan in force (the newest approved version), or else the newest
    version (a draft is shown as a draft: the plan is prepared in the open). One query."""
    in_force_first = Case(When(status=Plan.Status.APPROVED, then=Value(0)), default=Value(1))
    return process.plans.select_related("process").order_by(in_force_first, "-number").first()


def plan_by_number(process: Process, number: int) -> Plan:
    plan = process.plans.filter(number=number).first()
    if plan is None:
        raise Http404(_("No such plan version."))
    return plan


def aims_with_goals(plan: Plan) -> QuerySet[Aim]:
    """The plan's aims with their goals, indicators, units and themes, in order (few queries)."""
    goals = (
        Goal.objects.select_related("responsible_unit")
        .prefetch_related(
            "cooperating_units", "themes", Prefetch("indicators", Indicator.objects.order_by("position", "id"))
        )
        .order_by("position", "id")
    )
    return plan.aims.prefetch_related(Prefetch("goals", goals)).order_by("position", "id")


def goal_in_plan(plan: Plan, code: str) -> Goal:
    goal = (
        Goal.objects.select_related("aim", "responsible_unit")
        .prefetch_related("cooperating_units", "themes", "indicators")
        .filter(aim__plan=plan, code=code)
        .first()
    )
    if goal is None:
        raise Http404(_("No such goal in this plan."))
    return goal


def _number(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def plan_as_dict(plan: Plan, *, sources: bool = True, meta: bool = False) -> dict[str, Any]:
    """``plan`` in the interchange format (docs/plan-interchange.md). ``meta`` adds the
    organisation and the version; the situation analysis is always there when it has rows."""
    process = plan.process
    by_item: dict[tuple[str, int | None], list[dict[str, Any]]] = defaultdict(list)
    if sources:
        for source in plan.sources.filter(target__in=[Source.Target.AIM, Source.Target.GOAL]).order_by("id"):
            item_id = source.aim_id if source.target == Source.Target.AIM else source.goal_id
            by_item[(source.target, item_id)].append({"kind": source.kind, "id": source.object_id})
    data: dict[str, Any] = {
        "process": process.slug,
        "title": plan.title,
        "period": {"start": process.start_year, "end": process.end_year},
        "mission": plan.mission,
        "vision": plan.vision,
        "values": list(plan.values),
    }
    if meta:
        data["organisation"] = process.organisation.name
        data["version"] = {
            "number": plan.number,
            "kind": plan.kind,
            "status": plan.status,
            "approved_at": plan.approved_at.isoformat() if plan.approved_at else None,
            "council_decision": plan.council_decision,
        }
    data["aims"] = []
    for aim in aims_with_goals(plan):
        aim_data: dict[str, Any] = {"code": aim.code, "title": aim.title}
        if aim.weight is not None:
            aim_data["weight"] = _number(aim.weight)
        if by_item.get(("aim", aim.pk)):
            aim_data["sources"] = by_item[("aim", aim.pk)]
        aim_data["goals"] = [_goal_dict(goal, by_item.get(("goal", goal.pk), [])) for goal in aim.goals.all()]
        aim_data.update(aim.extra)
        data["aims"].append(aim_data)
    analysis = analysis_as_dict(plan)
    if analysis["sections"] or analysis["findings"]:
        data["analysis"] = analysis
    data.update(plan.extra)
    return data


def _goal_dict(goal: Goal, sources: list[dict[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {"code": goal.code, "title": goal.title}
    if goal.weight is not None:
        data["weight"] = _number(goal.weight)
    data["responsible_unit"] = goal.responsible_unit.name if goal.responsible_unit else ""
    data["cooperating_units"] = [unit.name for unit in sorted(goal.cooperating_units.all(), key=lambda u: u.pk)]
    data["themes"] = [theme.code for theme in sorted(goal.themes.all(), key=lambda t: (t.position, t.pk))]
    for key in ("risks", "controls", "strategies", "activities", "costs", "findings", "needs"):
        data[key] = getattr(goal, key)
    if sources:
        data["sources"] = sources
    data["indicators"] = [_indicator_dict(indicator) for indicator in goal.indicators.all()]
    data.update(goal.extra)
    return data


def _indicator_dict(indicator: Indicator) -> dict[str, Any]:
    data = {
        "code": indicator.code,
        "title": indicator.title,
        "unit": indicator.unit,
        "direction": indicator.direction,
        "weight": _number(indicator.weight),
        "baseline": _number(indicator.baseline),
        "targets": dict(indicator.targets),
        "monitoring": indicator.monitoring,
        "reporting": indicator.reporting,
        "cumulative": indicator.cumulative,
        "data_source": indicator.data_source,
        "description": indicator.description,
    }
    if indicator.actuals:
        data["actuals"] = dict(indicator.actuals)
    data.update(indicator.extra)
    return data


def analysis_as_dict(plan: Plan) -> dict[str, Any]:
    sections: dict[str, list[dict[str, Any]]] = {}
    for item in plan.analysis_items.order_by("position", "id"):
        row = {"title": item.title}
        for key in ("detail", "finding", "need", "category"):
            if getattr(item, key):
                row[key] = getattr(item, key)
        sections.setdefault(item.section, []).append(row)
    order = [choice for choice, _label in AnalysisItem.Section.choices]
    return {
        "sections": [{"section": key, "items": sections[key]} for key in order if key in sections],
        "findings": [
            {"section": f.section, "finding": f.finding, "need": f.need}
            for f in plan.findings.order_by("position", "id")
        ],
    }


# --------------------------------------------------------------------------------------------
# Traceability
# --------------------------------------------------------------------------------------------


def fates(process: Process, kind: str, object_ids: list[int]) -> dict[int, list[Fate]]:
    """For contributions of ``kind``, the goals and aims of the public plan that cite them."""
    plan = public_plan(process)
    if plan is None or not object_ids:
        return {}
    out: dict[int, list[Fate]] = defaultdict(list)
    sources = (
        Source.objects.filter(
            plan=plan, kind=kind, object_id__in=object_ids, target__in=[Source.Target.GOAL, Source.Target.AIM]
        )
        .select_related("goal", "aim")
        .order_by("id")
    )
    approved = plan.status == Plan.Status.APPROVED
    for source in sources:
        if source.target == Source.Target.GOAL and source.goal is not None:
            url = reverse("plan_goal", kwargs={"slug": process.slug, "code": source.goal.code})
            out[source.object_id].append(Fate(source.goal.code, source.goal.title, url, approved))
        elif source.aim is not None:
            url = reverse("plan_detail", kwargs={"slug": process.slug}) + f"#{source.aim.code}"
            out[source.object_id].append(Fate(source.aim.code, source.aim.title, url, approved))
    return dict(out)


def source_counts(plan: Plan) -> dict[int, int]:
    """How many contributions each goal of ``plan`` cites."""
    rows = Source.objects.filter(plan=plan, target=Source.Target.GOAL).values_list("goal_id", flat=True)
    counts: dict[int, int] = defaultdict(int)
    for goal_id in rows:
        counts[goal_id] += 1
    return dict(counts)


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Indicator
    targets: list[Any]


def indicator_rows(goal: Goal, years: list[int]) -> list[IndicatorRow]:
    """The goal card's indicator table: each indicator with its target for every plan year."""
    return [
        IndicatorRow(indicator, [indicator.targets.get(str(year)) for year in years])
        for indicator in goal.indicators.all()
    ]


KIND_LABELS = {
    "proposal": gettext_lazy("Proposal"),
    "workshop_idea": gettext_lazy("Workshop idea"),
    "survey_answer": gettext_lazy("Survey answer"),
    "statement": gettext_lazy("Statement"),
}


@dataclass(frozen=True)
class SourceRow:
    source: Source
    contribution: contributions.Contribution | None
    """None when the contribution is no longer public (hidden or merged since it was linked)."""

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.source.kind, self.source.kind))


def sources_of(plan: Plan, sources: QuerySet[Source]) -> list[SourceRow]:
    """``sources`` with the contributions they name, read through the contribution interface."""
    rows = list(sources.order_by("kind", "id"))
    wanted: dict[str, list[int]] = defaultdict(list)
    for source in rows:
        wanted[source.kind].append(source.object_id)
    found = {kind: contributions.lookup(plan.process, kind, ids) for kind, ids in wanted.items()}
    return [SourceRow(source, found[source.kind].get(source.object_id)) for source in rows]


def cost_rows(goal: Goal, years: list[int]) -> list[tuple[int, Any]]:
    """The goal's cost estimate for each plan year (None where none is given)."""
    return [(year, goal.costs.get(str(year))) for year in years]


def goal_sources(goal: Goal) -> list[SourceRow]:
    return sources_of(goal.aim.plan, goal.sources.all())


# --------------------------------------------------------------------------------------------
# What the workshops said (the SWOT grid of the situation analysis) and the plan document
# --------------------------------------------------------------------------------------------

SWOT_KINDS = {"strengths": "G", "weaknesses": "Z", "opportunities": "F", "threats": "T"}


@dataclass
class SwotItem:
    """One SWOT item aggregated over the workshop tables: ideas with the same text (Turkish case
    and spacing forgiven) counted together, with links to every idea behind it."""

    text: str
    count: int
    votes: int
    idea_ids: list[int]
    themes: list[str]
    url: str


def swot_from_workshops(process: Process, *, theme_code: str = "") -> dict[str, list[SwotItem]]:
    """The SWOT items the process's workshop tables recorded, grouped, most supported first:
    ``{"strengths": [...], "weaknesses": [...], "opportunities": [...], "threats": [...]}``."""
    from ortakakil.core.text import search_fold
    from ortakakil.workshops.selectors import public_ideas

    ideas = public_ideas(process).filter(kind__in=SWOT_KINDS.values())
    if theme_code:
        ideas = ideas.filter(table__theme__code=theme_code)
    kind_of = {code: key for key, code in SWOT_KINDS.items()}
    groups: dict[tuple[str, str], SwotItem] = {}
    for idea in ideas.order_by("pk"):
        key = (kind_of[idea.kind], " ".join(search_fold(idea.text).split()))
        theme = idea.table.theme.name
        item = groups.get(key)
        if item is None:
            url = reverse(
                "table_report",
                kwargs={"slug": process.slug, "workshop": idea.table.workshop.slug, "code": idea.table.code},
            )
            groups[key] = SwotItem(idea.text, 1, idea.votes_count, [idea.pk], [theme], url)
            continue
        item.count += 1
        item.votes += idea.votes_count
        item.idea_ids.append(idea.pk)
        if theme not in item.themes:
            item.themes.append(theme)
    out: dict[str, list[SwotItem]] = {key: [] for key in SWOT_KINDS}
    for (kind, _text), item in groups.items():
        out[kind].append(item)
    for items in out.values():
        items.sort(key=lambda i: (-i.votes, -i.count, i.idea_ids[0]))
    return out


# --------------------------------------------------------------------------------------------
# The situation analysis workspace and looking ahead (back office)
# --------------------------------------------------------------------------------------------


def analysis_section(section: str) -> str:
    """``section`` when it names a part of the situation analysis (from an address), else 404."""
    if section not in AnalysisItem.Section.values:
        raise Http404(_("The situation analysis has no such section."))
    return section


def analysis_item_in_plan(plan: Plan, pk: int) -> AnalysisItem:
    """A row of ``plan``'s situation analysis (404 for another plan's)."""
    item = AnalysisItem.objects.filter(plan=plan, pk=pk).select_related("plan__process").first()
    if item is None:
        raise Http404(_("This plan has no such situation analysis row."))
    return item


def finding_in_plan(plan: Plan, pk: int) -> Finding:
    """A row of ``plan``'s findings and needs table (404 for another plan's)."""
    finding = Finding.objects.filter(plan=plan, pk=pk).select_related("plan__process").first()
    if finding is None:
        raise Http404(_("This plan has no such finding."))
    return finding


def source_in_plan(plan: Plan, pk: int) -> Source:
    source = Source.objects.filter(plan=plan, pk=pk).select_related("plan__process").first()
    if source is None:
        raise Http404(_("This plan has no such source."))
    return source


def source_item(plan: Plan, target: str, item_id: int | None) -> Any:
    """What a source of ``target`` is attached to: None for the mission, the vision and the
    values (they have no row of their own), else the aim, goal, indicator, analysis row or
    finding ``item_id`` of ``plan``. 404 for an unknown target or another plan's item."""
    if target not in Source.Target.values:
        raise Http404(_("A plan has no such part."))
    field = Source.ITEM_FIELDS.get(Source.Target(target))
    if field is None or item_id is None:
        if field is not None or item_id is not None:
            raise Http404(_("This plan has no such item."))
        return None
    items: dict[str, QuerySet[Any]] = {
        "aim": Aim.objects.filter(plan=plan),
        "goal": Goal.objects.filter(aim__plan=plan),
        "indicator": Indicator.objects.filter(goal__aim__plan=plan),
        "analysis_item": AnalysisItem.objects.filter(plan=plan),
        "finding": Finding.objects.filter(plan=plan),
    }
    item = items[field].filter(pk=item_id).first()
    if item is None:
        raise Http404(_("This plan has no such item."))
    return item


def item_sources(plan: Plan, target: str, item: Any = None) -> list[SourceRow]:
    """The contributions linked to one part of the plan (``item`` None: the mission, vision or values)."""
    sources = plan.sources.filter(target=target)
    field = Source.ITEM_FIELDS.get(Source.Target(target))
    if field:
        sources = sources.filter(**{field: item})
    return sources_of(plan, sources)


@dataclass
class AnalysisRow:
    item: AnalysisItem
    cells: list[tuple[str, str]]
    """(column heading, text) in the order of its section's columns."""
    sources_count: int


@dataclass
class AnalysisGroup:
    key: str
    label: str
    """"" when the section has no groups."""
    rows: list[AnalysisRow]


@dataclass
class AnalysisSection:
    key: str
    label: str
    layout: analysis_layout.SectionLayout
    groups: list[AnalysisGroup]
    count: int


def analysis_sections(plan: Plan) -> list[AnalysisSection]:
    """Every part of the situation analysis in the guide's order, with its rows; the parts with
    groups (internal analysis, PESTLE, SWOT) by group in the group's order, rows whose group
    the section does not know (an imported file's) last under their own name."""
    by_section: dict[str, list[AnalysisItem]] = defaultdict(list)
    for item in plan.analysis_items.annotate(sources_count=Count("sources")).order_by("position", "id"):
        by_section[item.section].append(item)
    out = []
    for key, label in AnalysisItem.Section.choices:
        layout = analysis_layout.layout(key)
        rows = [
            AnalysisRow(
                item,
                [(str(column.label), getattr(item, column.field)) for column in layout.columns],
                item.sources_count,  # type: ignore[attr-defined]
            )
            for item in by_section.get(key, [])
        ]
        if layout.categories:
            groups = [
                AnalysisGroup(code, str(name), [row for row in rows if row.item.category == code])
                for code, name in layout.categories.items()
            ]
            for other in dict.fromkeys(row.item.category for row in rows if row.item.category not in layout.categories):
                groups.append(AnalysisGroup(other, other or "—", [row for row in rows if row.item.category == other]))
            groups = [group for group in groups if group.rows]
        else:
            groups = [AnalysisGroup("", "", rows)] if rows else []
        out.append(AnalysisSection(key, str(label), layout, groups, len(rows)))
    return out


@dataclass(frozen=True)
class SwotTable:
    """A workshop table where a SWOT item was said, with how many of its ideas are there."""

    theme: str
    url: str
    count: int


@dataclass
class SwotRow:
    item: SwotItem
    tables: list[SwotTable]
    adopted_in: int | None
    """The analysis row the item was adopted into (None while it is not in the analysis)."""
    unlinked: int
    """How many of its ideas that row does not cite yet (said since it was adopted)."""


@dataclass
class SwotQuadrant:
    key: str
    label: str
    rows: list[SwotRow]


def swot_workspace(plan: Plan, *, theme_code: str = "") -> list[SwotQuadrant]:
    """``swot_from_workshops`` for the workspace: each item with the tables (and their report
    pages) where its ideas were said, and the analysis row it was already adopted into."""
    from ortakakil.workshops.selectors import public_ideas

    process = plan.process
    grid = swot_from_workshops(process, theme_code=theme_code)
    tables: dict[int, tuple[str, str]] = {}
    ideas = public_ideas(process).filter(kind__in=SWOT_KINDS.values())
    for pk, code, workshop, theme in ideas.values_list(
        "pk", "table__code", "table__workshop__slug", "table__theme__name"
    ):
        url = reverse("table_report", kwargs={"slug": process.slug, "workshop": workshop, "code": code})
        tables[pk] = (theme, url)
    adopted = dict(
        Source.objects.filter(
            plan=plan,
            target=Source.Target.ANALYSIS,
            kind="workshop_idea",
            analysis_item__section=AnalysisItem.Section.SWOT,
        ).values_list("object_id", "analysis_item_id")
    )
    out = []
    for key, label in analysis_layout.SWOT_CATEGORIES.items():
        rows = []
        for item in grid[key]:
            counts: dict[tuple[str, str], int] = {}
            for pk in item.idea_ids:
                if pk in tables:
                    counts[tables[pk]] = counts.get(tables[pk], 0) + 1
            adopted_in = next((adopted[pk] for pk in item.idea_ids if pk in adopted), None)
            unlinked = sum(1 for pk in item.idea_ids if pk not in adopted) if adopted_in else 0
            links = [SwotTable(theme, url, n) for (theme, url), n in counts.items()]
            rows.append(SwotRow(item, links, adopted_in, unlinked))
        out.append(SwotQuadrant(key, str(label), rows))
    return out


def swot_item_of(process: Process, idea_id: int, *, theme_code: str = "") -> tuple[str, SwotItem] | None:
    """The quadrant and the SWOT item (as the grid filtered by ``theme_code`` groups it) that
    workshop idea ``idea_id`` belongs to; None when no SWOT item of ``process`` has it."""
    for key, items in swot_from_workshops(process, theme_code=theme_code).items():
        for item in items:
            if idea_id in item.idea_ids:
                return key, item
    return None


def theme_code_of(process: Process, code: str) -> str:
    """``code`` when it names a theme of ``process`` (from a query string), else ""."""
    return code if code and process.themes.filter(code=code).exists() else ""


@dataclass
class FindingRow:
    finding: Finding
    sources: list[SourceRow]


def findings_with_sources(plan: Plan) -> list[FindingRow]:
    """The findings and needs table, each row with the contributions it rests on."""
    by_finding: dict[int | None, list[SourceRow]] = defaultdict(list)
    for row in sources_of(plan, plan.sources.filter(target=Source.Target.FINDING)):
        by_finding[row.source.finding_id].append(row)
    return [FindingRow(f, by_finding.get(f.pk, [])) for f in plan.findings.order_by("position", "id")]


@dataclass
class AnalysisWorkspace:
    sections: list[AnalysisSection]
    stakeholders: list[Any]
    """The registry's priority quadrants (``workshops.selectors.Quadrant``), strong first."""
    stakeholder_count: int
    swot: list[SwotQuadrant]
    swot_count: int
    themes: list[Any]
    theme_code: str
    findings: list[FindingRow]
    topics: list[Any] = field(default_factory=list)
    """The sub-topics of each theme's contributions (``textmine.topics.DigestView``), of the chosen theme."""

    @property
    def contents(self) -> list[tuple[str, str, int]]:
        """The page's table of contents: (anchor, heading, number of rows)."""
        entries = []
        for section in self.sections:
            entries.append((section.key, section.label, section.count))
            if section.key == AnalysisItem.Section.ACTIVITY:
                entries.append(("stakeholders", _("Stakeholder analysis"), self.stakeholder_count))
        entries.append(("findings", _("Findings and needs"), len(self.findings)))
        return entries


def analysis_workspace(plan: Plan, *, theme_code: str = "") -> AnalysisWorkspace:
    """Everything the situation analysis workspace shows of ``plan``: its sections' rows, the
    stakeholder registry's priorities, the SWOT items of the workshop tables (of one theme)
    and the findings and needs table."""
    from ortakakil.textmine.topics import theme_digests
    from ortakakil.workshops.selectors import priority_matrix

    process = plan.process
    quadrants = priority_matrix(process.organisation_id)
    swot = swot_workspace(plan, theme_code=theme_code)
    themes = list(process.themes.order_by("position", "code"))
    digests = theme_digests(process)
    return AnalysisWorkspace(
        sections=analysis_sections(plan),
        stakeholders=quadrants,
        stakeholder_count=sum(len(q.organisations) for q in quadrants),
        swot=swot,
        swot_count=sum(len(q.rows) for q in swot),
        themes=themes,
        theme_code=theme_code,
        findings=findings_with_sources(plan),
        topics=[digests[t.pk] for t in themes if t.pk in digests and theme_code in ("", t.code)],
    )


SEARCH_KINDS = ("proposal", "workshop_idea", "survey_answer", "statement")
SEARCH_WORDS = 8


def contribution_search(
    process: Process, *, kind: str, query: str, limit: int = 20
) -> list[contributions.Contribution]:
    """Public proposals, workshop ideas or free-text survey answers of ``process`` whose text has
    every word of ``query`` (Turkish case and accents forgiven, at most eight words), most supported first, to
    attach as sources. Survey answers are read through the contribution interface, which leaves
    out those still waiting for the staff's review of personal data."""
    from ortakakil.proposals.selectors import public_proposals
    from ortakakil.workshops.selectors import public_ideas

    words = query.split()[:SEARCH_WORDS]
    if not words or kind not in SEARCH_KINDS:
        return []
    if kind == "survey_answer":
        from ortakakil.core.text import search_fold

        folded = [search_fold(word) for word in words]
        found_answers = []
        for answer in contributions.kind(kind).read(process):
            text = search_fold(answer.text)
            if all(word in text for word in folded):
                found_answers.append(answer)
                if len(found_answers) >= limit:
                    break
        return found_answers
    if kind == "statement":
        statements = contributions.kind(kind).public(process)
        for word in words:
            statements = statements.filter(text__tr_contains=word)
        ids = list(statements.order_by("-pk").values_list("pk", flat=True)[:limit])
    elif kind == "proposal":
        proposals = public_proposals(process)
        for word in words:
            proposals = proposals.filter(Q(title__tr_contains=word) | Q(body__tr_contains=word))
        ids = list(proposals.order_by("-supports_count", "-pk").values_list("pk", flat=True)[:limit])
    else:
        ideas = public_ideas(process)
        for word in words:
            ideas = ideas.filter(text__tr_contains=word)
        ids = list(ideas.order_by("-votes_count", "-pk").values_list("pk", flat=True)[:limit])
    found = contributions.lookup(process, kind, ids)
    return [found[pk] for pk in ids if pk in found]


PLAN_TEXTS = ("mission", "vision", "values", "foreword")
TEXT_HISTORY_RECORDS = 500


@dataclass
class TextChange:
    """One change of the plan's mission, vision, values or foreword, from its history."""

    when: dt.datetime
    who: str
    fields: list[str]
    """The labels of the texts that changed."""
    created: bool
    previous_mission: str | None = None
    """The mission before the change (None when the mission did not change)."""
    previous_vision: str | None = None
    previous_values: list[str] | None = None


def plan_text_history(plan: Plan, *, limit: int = 50) -> list[TextChange]:
    """Who changed the mission, vision, core values or foreword of ``plan``, and when, newest
    first, with the mission, vision and values as they were before (django-simple-history)."""
    records = list(
        plan.history.select_related("history_user").order_by("-history_date", "-history_id")[: TEXT_HISTORY_RECORDS + 1]
    )
    complete = len(records) <= TEXT_HISTORY_RECORDS
    labels = {name: str(capfirst(getattr(Plan._meta.get_field(name), "verbose_name", name))) for name in PLAN_TEXTS}
    changes: list[TextChange] = []
    for n, record in enumerate(records[:TEXT_HISTORY_RECORDS]):
        older = records[n + 1] if n + 1 < len(records) else None
        if older is None and not complete:
            break
        if older is None:
            changed = [name for name in PLAN_TEXTS if getattr(record, name)]
        else:
            changed = [name for name in PLAN_TEXTS if getattr(record, name) != getattr(older, name)]
        if not changed:
            continue
        user = record.history_user
        change = TextChange(
            when=record.history_date,
            who=user.display_name if user is not None else _("command line"),
            fields=[labels[name] for name in changed],
            created=older is None,
        )
        if older is not None:
            change.previous_mission = older.mission if "mission" in changed else None
            change.previous_vision = older.vision if "vision" in changed else None
            change.previous_values = list(older.values) if "values" in changed else None
        changes.append(change)
        if len(changes) >= limit:
            break
    return changes


def document_data(plan: Plan, *, swot_limit: int = 8) -> tuple[dict[str, Any], dict[str, Any]]:
    """What the plan document shows: the plan in the interchange format (with the titles of the
    contributions each goal answers) and the rest (``extras``: the preparation programme, the
    participation, the stakeholders, the SWOT from the workshops)."""
    from ortakakil.core.text import sort_key
    from ortakakil.workshops.models import StakeholderOrganisation
    from ortakakil.workshops.selectors import priority_action

    process = plan.process
    data = plan_as_dict(plan, meta=True)
    titles: dict[tuple[str, int], contributions.Contribution] = {}
    wanted: dict[str, list[int]] = defaultdict(list)
    for aim in data["aims"]:
        for item in [aim, *aim["goals"]]:
            for source in item.get("sources", []):
                wanted[source["kind"]].append(source["id"])
    for kind, ids in wanted.items():
        for pk, contribution in contributions.lookup(process, kind, ids).items():
            titles[(kind, pk)] = contribution
    for aim in data["aims"]:
        for item in [aim, *aim["goals"]]:
            for source in item.get("sources", []):
                found = titles.get((source["kind"], source["id"]))
                source["title"] = (found.title if source["kind"] == "proposal" else found.text) if found else ""
                source["label"] = str(KIND_LABELS.get(source["kind"], source["kind"]))
                source["url"] = found.url if found else ""
    tasks = process.preparation_tasks.select_related("owner_unit").order_by("starts_on", "pk")
    stakeholders = StakeholderOrganisation.objects.filter(organisation=process.organisation)
    swot = swot_from_workshops(process)
    extras = {
        "foreword": plan.foreword,
        "preparation": [
            {
                "title": task.title,
                "unit": task.owner_unit.name if task.owner_unit else "",
                "start": task.starts_on.isoformat(),
                "end": task.due_on.isoformat(),
                "status": str(task.get_status_display()),
            }
            for task in tasks
        ],
        "board": [
            unit.name for unit in process.organisation.units.filter(kind="board").order_by(turkish_order("name"), "pk")
        ],
        "participation": [{"label": str(kind.label), "count": kind.count(process)} for kind in contributions.kinds()],
        "stakeholders": [
            {
                "name": s.name,
                "type": str(s.get_type_display()),
                "priority": priority_action(s.influence, s.importance),
            }
            for s in sorted(stakeholders, key=lambda s: sort_key(s.name))
        ],
        "swot": {
            key: [{"text": item.text, "count": item.count} for item in items[:swot_limit]]
            for key, items in swot.items()
        },
        "monitoring_text": "",
    }
    return data, extras


def goals_for_theme(plan: Plan, theme: Any) -> list[Goal]:
    """The goals of ``plan`` that answer ``theme``, in plan order."""
    return list(
        Goal.objects.filter(aim__plan=plan, themes=theme)
        .select_related("aim", "responsible_unit")
        .order_by("aim__position", "aim_id", "position", "id")
    )


# --------------------------------------------------------------------------------------------
# Who changed what
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryEntry:
    when: Any
    who: str
    action: str
    """``+`` created, ``~`` changed, ``-`` deleted (django-simple-history's history_type)."""
    what: str
    item: str
    fields: list[str]


def plan_history(plan: Plan, *, limit: int = 300) -> list[HistoryEntry]:
    """The latest changes to ``plan`` and everything in it, newest first: who, when, which item,
    which fields (a change lists the fields that differ from the record before it)."""
    aim_ids = Aim.history.filter(plan_id=plan.pk).values("id")
    goal_ids = Goal.history.filter(aim_id__in=aim_ids).values("id")
    queries = [
        (Plan.history.filter(id=plan.pk), str(Plan._meta.verbose_name), lambda h: f"v{h.number}"),
        (Aim.history.filter(plan_id=plan.pk), str(Aim._meta.verbose_name), lambda h: h.code),
        (Goal.history.filter(aim_id__in=aim_ids), str(Goal._meta.verbose_name), lambda h: h.code),
        (Indicator.history.filter(goal_id__in=goal_ids), str(Indicator._meta.verbose_name), lambda h: h.code),
        (AnalysisItem.history.filter(plan_id=plan.pk), str(AnalysisItem._meta.verbose_name), lambda h: h.title[:60]),
        (Source.history.filter(plan_id=plan.pk), str(Source._meta.verbose_name), lambda h: f"{h.kind} {h.object_id}"),
    ]
    records = []
    for queryset, what, name in queries:
        for record in queryset.select_related("history_user").order_by("-history_date")[:limit]:
            records.append((record, what, name))
    records.sort(key=lambda r: r[0].history_date, reverse=True)
    out = []
    for record, what, name in records[:limit]:
        fields: list[str] = []
        if record.history_type == "~" and record.prev_record is not None:
            delta = record.diff_against(record.prev_record)
            fields = [str(record.instance._meta.get_field(change.field).verbose_name) for change in delta.changes]
        user = record.history_user
        who = (user.get_full_name() or user.username) if user is not None else _("command line")
        out.append(HistoryEntry(record.history_date, who, record.history_type, what, name(record), fields))
    return out


def content_version(plan: Plan) -> str:
    """A fingerprint of everything the plan document shows: the plan, its sources' titles, the
    preparation programme, participation counts, stakeholders and the workshops' SWOT. Files
    rendered from the plan are cached under it."""
    import hashlib
    import json

    data, extras = document_data(plan)
    text = json.dumps([data, extras], ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


# --------------------------------------------------------------------------------------------
# The back office's goal card editor: items named in a URL, problems per item, the contributions
# to link, and what no plan item answers yet (karşılanmayan katkılar)
# --------------------------------------------------------------------------------------------


def aim_in_plan(plan: Plan, code: str) -> Aim:
    aim = plan.aims.filter(code=code).first()
    if aim is None:
        raise Http404(_("No such aim in this plan."))
    return aim


def goal_by_pk(plan: Plan, pk: int) -> Goal:
    """A goal of ``plan`` chosen in a form (a tampered number or another plan's goal: 404)."""
    goal = Goal.objects.select_related("aim").filter(aim__plan=plan, pk=pk).first()
    if goal is None:
        raise Http404(_("No such goal in this plan."))
    return goal


def indicator_in_goal(goal: Goal, code: str) -> Indicator:
    indicator = goal.indicators.filter(code=code).first()
    if indicator is None:
        raise Http404(_("No such indicator in this goal."))
    return indicator


def source_of_item(plan: Plan, pk: int, *, item: Aim | Goal | Indicator) -> Source:
    """The link ``pk`` of this plan item (another item's link: 404)."""
    field = {Aim: "aim", Goal: "goal", Indicator: "indicator"}[type(item)]
    source = Source.objects.filter(plan=plan, pk=pk, **{field: item}).first()
    if source is None:
        raise Http404(_("No such source of this plan item."))
    return source


def goals_of(plan: Plan) -> QuerySet[Goal]:
    """Every goal of ``plan`` in plan order (for "attach to goal…" choices)."""
    return Goal.objects.filter(aim__plan=plan).order_by("aim__position", "aim__id", "position", "id")


def aim_sources(aim: Aim) -> list[SourceRow]:
    return sources_of(aim.plan, aim.sources.all())


def linked_ids(sources: QuerySet[Source]) -> dict[str, set[int]]:
    """The contributions ``sources`` name, by kind."""
    out: dict[str, set[int]] = defaultdict(set)
    for kind, object_id in sources.values_list("kind", "object_id"):
        out[kind].add(object_id)
    return out


@dataclass(frozen=True)
class ProblemRow:
    """A problem of the plan with the back-office page where it is fixed ("" when none)."""

    where: str
    message: str
    url: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def _owner_code(where: str) -> str:
    """The code a problem is about: ``"H1.1 > 2. gösterge"`` is about ``H1.1``."""
    return where.split(" > ", 1)[0].strip()


def problem_rows(plan: Plan, problems: list[Problem]) -> list[ProblemRow]:
    """``problems`` with a link to the goal card (for a goal or an indicator) or the aim page."""
    slug = plan.process.slug
    goal_of: dict[str, str] = {}
    for goal_code, indicator_code in Indicator.objects.filter(goal__aim__plan=plan).values_list("goal__code", "code"):
        goal_of.setdefault(indicator_code, goal_code)
    for goal_code in Goal.objects.filter(aim__plan=plan).values_list("code", flat=True):
        goal_of[goal_code] = goal_code
    aims = set(plan.aims.values_list("code", flat=True))
    rows = []
    for problem in problems:
        code = _owner_code(problem.where)
        url = ""
        if code in goal_of:
            url = reverse("manage:plan_goal_edit", kwargs={"slug": slug, "code": goal_of[code]})
            if code != goal_of[code]:
                url += "#indicators"
        elif code in aims:
            url = reverse("manage:plan_aim_edit", kwargs={"slug": slug, "code": code})
        rows.append(ProblemRow(problem.where, problem.message, url))
    return rows


def problems_of_goal(problems: list[Problem], goal: Goal) -> list[Problem]:
    """The problems about ``goal`` or one of its indicators."""
    codes = {goal.code, *(indicator.code for indicator in goal.indicators.all())}
    return [problem for problem in problems if _owner_code(problem.where) in codes]


def problems_of_aim(problems: list[Problem], aim: Aim) -> list[Problem]:
    return [problem for problem in problems if _owner_code(problem.where) == aim.code]


@dataclass(frozen=True)
class Candidate:
    """A contribution offered for linking to a plan item: a proposal, a workshop idea, or a SWOT
    item standing for every idea behind it (``ids``)."""

    kind: str
    ids: tuple[int, ...]
    title: str
    text: str
    theme: str
    count: int
    url: str
    linked: bool

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))


def _proposal_candidate(proposal: Any, linked: set[int]) -> Candidate:
    return Candidate(
        "proposal",
        (proposal.pk,),
        proposal.title,
        proposal.body,
        proposal.theme.name,
        proposal.supports_count,
        proposal.get_absolute_url(),
        proposal.pk in linked,
    )


def _idea_candidate(process: Process, idea: Any, linked: set[int]) -> Candidate:
    table = idea.table
    url = reverse("table_report", kwargs={"slug": process.slug, "workshop": table.workshop.slug, "code": table.code})
    return Candidate(
        "workshop_idea",
        (idea.pk,),
        str(idea.get_kind_display()),
        idea.text,
        table.theme.name,
        idea.votes_count,
        url,
        idea.pk in linked,
    )


SWOT_LABELS = {
    "strengths": gettext_lazy("Strengths"),
    "weaknesses": gettext_lazy("Weaknesses"),
    "opportunities": gettext_lazy("Opportunities"),
    "threats": gettext_lazy("Threats"),
}
SEARCH_MAX = 100


@dataclass
class AttachPanel:
    """What the goal card offers to link: the most supported proposals and the most dot-voted
    workshop ideas of the item's themes (or what a search found), and the workshops' SWOT items."""

    themes: list[Any]
    top_proposals: list[Candidate]
    proposal_query: str
    top_ideas: list[Candidate]
    idea_query: str
    swot: list[tuple[str, str, list[Candidate]]]


def attach_panel(
    plan: Plan, *, themes: list[Any], linked: dict[str, set[int]], q: str = "", iq: str = "", limit: int = 10
) -> AttachPanel:
    from ortakakil.proposals.selectors import public_proposals, text_search
    from ortakakil.workshops.selectors import public_ideas

    process = plan.process
    q, iq = " ".join(q.split())[:SEARCH_MAX], " ".join(iq.split())[:SEARCH_MAX]
    proposals = public_proposals(process)
    if q:
        proposals = text_search(proposals, q)
    elif themes:
        proposals = proposals.filter(theme__in=themes)
    proposal_rows = proposals.order_by("-supports_count", "pk")[:limit]
    ideas = public_ideas(process)
    if iq:
        ideas = ideas.filter(text__tr_contains=iq)
    elif themes:
        ideas = ideas.filter(table__theme__in=themes)
    idea_rows = ideas.order_by("-votes_count", "pk")[:limit]
    names = {theme.name for theme in themes}
    swot = []
    for key, items in swot_from_workshops(process).items():
        chosen = [item for item in items if not names or names & set(item.themes)][: max(limit // 2, 3)]
        swot.append(
            (
                key,
                str(SWOT_LABELS[key]),
                [
                    Candidate(
                        "workshop_idea",
                        tuple(item.idea_ids),
                        str(SWOT_LABELS[key]),
                        item.text,
                        ", ".join(item.themes),
                        item.votes,
                        item.url,
                        set(item.idea_ids) <= linked.get("workshop_idea", set()),
                    )
                    for item in chosen
                ],
            )
        )
    return AttachPanel(
        themes=themes,
        top_proposals=[_proposal_candidate(p, linked.get("proposal", set())) for p in proposal_rows],
        proposal_query=q,
        top_ideas=[_idea_candidate(process, idea, linked.get("workshop_idea", set())) for idea in idea_rows],
        idea_query=iq,
        swot=swot,
    )


UNANSWERED_LIMIT = 30


@dataclass
class Unanswered:
    """Karşılanmayan katkılar: what the plan does not answer yet."""

    themes: list[Any]
    top_proposals: list[Candidate]
    top_ideas: list[Candidate]
    min_supports: int
    popular_total: int
    popular_answered: int

    @property
    def answered_share(self) -> int | None:
        """The share (%) of proposals with at least ``min_supports`` supports the plan cites."""
        if not self.popular_total:
            return None
        return round(100 * self.popular_answered / self.popular_total)


def unanswered(plan: Plan, *, min_supports: int = 10, limit: int = UNANSWERED_LIMIT) -> Unanswered:
    """The process's themes no goal lists, and the most supported proposals and most dot-voted
    workshop ideas that no source of ``plan`` cites (any plan item counts as an answer)."""
    from ortakakil.proposals.selectors import public_proposals
    from ortakakil.workshops.selectors import public_ideas

    process = plan.process
    cited_proposals = Source.objects.filter(plan=plan, kind="proposal").values("object_id")
    cited_ideas = Source.objects.filter(plan=plan, kind="workshop_idea").values("object_id")
    proposals = public_proposals(process)
    popular = proposals.filter(supports_count__gte=min_supports)
    top = proposals.exclude(pk__in=cited_proposals).order_by("-supports_count", "pk")[:limit]
    ideas = public_ideas(process).exclude(pk__in=cited_ideas).order_by("-votes_count", "pk")[:limit]
    return Unanswered(
        themes=list(process.themes.exclude(goals__aim__plan=plan).order_by("position", "code")),
        top_proposals=[_proposal_candidate(p, set()) for p in top],
        top_ideas=[_idea_candidate(process, idea, set()) for idea in ideas],
        min_supports=min_supports,
        popular_total=popular.count(),
        popular_answered=popular.filter(pk__in=cited_proposals).count(),
    )


def plan_items(process: Process) -> list[PlanItem]:
    """The goals of the process's latest plan, for an official answer to cite (traceability)."""
    plan = latest_plan(process)
    if plan is None:
        return []
    return [
        PlanItem(goal.code, goal.title, reverse("plan_goal", kwargs={"slug": process.slug, "code": goal.code}))
        for goal in goals_of(plan)
    ]


def goals_of_unit(unit_id: int) -> list[Goal]:
    """The goals a unit is responsible for in the newest plan version of each process."""
    newest: dict[int, int] = {}
    for plan in (
        Plan.objects.filter(aims__goals__responsible_unit_id=unit_id).distinct().order_by("process_id", "-number")
    ):
        newest.setdefault(plan.process_id, plan.pk)
    return list(
        Goal.objects.filter(responsible_unit_id=unit_id, aim__plan_id__in=newest.values())
        .select_related("aim__plan__process")
        .order_by("aim__plan__process_id", "aim__position", "aim_id", "position", "id")
    )
