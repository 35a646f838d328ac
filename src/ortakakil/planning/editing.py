"""Editing a draft plan in the back office: its aims, its goals with their goal cards (hedef
kartı), their performance indicators, and linking contributions to them.

Each write checks the permission and that the plan is still a draft (``services.require_editable``),
cleans the text people typed (``core.validation``), validates, and saves inside a transaction,
leaving its author in the history. Codes are unique across the whole plan (aims, goals and
indicators alike), as the interchange format and the public goal pages (``/plan/goals/H1.1/``)
need. The goal card's parts follow the 2018 strategic planning guide (DOMAIN.md §3).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ortakakil.core.models import Unit, User
from ortakakil.core.services import assign, audited_delete, audited_save
from ortakakil.core.validation import clean_optional_text, clean_text
from ortakakil.processes import contributions
from ortakakil.processes.models import Process, Theme

from . import interchange
from .models import CODE_MAX, Aim, Goal, Indicator, Plan, Source
from .services import require_editable, source_add

TITLE_MAX = 500
UNIT_MAX = 40
FREQUENCY_MAX = 40
DATA_SOURCE_MAX = 300
LIST_MAX_ITEMS = 100
"""At most this many risks (strategies, activities …) on one goal card."""
NUMBER_MAX = 1e15
ATTACH_MAX = 200
"""At most this many contributions linked in one go (a SWOT item stands for all its ideas)."""
CODE_RE = re.compile(r"^[0-9A-Za-zÇĞİÖŞÜçğıöşü][0-9A-Za-zÇĞİÖŞÜçğıöşü._-]*$")
GOAL_LISTS = ("risks", "controls", "strategies", "activities", "findings", "needs")


# --------------------------------------------------------------------------------------------
# Checks shared by the writes below
# --------------------------------------------------------------------------------------------


def _touch(plan: Plan) -> None:
    """The plan's "last change" follows its items (their own history records who changed what)."""
    Plan.objects.filter(pk=plan.pk).update(updated_at=timezone.now())


def _code(plan: Plan, value: Any, *, current: models.Model | None = None) -> str:
    code = clean_text(value, field="code", label=_("Code"), max_length=CODE_MAX)
    unchanged = current is not None and code == getattr(current, "code", None)
    if not unchanged and not (CODE_RE.match(code) and any(ch.isdigit() for ch in code)):
        raise ValidationError(
            {
                "code": _(
                    "A code has letters and digits, and may have dots, hyphens and underscores, e.g. A1, H1.2, PG1.2.3."
                )
            }
        )
    taken = [
        Aim.objects.filter(plan=plan, code=code),
        Goal.objects.filter(aim__plan=plan, code=code),
        Indicator.objects.filter(goal__aim__plan=plan, code=code),
    ]
    for queryset in taken:
        if current is not None and queryset.model is type(current):
            queryset = queryset.exclude(pk=current.pk)
        if queryset.exists():
            raise ValidationError(
                {
                    "code": _(
                        "The code %(code)s is already used in this plan; aims, goals and indicators each need "
                        "their own code."
                    )
                    % {"code": code}
                }
            )
    return code


def _title(value: Any) -> str:
    return clean_text(value, field="title", label=_("Title"), max_length=TITLE_MAX)


def _number(value: Any, *, field: str, label: str, minimum: float | None = None) -> int | float | None:
    """A number for the plan (``None`` stays ``None``); whole numbers are kept as integers so the
    exported JSON reads ``120``, not ``120.0``."""
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValidationError({field: _("%(label)s must be a number.") % {"label": label}}) from None
    if isinstance(value, bool) or not math.isfinite(number) or abs(number) >= NUMBER_MAX:
        raise ValidationError({field: _("%(label)s must be a number.") % {"label": label}})
    if minimum is not None and number < minimum:
        raise ValidationError({field: _("%(label)s cannot be negative.") % {"label": label}})
    return int(number) if number.is_integer() else number


