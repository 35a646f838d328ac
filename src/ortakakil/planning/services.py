"""Writes of the strategic plan: import a plan file, edit a draft, link sources, and move a plan
through its versions (draft → submitted to the council → approved; updates keep the mission, the
vision and the aims). Each write checks the permission, refuses to touch a plan that is no longer
a draft, runs in a transaction and leaves its author in the history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from ortakakil.core.models import Organisation, Unit, User
from ortakakil.core.services import audited_delete, audited_save, require_perm
from ortakakil.core.text import search_fold, visible
from ortakakil.processes import contributions
from ortakakil.processes.models import Process, Theme

from . import interchange
from .interchange import Problem
from .models import Aim, AnalysisItem, Finding, Goal, Indicator, Plan, Source
from .selectors import plan_as_dict

M = TypeVar("M", Aim, Goal)


class PlanInvalid(ValidationError):
    """A plan file or a plan that fails the rules; ``problems`` lists each, naming its code."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__([str(problem) for problem in problems])
        self.problems = problems


@dataclass
class ImportReport:
    plan: Plan
    created_process: bool = False
    created_units: list[str] = field(default_factory=list)
    unknown_keys: list[str] = field(default_factory=list)
    missing_sources: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """What the import did, in Turkish, one fact per line."""
        plan = self.plan
        out = [
            f"{plan.process.slug}: {plan.title} — sürüm {plan.number} taslağı yüklendi "
            f"({plan.aims.count()} amaç, {Goal.objects.filter(aim__plan=plan).count()} hedef, "
            f"{Indicator.objects.filter(goal__aim__plan=plan).count()} gösterge)."
        ]
        if self.created_process:
            out.append(f"Süreç oluşturuldu: {plan.process.slug}.")
        if self.created_units:
            out.append("Oluşturulan birimler: " + ", ".join(self.created_units) + ".")
        if self.unknown_keys:
            out.append("Tanınmayan anahtarlar saklandı: " + ", ".join(self.unknown_keys) + ".")
        if self.missing_sources:
            out.append("Bulunamayan katkılar (bağlanmadı): " + ", ".join(self.missing_sources) + ".")
        return out


# --------------------------------------------------------------------------------------------
# Import
# --------------------------------------------------------------------------------------------


def _organisation_for(process_slug: str, organisation: Organisation | None, title: str) -> Organisation:
    if organisation is not None:
        return organisation
    organisations = list(Organisation.objects.order_by("pk")[:2])
    if len(organisations) == 1:
        return organisations[0]
    if not organisations:
        name = title.split(" 20")[0].strip() or process_slug
        return Organisation.objects.create(slug=slugify(process_slug)[:80] or "kurum", name=name[:200])
    raise PlanInvalid(
        [Problem("plan", "birden fazla kurum var; planın hangi kuruma ait olduğunu seçin (--organisation).")]
    )


def _unit_code(name: str, taken: set[str]) -> str:
    # search_fold leaves "Fen İşleri" as "fen isleri": plain upper case then gives "FEN ISLERI", all A-Z.
    letters = "".join(ch for ch in search_fold(name).upper() if "A" <= ch <= "Z" or ch == " ")
    base = "".join(word[0] for word in letters.split())[:8] or "BIRIM"
    code, n = base, 1
    while code in taken:
        n += 1
        code = f"{base}{n}"[:32]
    taken.add(code)
    return code


class _Units:
    """Units matched by name (Turkish case and spacing forgiven), created when missing."""

    def __init__(self, organisation: Organisation) -> None:
        self.organisation = organisation
        self.by_name = {self.key(u.name): u for u in organisation.units.all()}
        self.codes = set(organisation.units.values_list("code", flat=True))
        self.created: list[str] = []

    @staticmethod
    def key(name: str) -> str:
        return " ".join(search_fold(name).split())

    def get(self, name: str) -> Unit:
        key = self.key(name)
        if key not in self.by_name:
            unit = Unit(organisation=self.organisation, name=" ".join(name.split()), code=_unit_code(name, self.codes))
            unit.full_clean()
            unit.save()
            self.by_name[key] = unit
            self.created.append(unit.name)
        return self.by_name[key]


