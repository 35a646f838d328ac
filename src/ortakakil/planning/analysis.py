"""Writes of the situation analysis (durum analizi) and of looking ahead (geleceğe bakış): the rows
of each analysis section, SWOT items adopted from the workshop tables with the ideas behind them,
the findings and needs table (tespitler ve ihtiyaçlar), and the mission, vision, core values and
foreword of a draft plan.

Like every write of the plan, each function checks ``planning.manage_plan`` and refuses a plan
that is no longer a draft (``services.require_editable``), cleans the text people typed
(``core.validation``), saves in a transaction and leaves its author in the history.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils.translation import gettext as _

from ortakakil.core.models import User
from ortakakil.core.services import assign, audited_delete, audited_save
from ortakakil.core.text import search_fold, visible
from ortakakil.core.validation import clean_optional_text, clean_text

from . import analysis_layout, selectors, services
from .models import AnalysisItem, Finding, Plan, Source

FINDING_MAX = 2000
NEED_MAX = 2000
MISSION_MAX = 2000
VISION_MAX = 2000
FOREWORD_MAX = 20000
VALUE_MAX = 200
VALUES_MAX = 30


def _next_position(rows: QuerySet[Any]) -> int:
    highest = rows.aggregate(n=Max("position"))["n"]
    return 0 if highest is None else highest + 1


# --------------------------------------------------------------------------------------------
# Rows of the analysis sections
# --------------------------------------------------------------------------------------------


def _item_values(section: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """The cleaned values of the columns ``section`` shows; other fields are left as they are
    (an imported row may carry text in a column its section does not show)."""
    layout = analysis_layout.layout(section)
    values: dict[str, Any] = {}
    if layout.categories:
        category = data.get("category") or ""
        if category not in layout.categories:
            raise ValidationError(
                {
                    "category": _("Choose one of the groups of this section: %(groups)s.")
                    % {"groups": ", ".join(str(label) for label in layout.categories.values())}
                }
            )
        values["category"] = category
    for column in layout.columns:
        if column.field == "title":
            values["title"] = clean_text(
                data.get("title"), field="title", label=str(column.label), max_length=column.max_length
            )
        else:
            values[column.field] = clean_optional_text(
                data.get(column.field), field=column.field, label=str(column.label), max_length=column.max_length
            )
    return values


@transaction.atomic
def analysis_item_create(*, actor: User, plan: Plan, section: str, data: Mapping[str, Any]) -> AnalysisItem:
    """Add a row at the end of a situation-analysis section of a draft plan."""
    services.require_editable(actor, plan)
    if section not in AnalysisItem.Section.values:
        raise ValidationError(_("The situation analysis has no such section."))
    item = AnalysisItem(
        plan=plan, section=section, position=_next_position(plan.analysis_items.filter(section=section))
    )
    assign(item, _item_values(section, data))
    return audited_save(item, actor=actor)


@transaction.atomic
def analysis_item_update(*, actor: User, item: AnalysisItem, data: Mapping[str, Any]) -> AnalysisItem:
    services.require_editable(actor, item.plan)
    changed = assign(item, _item_values(item.section, data))
    if not changed:
        return item
    return audited_save(item, actor=actor, update_fields=changed)


@transaction.atomic
def analysis_item_delete(*, actor: User, item: AnalysisItem) -> None:
    """Delete a row and the links to the contributions behind it (the history keeps both)."""
    services.require_editable(actor, item.plan)
    for source in item.sources.all():
        audited_delete(source, actor=actor)
    audited_delete(item, actor=actor)


def _swot_title(text: str) -> str:
    title = " ".join(visible(text).split())
    limit = analysis_layout.TITLE_MAX
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


@transaction.atomic
def swot_item_adopt(*, actor: User, plan: Plan, idea_id: int, theme_code: str = "") -> AnalysisItem:
    """Take a SWOT item the workshop tables recorded into the analysis: a SWOT row in its
    quadrant, linked to every idea behind it (``Source``: a workshop idea). ``idea_id`` is one
    of those ideas and ``theme_code`` the theme the grid was filtered by, so the same ideas are
    grouped as on the page. Adopting an item again adds the ideas said since to the same row."""
    services.require_editable(actor, plan)
    found = selectors.swot_item_of(plan.process, idea_id, theme_code=theme_code)
    if found is None:
        raise ValidationError(_("The workshop tables recorded no SWOT item with this idea."))
    category, swot = found
    item = (
        AnalysisItem.objects.filter(
            plan=plan,
            section=AnalysisItem.Section.SWOT,
            category=category,
            sources__kind="workshop_idea",
            sources__object_id__in=swot.idea_ids,
        )
        .order_by("pk")
        .first()
    )
    if item is None:
        item = AnalysisItem(
            plan=plan,
            section=AnalysisItem.Section.SWOT,
            category=category,
            title=_swot_title(swot.text),
            position=_next_position(plan.analysis_items.filter(section=AnalysisItem.Section.SWOT)),
        )
        audited_save(item, actor=actor)
    for pk in swot.idea_ids:
        services.source_add(
            actor=actor, plan=plan, target=Source.Target.ANALYSIS, kind="workshop_idea", object_id=pk, item=item
        )
    return item


# --------------------------------------------------------------------------------------------
# Findings and needs (tespitler ve ihtiyaçlar)
# --------------------------------------------------------------------------------------------


def _finding_values(data: Mapping[str, Any]) -> dict[str, Any]:
    section = data.get("section") or ""
    if section not in Finding.Section.values:
        raise ValidationError({"section": _("Choose the analysis the finding comes from.")})
    return {
        "section": section,
        "finding": clean_text(data.get("finding"), field="finding", label=_("Finding"), max_length=FINDING_MAX),
        "need": clean_optional_text(data.get("need"), field="need", label=_("Need"), max_length=NEED_MAX),
    }


@transaction.atomic
def finding_create(*, actor: User, plan: Plan, data: Mapping[str, Any]) -> Finding:
    """Add a row to the findings and needs table of a draft plan."""
    services.require_editable(actor, plan)
    finding = Finding(plan=plan, position=_next_position(plan.findings.all()))
    assign(finding, _finding_values(data))
    return audited_save(finding, actor=actor)


@transaction.atomic
def finding_update(*, actor: User, finding: Finding, data: Mapping[str, Any]) -> Finding:
    services.require_editable(actor, finding.plan)
    changed = assign(finding, _finding_values(data))
    if not changed:
        return finding
    return audited_save(finding, actor=actor, update_fields=changed)


@transaction.atomic
def finding_delete(*, actor: User, finding: Finding) -> None:
    services.require_editable(actor, finding.plan)
    for source in finding.sources.all():
        audited_delete(source, actor=actor)
    audited_delete(finding, actor=actor)


# --------------------------------------------------------------------------------------------
# Looking ahead: mission, vision, core values, foreword
# --------------------------------------------------------------------------------------------


def values_from_text(value: str | list[str] | None) -> list[str]:
    """Core values from a list or from text with one value per line: each cleaned, blank lines
    dropped, a value repeated (Turkish case forgiven) kept once."""
    lines = value.splitlines() if isinstance(value, str) else list(value or [])
    values: list[str] = []
    seen: set[str] = set()
    label = _("Core value")
    for line in lines:
        text = clean_optional_text(line, field="values", label=label, max_length=VALUE_MAX)
        key = search_fold(text)
        if text and key not in seen:
            seen.add(key)
            values.append(" ".join(text.split()))
    if len(values) > VALUES_MAX:
        raise ValidationError(
            {"values": _("Give at most %(max)d core values (there are %(n)d).") % {"max": VALUES_MAX, "n": len(values)}}
        )
    return values


@transaction.atomic
def plan_texts_update(*, actor: User, plan: Plan, data: Mapping[str, Any]) -> Plan:
    """Write the mission (misyon), vision (vizyon), core values (temel değerler) and foreword
    (sunuş) of a draft plan; the plan's history keeps every earlier text and who changed it.

    An update (güncelleme) keeps the approved plan's mission and vision (the 2021 regulation on
    strategic plans: an update may change goals, indicators and strategies only)."""
    services.require_editable(actor, plan)
    values: dict[str, Any] = {
        "mission": clean_optional_text(
            data.get("mission"), field="mission", label=_("Mission"), max_length=MISSION_MAX
        ),
        "vision": clean_optional_text(data.get("vision"), field="vision", label=_("Vision"), max_length=VISION_MAX),
        "values": values_from_text(data.get("values")),
        "foreword": clean_optional_text(
            data.get("foreword"), field="foreword", label=_("Foreword"), max_length=FOREWORD_MAX
        ),
    }
    if plan.kind == Plan.Kind.UPDATE and plan.based_on is not None:
        locked = {
            "mission": _("An update keeps the mission of the approved plan."),
            "vision": _("An update keeps the vision of the approved plan."),
        }
        errors = {}
        for key, message in locked.items():
            if values[key] != visible(getattr(plan.based_on, key)):
                errors[key] = message
            else:
                values[key] = getattr(plan.based_on, key)  # as approved, to the character
        if errors:
            raise ValidationError(errors)
    changed = assign(plan, values)
    if not changed:
        return plan
    return audited_save(plan, actor=actor, update_fields=[*changed, "updated_at"])