def _weight(value: Any, *, required: bool) -> int | float | None:
    weight = _number(value, field="weight", label=_("Weight"))
    if weight is None:
        if required:
            raise ValidationError({"weight": _("Give the weight (0–100).")})
        return None
    if not 0 <= weight <= 100:
        raise ValidationError({"weight": _("A weight is between 0 and 100.")})
    return weight


def _lines(values: Any, *, field: str, label: str) -> list[str]:
    """A list part of the goal card (risks, strategies …): each item cleaned, empty ones dropped."""
    items = [values] if isinstance(values, str) else list(values or [])
    out = []
    for value in items:
        text = clean_optional_text(str(value), field=field, label=label, max_length=interchange.MAX_TEXT)
        if text:
            out.append(text)
    if len(out) > LIST_MAX_ITEMS:
        raise ValidationError(
            {field: _("%(label)s can have at most %(max)d items.") % {"label": label, "max": LIST_MAX_ITEMS}}
        )
    return out


def _by_year(
    plan: Plan, values: Mapping[Any, Any], *, field: str, label: str, minimum: float | None = None
) -> dict[str, int | float]:
    """``{year: number}`` for the plan's years; years left empty are left out."""
    years = {str(year) for year in plan.years}
    out: dict[str, int | float] = {}
    for year, value in values.items():
        key = str(year)
        if key not in years:
            raise ValidationError({field: _("%(year)s is not a year of the plan.") % {"year": key}})
        number = _number(value, field=field, label=f"{label} ({key})", minimum=minimum)
        if number is not None:
            out[key] = number
    return {key: out[key] for key in sorted(out)}


def _next_position(queryset: models.QuerySet[Any]) -> int:
    return int(queryset.aggregate(n=Max("position"))["n"] or 0) + 1


def _refuse_aim_change_in_update(plan: Plan) -> None:
    if plan.kind == Plan.Kind.UPDATE:
        raise ValidationError(
            _("An update (güncelleme) keeps the aims of the approved plan: they cannot be added, removed or renamed.")
        )


# --------------------------------------------------------------------------------------------
# Aims (amaçlar)
# --------------------------------------------------------------------------------------------


@transaction.atomic
def aim_create(*, actor: User, plan: Plan, code: str, title: str, weight: float | None = None) -> Aim:
    """Add an aim (amaç) at the end of the plan."""
    require_editable(actor, plan)
    _refuse_aim_change_in_update(plan)
    aim = Aim(
        plan=plan,
        code=_code(plan, code),
        title=_title(title),
        weight=_weight(weight, required=False),
        position=_next_position(plan.aims.all()),
    )
    audited_save(aim, actor=actor)
    _touch(plan)
    return aim


@transaction.atomic
def aim_update(*, actor: User, aim: Aim, code: str, title: str, weight: float | None = None) -> Aim:
    plan = aim.plan
    require_editable(actor, plan)
    data = {"code": _code(plan, code, current=aim), "title": _title(title), "weight": _weight(weight, required=False)}
    if plan.kind == Plan.Kind.UPDATE and (data["code"], data["title"]) != (aim.code, aim.title):
        _refuse_aim_change_in_update(plan)
    changed = assign(aim, data)
    if changed:
        audited_save(aim, actor=actor, update_fields=changed)
        _touch(plan)
    return aim


@transaction.atomic
def aim_delete(*, actor: User, aim: Aim) -> None:
    """Delete an aim with its goals, their indicators and the links to their sources."""
    plan = aim.plan
    require_editable(actor, plan)
    _refuse_aim_change_in_update(plan)
    audited_delete(aim, actor=actor)
    _touch(plan)


# --------------------------------------------------------------------------------------------
# Goals (hedefler) and their goal cards
# --------------------------------------------------------------------------------------------


@transaction.atomic
def goal_create(*, actor: User, aim: Aim, code: str, title: str, weight: float | None = None) -> Goal:
    """Add a goal (hedef) at the end of ``aim``; its card is filled in afterwards."""
    plan = aim.plan
    require_editable(actor, plan)
    goal = Goal(
        aim=aim,
        code=_code(plan, code),
        title=_title(title),
        weight=_weight(weight, required=False),
        position=_next_position(aim.goals.all()),
    )
    audited_save(goal, actor=actor)
    _touch(plan)
    return goal