@transaction.atomic
def plan_import(
    data: Any, *, actor: User | None, organisation: Organisation | None = None, check_sources: bool = True
) -> ImportReport:
    """Load a plan in the interchange format into the process named by its ``process`` key
    (created when missing), replacing that process's draft plan; all or nothing.

    ``actor`` None is the command line (the operator of the installation)."""
    problems = interchange.validate(data)
    if problems:
        raise PlanInvalid(problems)
    report = ImportReport(plan=Plan())  # filled below
    process = Process.objects.filter(slug=data["process"]).select_related("organisation").first()
    years = interchange.plan_years(data)
    if process is None:
        owner = _organisation_for(data["process"], organisation, data["title"])
        if actor is not None:
            require_perm(actor, "processes.create_process", owner)
        process = Process(
            organisation=owner, slug=data["process"], title=data["title"][:200], start_year=years[0], end_year=years[-1]
        )
        audited_save(process, actor=actor)
        report.created_process = True
    elif (process.start_year, process.end_year) != (years[0], years[-1]):
        raise PlanInvalid(
            [
                Problem(
                    "plan",
                    f"dönem {years[0]}–{years[-1]}, ama {process.slug} süreci "
                    f"{process.period_label} dönemini kapsıyor.",
                )
            ]
        )
    if actor is not None:
        require_perm(actor, "planning.manage_plan", process)

    plan = _draft_for_import(process, actor=actor)
    if plan.kind == Plan.Kind.UPDATE and plan.based_on is not None:
        locked = interchange.locked_changes(plan_as_dict(plan.based_on), data)
        if locked:
            raise PlanInvalid(locked)
    _clear(plan)
    plan.title = _text(data["title"])
    plan.mission = data.get("mission") or ""
    plan.vision = data.get("vision") or ""
    plan.values = list(data.get("values") or [])
    plan.extra = interchange.extra_of(data, interchange.PLAN_KEYS)
    audited_save(plan, actor=actor)

    units = _Units(process.organisation)
    themes = {t.code: t for t in process.themes.all()}
    pending_sources: list[tuple[Source, str]] = []
    for a, aim_data in enumerate(data["aims"]):
        aim = _created(
            Aim,
            actor,
            plan=plan,
            code=aim_data["code"].strip(),
            title=_text(aim_data["title"]),
            weight=aim_data.get("weight"),
            position=a,
            extra=interchange.extra_of(aim_data, interchange.AIM_KEYS),
        )
        pending_sources += _sources(plan, aim_data, Source.Target.AIM, aim=aim)
        for g, goal_data in enumerate(aim_data["goals"]):
            goal = _goal_create(plan, aim, g, goal_data, units=units, themes=themes, actor=actor)
            pending_sources += _sources(plan, goal_data, Source.Target.GOAL, goal=goal)
            bulk_create_with_history(
                [_indicator(goal, i, indicator_data) for i, indicator_data in enumerate(goal_data["indicators"])],
                Indicator,
                default_user=actor,
            )
    _analysis_create(plan, data.get("analysis"), actor=actor)
    report.missing_sources = _save_sources(process, pending_sources, actor=actor, check=check_sources)
    report.plan = plan
    report.created_units = units.created
    report.unknown_keys = interchange.unknown_keys(data)
    return report


def _created(model: type[M], actor: User | None, **fields: Any) -> M:
    """A new row, saved with ``actor`` as the author in its history."""
    instance: Any = model(**fields)
    if actor is not None:
        instance._history_user = actor  # read by simple-history
    instance.save()
    return instance


def _text(value: str) -> str:
    """Typed text as stored: without invisible format characters, trimmed."""
    return visible(value).strip()


