"""Reads for workshops: the data of table and workshop reports."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from .models import PESTLE_KINDS, SWOT_KINDS, Idea, Workshop, WorkshopTable

TOP_VOTED = 5


@dataclass
class TableReport:
    table: WorkshopTable
    theme_name: str
    facilitators: list[str]
    swot: dict[str, list[Idea]]
    pestle: dict[str, list[Idea]]
    proposals: list[Idea]
    problems: list[Idea]
    top_voted: list[Idea]
    by_kind: dict[str, int]
    organisation_types: dict[str, int] = field(default_factory=dict)


def table_report(table: WorkshopTable, ideas: list[Idea]) -> TableReport:
    def of(kinds: tuple[str, ...]) -> dict[str, list[Idea]]:
        return {kind: [i for i in ideas if i.kind == kind] for kind in kinds}

    speakers = {i.speaker_id: i.speaker for i in ideas if i.speaker is not None}
    types = Counter(s.get_type_display() for s in speakers.values() if s is not None)
    return TableReport(
        table=table,
        theme_name=table.theme.name,
        facilitators=[f.get_full_name() or f.username for f in table.facilitators.all()],
        swot=of(SWOT_KINDS),
        pestle=of(PESTLE_KINDS),
        proposals=[i for i in ideas if i.kind == Idea.Kind.PROPOSAL],
        problems=[i for i in ideas if i.kind == Idea.Kind.PROBLEM],
        top_voted=sorted(ideas, key=lambda i: (-i.votes_count, i.pk))[:TOP_VOTED],
        by_kind=dict(Counter(i.get_kind_display() for i in ideas)),
        organisation_types=dict(types.most_common()),
    )


def workshop_report(workshop: Workshop) -> list[TableReport]:
    tables = (
        workshop.tables.select_related("theme")
        .prefetch_related(
            "facilitators",
            Prefetch("ideas", queryset=Idea.objects.select_related("speaker").order_by("-votes_count", "pk")),
        )
        .order_by("theme__position", "pk")
    )
    return [table_report(table, list(table.ideas.all())) for table in tables]


def first_workshop(process_slug: str) -> Workshop | None:
    return Workshop.objects.filter(process__slug=process_slug).select_related("process").order_by("date", "pk").first()


@dataclass
class Quadrant:
    key: str
    label: str
    action: str
    organisations: list[object]


def priority_matrix(organisation_id: int) -> list[Quadrant]:
    """The stakeholder priority matrix of the planning guide, strong quadrants first."""
    from django.utils.translation import gettext as _

    from .matrix import Priority, priority
    from .models import StakeholderOrganisation

    labels = {
        Priority.PARTNER: (_("Strong influence, strong importance"), _("Work together")),
        Priority.INFORM: (_("Strong influence, weak importance"), _("Inform")),
        Priority.INVOLVE: (_("Weak influence, strong importance"), _("Protect their interests and involve them")),
        Priority.MONITOR: (_("Weak influence, weak importance"), _("Monitor")),
    }
    quadrants = {
        key: Quadrant(key=key.value, label=label, action=action, organisations=[])
        for key, (label, action) in labels.items()
    }
    for stakeholder in StakeholderOrganisation.objects.filter(organisation_id=organisation_id).order_by("name"):
        quadrants[priority(stakeholder.influence, stakeholder.importance)].organisations.append(stakeholder)
    return list(quadrants.values())


def product_matrix(organisation_id: int) -> tuple[list[Any], list[tuple[Any, list[bool]]]]:
    """The stakeholder × product/service matrix: which stakeholder is concerned with which theme."""
    from ortakakil.processes.models import Theme

    from .models import StakeholderOrganisation

    stakeholders = list(
        StakeholderOrganisation.objects.filter(organisation_id=organisation_id)
        .prefetch_related("themes")
        .order_by("type", "name")
    )
    themes = list(
        Theme.objects.filter(stakeholders__organisation_id=organisation_id).distinct().order_by("position", "code")
    )
    rows = [(s, [theme in s.themes.all() for theme in themes]) for s in stakeholders]
    return themes, rows