def _units(plan: Plan, units: Iterable[Unit], *, field: str) -> list[Unit]:
    found = list(units)
    if any(unit.organisation_id != plan.process.organisation_id for unit in found):
        raise ValidationError({field: _("Choose units of the municipality that owns the plan.")})
    return found


def _themes(process: Process, themes: Iterable[Theme]) -> list[Theme]:
    found = list(themes)
    if any(theme.process_id != process.pk for theme in found):
        raise ValidationError({"themes": _("Choose themes of this process.")})
    return found


@transaction.atomic
def goal_update(*, actor: User, goal: Goal, data: Mapping[str, Any]) -> Goal:
    """Save the goal card: code, title, weight, responsible and cooperating units, themes, the
    list parts (risks, control activities, strategies, activities and projects, findings, needs)
    and the cost estimate per plan year. Keys absent from ``data`` stay as they are."""
    plan = goal.aim.plan
    require_editable(actor, plan)
    fields: dict[str, Any] = {}
    if "code" in data:
        fields["code"] = _code(plan, data["code"], current=goal)
    if "title" in data:
        fields["title"] = _title(data["title"])
    if "weight" in data:
        fields["weight"] = _weight(data["weight"], required=False)
    if "responsible_unit" in data:
        unit = data["responsible_unit"]
        fields["responsible_unit"] = _units(plan, [unit], field="responsible_unit")[0] if unit else None
    labels = {
        "risks": _("Risks"),
        "controls": _("Control activities"),
        "strategies": _("Strategies"),
        "activities": _("Activities and projects"),
        "findings": _("Findings"),
        "needs": _("Needs"),
    }
    for key in GOAL_LISTS:
        if key in data:
            fields[key] = _lines(data[key], field=key, label=labels[key])
    if "costs" in data:
        fields["costs"] = _by_year(plan, data["costs"], field="costs", label=_("Cost estimate"), minimum=0)
    m2m_changed = False
    if "cooperating_units" in data:
        units = _units(plan, data["cooperating_units"], field="cooperating_units")
        if {u.pk for u in units} != set(goal.cooperating_units.values_list("pk", flat=True)):
            goal.cooperating_units.set(units)
            m2m_changed = True
    if "themes" in data:
        themes = _themes(plan.process, data["themes"])
        if {t.pk for t in themes} != set(goal.themes.values_list("pk", flat=True)):
            goal.themes.set(themes)
            m2m_changed = True
    changed = assign(goal, fields)
    if changed or m2m_changed:
        # A save after the many-to-many changes, so the history's snapshot holds them too.
        audited_save(goal, actor=actor, update_fields=changed or ["title"])
        _touch(plan)
    return goal


@transaction.atomic
def goal_delete(*, actor: User, goal: Goal) -> None:
    """Delete a goal with its indicators and the links to its sources."""
    plan = goal.aim.plan
    require_editable(actor, plan)
    audited_delete(goal, actor=actor)
    _touch(plan)


# --------------------------------------------------------------------------------------------
# Performance indicators (performans göstergeleri)
# --------------------------------------------------------------------------------------------

INDICATOR_TEXTS = {
    "unit": UNIT_MAX,
    "monitoring": FREQUENCY_MAX,
    "reporting": FREQUENCY_MAX,
    "data_source": DATA_SOURCE_MAX,
    "description": interchange.MAX_TEXT,
}