def _draft_for_import(process: Process, *, actor: User | None) -> Plan:
    latest = process.plans.order_by("-number").first()
    if latest is not None and latest.status == Plan.Status.DRAFT:
        return latest
    if latest is None:
        return Plan(process=process, number=1, kind=Plan.Kind.INITIAL)
    return Plan(process=process, number=latest.number + 1, kind=Plan.Kind.UPDATE, based_on=latest)


def _clear(plan: Plan) -> None:
    if plan.pk is None:
        return
    Source.objects.filter(plan=plan).delete()
    Indicator.objects.filter(goal__aim__plan=plan).delete()
    Goal.objects.filter(aim__plan=plan).delete()
    plan.aims.all().delete()
    plan.analysis_items.all().delete()
    plan.findings.all().delete()


def _goal_create(
    plan: Plan,
    aim: Aim,
    position: int,
    data: Mapping[str, Any],
    *,
    units: _Units,
    themes: Mapping[str, Theme],
    actor: User | None,
) -> Goal:
    responsible = (data.get("responsible_unit") or "").strip()
    goal = _created(
        Goal,
        actor,
        aim=aim,
        code=data["code"].strip(),
        title=_text(data["title"]),
        weight=data.get("weight"),
        responsible_unit=units.get(responsible) if responsible else None,
        risks=list(data.get("risks") or []),
        controls=list(data.get("controls") or []),
        strategies=list(data.get("strategies") or []),
        activities=list(data.get("activities") or []),
        costs=dict(data.get("costs") or {}),
        findings=list(data.get("findings") or []),
        needs=list(data.get("needs") or []),
        position=position,
        extra=interchange.extra_of(data, interchange.GOAL_KEYS),
    )
    cooperating = [units.get(name) for name in data.get("cooperating_units") or [] if name.strip()]
    if cooperating:
        goal.cooperating_units.set(cooperating)
    codes = list(data.get("themes") or [])
    unknown = [code for code in codes if code not in themes]
    if unknown:
        raise PlanInvalid([Problem(goal.code, f"bu süreçte olmayan tema: {', '.join(unknown)}.")])
    if codes:
        goal.themes.set([themes[code] for code in codes])
    return goal


def _indicator(goal: Goal, position: int, data: Mapping[str, Any]) -> Indicator:
    return Indicator(
        goal=goal,
        code=data["code"].strip(),
        title=_text(data["title"]),
        unit=data.get("unit") or "",
        direction=data["direction"],
        weight=data["weight"],
        baseline=data["baseline"],
        targets=dict(data["targets"]),
        monitoring=data.get("monitoring") or "",
        reporting=data.get("reporting") or "",
        cumulative=bool(data.get("cumulative", False)),
        data_source=data.get("data_source") or "",
        description=data.get("description") or "",
        actuals=dict(data.get("actuals") or {}),
        position=position,
        extra=interchange.extra_of(data, interchange.INDICATOR_KEYS),
    )


def _analysis_create(plan: Plan, analysis: Any, *, actor: User | None) -> None:
    if not analysis:
        return
    items = []
    for section in analysis.get("sections", []):
        for n, item in enumerate(section.get("items", [])):
            items.append(
                AnalysisItem(
                    plan=plan,
                    section=section["section"],
                    category=item.get("category") or "",
                    title=item["title"],
                    detail=item.get("detail") or "",
                    finding=item.get("finding") or "",
                    need=item.get("need") or "",
                    position=n,
                )
            )
    bulk_create_with_history(items, AnalysisItem, default_user=actor)
    findings = [
        Finding(plan=plan, section=row["section"], finding=row["finding"], need=row.get("need") or "", position=n)
        for n, row in enumerate(analysis.get("findings", []))
    ]
    bulk_create_with_history(findings, Finding, default_user=actor)


