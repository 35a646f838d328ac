"""What each part of the situation analysis (durum analizi) holds: the columns of its table and,
where it has them, its categories — the internal analysis' areas, the PESTLE factors, the SWOT
(GZFT) quadrants. The columns are the tables of the strategic planning guide for municipalities
(2019); the plan document draws the same tables from the same fields.

Every section stores its rows as ``AnalysisItem``: ``title`` is the first column, ``detail``,
``finding`` and ``need`` the others, ``category`` the group a row belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

TITLE_MAX = 500
DETAIL_MAX = 4000
FINDING_MAX = 2000
NEED_MAX = 2000

MAX_LENGTHS = {"title": TITLE_MAX, "detail": DETAIL_MAX, "finding": FINDING_MAX, "need": NEED_MAX}


@dataclass(frozen=True)
class Column:
    field: str
    """``title``, ``detail``, ``finding`` or ``need`` of ``AnalysisItem``."""
    label: Promise

    @property
    def max_length(self) -> int:
        return MAX_LENGTHS[self.field]


@dataclass(frozen=True)
class SectionLayout:
    key: str
    help: Promise
    columns: tuple[Column, ...]
    categories: dict[str, Promise] = field(default_factory=dict)
    """Code → label, in the order the groups are shown; empty when the section has no groups."""
    category_label: Promise | None = None

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(column.field for column in self.columns)


SUBJECT = _("Subject")
ASSESSMENT = _("Assessment")
FINDINGS = _("Findings")
NEEDS = _("Needs")

#: Kuruluş içi analiz: organisation, human resources, culture, physical and technological
#: resources, finances (DOMAIN.md §3).
INTERNAL_CATEGORIES: dict[str, Promise] = {
    "organisation": _("Organisational structure"),
    "people": _("Human resources"),
    "culture": _("Organisational culture"),
    "physical": _("Physical resources"),
    "technology": _("Technology and IT infrastructure"),
    "finance": _("Financial resources"),
}

PESTLE_CATEGORIES: dict[str, Promise] = {
    "political": _("Political"),
    "economic": _("Economic"),
    "social": _("Sociocultural"),
    "technological": _("Technological"),
    "legal": _("Legal"),
    "environmental": _("Environmental"),
}

#: GZFT: güçlü yönler, zayıf yönler, fırsatlar, tehditler — the keys of
#: ``selectors.swot_from_workshops``.
SWOT_CATEGORIES: dict[str, Promise] = {
    "strengths": _("Strengths"),
    "weaknesses": _("Weaknesses"),
    "opportunities": _("Opportunities"),
    "threats": _("Threats"),
}

SECTIONS: dict[str, SectionLayout] = {
    "history": SectionLayout(
        "history",
        _("How the municipality came to be what it is: its foundation, legal status and the milestones since."),
        (Column("title", SUBJECT), Column("detail", _("Description"))),
    ),
    "evaluation": SectionLayout(
        "evaluation",
        _("How far the current plan's aims and goals were reached, and what that teaches the new plan."),
        (Column("title", SUBJECT), Column("detail", ASSESSMENT), Column("finding", FINDINGS), Column("need", NEEDS)),
    ),
    "mandate": SectionLayout(
        "mandate",
        _("The municipality's legal obligations, the legislation they rest on, and what follows for the plan."),
        (
            Column("title", _("Legal obligation")),
            Column("detail", _("Basis")),
            Column("finding", FINDINGS),
            Column("need", NEEDS),
        ),
    ),
    "policy": SectionLayout(
        "policy",
        _(
            "The development plan, the medium-term programme, the regional plan and other higher policy "
            "documents: the tasks and needs they give the municipality."
        ),
        (
            Column("title", _("Higher policy document")),
            Column("detail", _("Related section or reference")),
            Column("need", _("Task or need")),
        ),
    ),
    "activity": SectionLayout(
        "activity",
        _("What the municipality does: its activity areas and the products and services of each."),
        (Column("title", _("Activity area")), Column("detail", _("Products and services"))),
    ),
    "internal": SectionLayout(
        "internal",
        _("The organisation itself: structure, people, culture, physical and technological resources, finances."),
        (Column("title", SUBJECT), Column("detail", ASSESSMENT), Column("finding", FINDINGS), Column("need", NEEDS)),
        INTERNAL_CATEGORIES,
        _("Area"),
    ),
    "pestle": SectionLayout(
        "pestle",
        _("Political, economic, social, technological, legal and environmental factors around the municipality."),
        (Column("title", SUBJECT), Column("detail", ASSESSMENT), Column("finding", FINDINGS), Column("need", NEEDS)),
        PESTLE_CATEGORIES,
        _("Factor"),
    ),
    "swot": SectionLayout(
        "swot",
        _(
            "Strengths and weaknesses inside the municipality, opportunities and threats around it (GZFT). "
            "Adopt items from the workshop tables below, or add your own."
        ),
        (Column("title", _("SWOT item")), Column("detail", _("Explanation"))),
        SWOT_CATEGORIES,
        _("SWOT quadrant"),
    ),
}


def layout(section: str) -> SectionLayout:
    return SECTIONS[section]