def _indicator_fields(plan: Plan, data: Mapping[str, Any], *, current: Indicator | None) -> dict[str, Any]:
    labels = {
        "unit": _("Unit of measure"),
        "monitoring": _("Monitoring frequency"),
        "reporting": _("Reporting frequency"),
        "data_source": _("Data source"),
        "description": _("Description"),
    }
    fields: dict[str, Any] = {}
    if "code" in data:
        fields["code"] = _code(plan, data["code"], current=current)
    if "title" in data:
        fields["title"] = _title(data["title"])
    if "direction" in data:
        if data["direction"] not in Indicator.Direction.values:
            raise ValidationError({"direction": _("The direction is an increase or a decrease.")})
        fields["direction"] = data["direction"]
    if "weight" in data:
        fields["weight"] = _weight(data["weight"], required=True)
    if "baseline" in data:
        fields["baseline"] = _number(data["baseline"], field="baseline", label=_("Baseline"))
    if "targets" in data:
        fields["targets"] = _by_year(plan, data["targets"], field="targets", label=_("Target"))
    if "cumulative" in data:
        fields["cumulative"] = bool(data["cumulative"])
    for key, limit in INDICATOR_TEXTS.items():
        if key in data:
            fields[key] = clean_optional_text(data[key], field=key, label=labels[key], max_length=limit)
    return fields


@transaction.atomic
def indicator_create(*, actor: User, goal: Goal, data: Mapping[str, Any]) -> Indicator:
    """Add a performance indicator to the goal card: code, title, unit, direction, weight (its
    effect on the goal, %), baseline, a target for each plan year, monitoring and reporting
    frequency, cumulative or not, data source, description."""
    plan = goal.aim.plan
    require_editable(actor, plan)
    if "code" not in data or "title" not in data or "weight" not in data:
        raise ValidationError(_("An indicator needs a code, a title and a weight."))
    indicator = Indicator(goal=goal, position=_next_position(goal.indicators.all()))
    assign(indicator, _indicator_fields(plan, data, current=None))
    audited_save(indicator, actor=actor)
    _touch(plan)
    return indicator


@transaction.atomic
def indicator_update(*, actor: User, indicator: Indicator, data: Mapping[str, Any]) -> Indicator:
    """Change an indicator; its measured values (``actuals``) stay as they are."""
    plan = indicator.goal.aim.plan
    require_editable(actor, plan)
    changed = assign(indicator, _indicator_fields(plan, data, current=indicator))
    if changed:
        audited_save(indicator, actor=actor, update_fields=changed)
        _touch(plan)
    return indicator


@transaction.atomic
def indicator_delete(*, actor: User, indicator: Indicator) -> None:
    plan = indicator.goal.aim.plan
    require_editable(actor, plan)
    audited_delete(indicator, actor=actor)
    _touch(plan)


# --------------------------------------------------------------------------------------------
# Sources: what a plan item answers
# --------------------------------------------------------------------------------------------


@transaction.atomic
def sources_attach(
    *, actor: User, plan: Plan, target: str, item: Aim | Goal | Indicator, kind: str, object_ids: Sequence[int]
) -> int:
    """Link the contributions ``kind``/``object_ids`` to a plan item, all or none (a SWOT item
    links every workshop idea behind it); returns how many links are new."""
    require_editable(actor, plan)
    ids = list(dict.fromkeys(object_ids))
    if not ids:
        raise ValidationError(_("Choose a contribution to link."))
    if len(ids) > ATTACH_MAX:
        raise ValidationError(_("Link at most %(max)d contributions at once.") % {"max": ATTACH_MAX})
    if kind not in {registered.key for registered in contributions.kinds()}:
        raise ValidationError(_("No such contribution in this process."))
    before = Source.objects.filter(plan=plan).count()
    for object_id in ids:
        source_add(actor=actor, plan=plan, target=target, item=item, kind=kind, object_id=object_id)
    return Source.objects.filter(plan=plan).count() - before


def answer_cites_goal(*, actor: Any, process: Process, code: str, kind: str, object_id: int) -> None:
    """An official answer cites the goal ``code``: while the latest plan is a draft that the
    answering person may edit, the answered contribution becomes a source of that goal; else the
    answer keeps the code alone (a submitted or approved plan is the record)."""
    from .selectors import latest_plan

    plan = latest_plan(process)
    if plan is None or not plan.is_editable or not actor.has_perm("planning.manage_plan", process):
        return
    goal = Goal.objects.filter(aim__plan=plan, code=code).first()
    if goal is None or not contributions.lookup(process, kind, [object_id]):
        return
    source_add(actor=actor, plan=plan, target=Source.Target.GOAL, item=goal, kind=kind, object_id=object_id)