def _sources(plan: Plan, data: Mapping[str, Any], target: str, **item: Any) -> list[tuple[Source, str]]:
    out = []
    where = str(data.get("code", ""))
    for source in data.get("sources") or []:
        if source.get("id") is None:
            raise PlanInvalid([Problem(where, "her kaynağın bir numarası (id) olmalı.")])
        out.append((Source(plan=plan, target=target, kind=source["kind"], object_id=source["id"], **item), where))
    return out


def _save_sources(process: Process, pending: list[tuple[Source, str]], *, actor: User | None, check: bool) -> list[str]:
    """Store the sources that name a contribution of the process; return those that do not."""
    missing = []
    wanted: dict[str, set[int]] = {}
    for source, _where in pending:
        wanted.setdefault(source.kind, set()).add(source.object_id)
    found = {kind: set(contributions.lookup(process, kind, ids)) for kind, ids in wanted.items()} if check else wanted
    keep, seen = [], set()
    for source, where in pending:
        key = (source.target, source.aim_id, source.goal_id, source.kind, source.object_id)
        if source.object_id not in found.get(source.kind, set()):
            missing.append(f"{where} ← {source.kind} {source.object_id}")
        elif key not in seen:
            seen.add(key)
            keep.append(source)
    bulk_create_with_history(keep, Source, default_user=actor)
    return missing


# --------------------------------------------------------------------------------------------
# Editing a draft
# --------------------------------------------------------------------------------------------


def require_editable(actor: User, plan: Plan) -> None:
    require_perm(actor, "planning.manage_plan", plan.process)
    if not plan.is_editable:
        raise ValidationError(
            _("This plan version is %(status)s: it can no longer be changed.")
            % {"status": plan.get_status_display().lower()}
        )


@transaction.atomic
def source_add(
    *, actor: User, plan: Plan, target: str, kind: str, object_id: int, item: Any = None, note: str = ""
) -> Source:
    """Link the contribution ``kind``/``object_id`` of the plan's process to a plan item."""
    require_editable(actor, plan)
    if not contributions.lookup(plan.process, kind, [object_id]):
        raise ValidationError(_("No such contribution in this process."))
    fields: dict[str, Any] = {}
    item_field = Source.ITEM_FIELDS.get(Source.Target(target))
    if item_field:
        if item is None or _plan_of(item) != plan.pk:
            raise ValidationError(_("The plan item is not part of this plan."))
        fields[item_field] = item
    existing = Source.objects.filter(plan=plan, target=target, kind=kind, object_id=object_id, **fields).first()
    if existing:
        return existing
    source = Source(plan=plan, target=target, kind=kind, object_id=object_id, note=note, **fields)
    return audited_save(source, actor=actor)


def _plan_of(item: Any) -> int | None:
    if isinstance(item, Aim | AnalysisItem | Finding):
        return int(item.plan_id)
    if isinstance(item, Goal):
        return item.aim.plan_id
    if isinstance(item, Indicator):
        return item.goal.aim.plan_id
    return None


@transaction.atomic
def source_remove(*, actor: User, source: Source) -> None:
    require_editable(actor, source.plan)
    audited_delete(source, actor=actor)


# --------------------------------------------------------------------------------------------
# Versions
# --------------------------------------------------------------------------------------------


def plan_problems(plan: Plan) -> list[Problem]:
    """What stops ``plan`` from going to the council: the rules of the file format, the goal
    card's required parts and, for an update, the locked mission, vision and aims."""
    data = plan_as_dict(plan)
    problems = interchange.validate(data) + interchange.approval_gaps(data)
    if plan.kind == Plan.Kind.UPDATE and plan.based_on is not None:
        problems += interchange.locked_changes(plan_as_dict(plan.based_on), data)
    return problems


@transaction.atomic
def plan_submit(*, actor: User, plan: Plan) -> Plan:
    require_editable(actor, plan)
    problems = plan_problems(plan)
    if problems:
        raise PlanInvalid(problems)
    plan.status = Plan.Status.SUBMITTED
    plan.submitted_at = timezone.now()
    return audited_save(plan, actor=actor, update_fields=["status", "submitted_at", "updated_at"])


@transaction.atomic
def plan_return_to_draft(*, actor: User, plan: Plan) -> Plan:
    """The council sends the plan back for changes."""
    require_perm(actor, "planning.manage_plan", plan.process)
    if plan.status != Plan.Status.SUBMITTED:
        raise ValidationError(_("Only a plan submitted to the council can be returned to draft."))
    plan.status = Plan.Status.DRAFT
    return audited_save(plan, actor=actor, update_fields=["status", "updated_at"])


@transaction.atomic
def plan_approve(*, actor: User, plan: Plan, approved_at: dt.date, council_decision: str) -> Plan:
    """Record the council's adoption (meclis kararı); the version becomes the record."""
    require_perm(actor, "planning.manage_plan", plan.process)
    if plan.status != Plan.Status.SUBMITTED:
        raise ValidationError(_("Submit the plan to the council before recording its approval."))
    decision = " ".join(council_decision.split())
    if not decision:
        raise ValidationError({"council_decision": _("Give the council decision (date and number).")})
    plan.status = Plan.Status.APPROVED
    plan.approved_at = approved_at
    plan.council_decision = decision
    return audited_save(plan, actor=actor, update_fields=["status", "approved_at", "council_decision", "updated_at"])


@transaction.atomic
def plan_start_update(*, actor: User, plan: Plan) -> Plan:
    """Open an update (güncelleme) of an approved plan: a new draft version with everything
    copied, whose mission, vision and aims stay as approved."""
    require_perm(actor, "planning.manage_plan", plan.process)
    if plan.status != Plan.Status.APPROVED:
        raise ValidationError(_("Only an approved plan can be updated."))
    latest = plan.process.plans.aggregate(n=Max("number"))["n"] or plan.number
    if plan.process.plans.filter(status__in=[Plan.Status.DRAFT, Plan.Status.SUBMITTED]).exists():
        raise ValidationError(_("An update of this plan is already under way."))
    data = plan_as_dict(plan, sources=True)
    copy = Plan(process=plan.process, number=latest + 1, kind=Plan.Kind.UPDATE, based_on=plan, title=plan.title)
    copy.foreword = plan.foreword
    audited_save(copy, actor=actor)
    plan_import(data, actor=actor, check_sources=False)
    _copy_other_sources(plan, copy, actor=actor)
    return Plan.objects.get(pk=copy.pk)


def _copy_other_sources(old: Plan, new: Plan, *, actor: User | None) -> None:
    """The sources the plan file does not carry (of the mission, vision, values, indicators, the
    situation analysis and the findings), linked to the same items of the new version."""
    indicators = {i.code: i for i in Indicator.objects.filter(goal__aim__plan=new)}
    # The file carries analysis rows and findings in order (section by section), and the new
    # version numbers them in that order: pair them up by it.
    order = ("section", "position", "id")
    rows = dict(
        zip(
            old.analysis_items.order_by(*order).values_list("pk", flat=True),
            new.analysis_items.order_by(*order),
            strict=False,
        )
    )
    findings = dict(
        zip(
            old.findings.order_by("position", "id").values_list("pk", flat=True),
            new.findings.order_by("position", "id"),
            strict=False,
        )
    )
    copies = []
    for source in old.sources.exclude(target__in=[Source.Target.AIM, Source.Target.GOAL]).select_related("indicator"):
        item: dict[str, Any] = {}
        if source.indicator is not None:
            item["indicator"] = indicators.get(source.indicator.code)
        elif source.analysis_item_id is not None:
            item["analysis_item"] = rows.get(source.analysis_item_id)
        elif source.finding_id is not None:
            item["finding"] = findings.get(source.finding_id)
        if any(value is None for value in item.values()):
            continue
        copies.append(
            Source(
                plan=new, target=source.target, kind=source.kind, object_id=source.object_id, note=source.note, **item
            )
        )
    bulk_create_with_history(copies, Source, default_user=actor)
