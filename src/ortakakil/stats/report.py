"""The statistics page's parts: for each chart, its table (caption, headings, rows) and its SVG,
built from :class:`counting.Figures` one way for the page and its CSV file, so the chart, the
table beside it and the download always give the same numbers.

The public page shows every district figure under 5 as «—»; the staff page shows the proposals
by district in full but still hides people counts under 5 (no one can be singled out).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ortakakil.processes.contributions import CITIZEN
from ortakakil.proposals.district_map import BLUES, choropleth_fills, district_map_svg
from ortakakil.proposals.models import AnswerState
from ortakakil.workshops.models import StakeholderOrganisation

from . import charts, counting
from .suppression import THRESHOLD, suppress

PUBLIC_CHARTS = ("totals", "time", "channel", "district", "theme", "stakeholder")
STAFF_CHARTS = ("totals", "time", "daily", "channel", "district", "theme", "stakeholder", "answer_state", "unit")

SERIES_LABELS = {
    counting.PROPOSALS: gettext_lazy("Proposals"),
    counting.SUPPORTS: gettext_lazy("Supports"),
    counting.COMMENTS: gettext_lazy("Comments"),
    counting.SURVEY_RESPONSES: gettext_lazy("Survey responses"),
    counting.WORKSHOP_IDEAS: gettext_lazy("Workshop ideas"),
}
CHANNEL_LABELS = {
    counting.WEB: gettext_lazy("Web"),
    counting.WORKSHOP_PHONE: gettext_lazy("Phone at a workshop"),
    counting.WORKSHOP_TABLE: gettext_lazy("Facilitator at a workshop table"),
    counting.IMPORT: gettext_lazy("Import (e-mail, paper …)"),
}

Cell = str | int | None


@dataclass(frozen=True)
class Part:
    """One chart of the page with its table."""

    key: str
    title: str
    caption: str
    headers: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    svg: str
    note: str = ""

    @property
    def table_id(self) -> str:
        return f"stats-{self.key}-table"


def stakeholder_label(key: str) -> str:
    if key == CITIZEN:
        return _("Citizen")
    if key == counting.STAKEHOLDER_REP:
        return _("Stakeholder representative")
    if key in StakeholderOrganisation.Type.values:
        return str(StakeholderOrganisation.Type(key).label)
    return _("Unknown")


def _bars(key: str, title: str, rows: Sequence[tuple[str, int | None]], description: str) -> str:
    return charts.bar_chart(
        rows,
        chart_id=f"stats-{key}",
        title=title,
        description=description,
        described_by=f"stats-{key}-table",
        empty=_("Nothing to count yet."),
    )


def _totals(found: counting.Figures) -> Part:
    rows: list[tuple[str, int | None]] = [
        (_("Participants"), found.participants),
        (str(SERIES_LABELS[counting.PROPOSALS]), found.proposals),
        (str(SERIES_LABELS[counting.SUPPORTS]), found.supports),
        (str(SERIES_LABELS[counting.COMMENTS]), found.comments),
        (str(SERIES_LABELS[counting.SURVEY_RESPONSES]), found.survey_responses),
        (str(SERIES_LABELS[counting.WORKSHOP_IDEAS]), found.workshop_ideas),
    ]
    title = _("Participation in numbers")
    return Part(
        key="totals",
        title=title,
        caption=_("Participants and contributions"),
        headers=[_("Figure"), _("How many")],
        rows=rows,
        svg=_bars("totals", title, rows, _("Bars: participants and each kind of contribution.")),
    )


def _time(found: counting.Figures, *, daily: bool) -> Part:
    series = found.daily if daily else counting.weekly(found.daily)
    key = "daily" if daily else "time"
    periods = [day.isoformat() if daily else day.strftime("%d.%m.%Y") for day in series]
    lines = [(str(SERIES_LABELS[k]), [series[day][k] for day in series]) for k in counting.SERIES_KEYS]
    title = _("Contributions by day") if daily else _("Contributions by week")
    description = (
        _("One line per kind of contribution; each point is a day.")
        if daily
        else _("One line per kind of contribution; each point is a week, named by its Monday.")
    )
    return Part(
        key=key,
        title=title,
        caption=title,
        headers=[_("Day") if daily else _("Week of"), *(str(SERIES_LABELS[k]) for k in counting.SERIES_KEYS)],
        rows=[
            [period, *(series[day][k] for k in counting.SERIES_KEYS)]
            for period, day in zip(periods, series, strict=True)
        ],
        svg=charts.time_chart(
            periods,
            lines,
            chart_id=f"stats-{key}",
            title=title,
            description=description,
            described_by=f"stats-{key}-table",
            empty=_("Nothing to count yet."),
        ),
    )


def _channel(found: counting.Figures) -> Part:
    rows: list[tuple[str, int | None]] = [(str(CHANNEL_LABELS[k]), found.by_channel[k]) for k in counting.CHANNELS]
    title = _("Contributions by channel")
    return Part(
        key="channel",
        title=title,
        caption=title,
        headers=[_("Channel"), _("Contributions")],
        rows=rows,
        svg=_bars("channel", title, rows, _("Bars: contributions that came on each channel.")),
    )


def _district(found: counting.Figures, *, staff: bool) -> Part:
    proposals = {name: (d.proposals if staff else suppress(d.proposals)) for name, d in found.by_district.items()}
    people = {name: suppress(d.participants) for name, d in found.by_district.items()}
    title = _("Proposals by district")
    description = _(
        "A tile map of the districts of Ankara, each coloured by its number of proposals (darker: more). "
        "A district with fewer than %(n)d is shown as «—»."
    ) % {"n": THRESHOLD}
    if staff:
        description = _(
            "A tile map of the districts of Ankara, each coloured by its number of proposals (darker: more)."
        )
    svg = district_map_svg(
        title=title,
        description=description,
        values={name: ("—" if n is None else charts.format_count(n)) for name, n in proposals.items()},
        fills=choropleth_fills(proposals),
        id_prefix="stats-district",
    )
    return Part(
        key="district",
        title=title,
        caption=_("Proposals and participants by district"),
        headers=[_("District"), _("Proposals"), _("Participants")],
        rows=[[name, proposals[name], people[name]] for name in found.by_district],
        svg=svg,
        note=_("«—»: fewer than %(n)d, not shown so that no one can be singled out.") % {"n": THRESHOLD},
    )


def _theme(found: counting.Figures) -> Part:
    title = _("Contributions by theme")
    rows = [(found.theme_names.get(code, code), n) for code, n in found.by_theme.items()]
    return Part(
        key="theme",
        title=title,
        caption=title,
        headers=[_("Code"), _("Theme"), _("Contributions")],
        rows=[[code, found.theme_names.get(code, code), n] for code, n in found.by_theme.items()],
        svg=_bars("theme", title, list(rows), _("Bars: proposals and workshop ideas of each theme.")),
    )


def _stakeholder(found: counting.Figures) -> Part:
    title = _("Contributions by stakeholder type")
    rows: list[tuple[str, int | None]] = [(stakeholder_label(k), n) for k, n in found.by_stakeholder_type.items()]
    return Part(
        key="stakeholder",
        title=title,
        caption=title,
        headers=[_("Who"), _("Contributions")],
        rows=rows,
        svg=_bars(
            "stakeholder", title, rows, _("Bars: contributions by the kind of person or organisation that made them.")
        ),
    )


def _answer_state(found: counting.Figures) -> Part:
    title = _("Proposals by answer")
    rows: list[tuple[str, int | None]] = [
        (str(AnswerState(state).label), found.by_answer_state.get(state, 0)) for state in AnswerState.values
    ]
    return Part(
        key="answer_state",
        title=title,
        caption=title,
        headers=[_("Answer"), _("Proposals")],
        rows=rows,
        svg=_bars("answer_state", title, rows, _("Bars: public proposals in each answer state.")),
    )


def _unit(found: counting.Figures) -> Part:
    title = _("Proposals by assigned unit")
    items = sorted(found.by_unit.items(), key=lambda item: (item[0] is None or item[0] == "", -item[1], item[0] or ""))
    rows: list[tuple[str, int | None]] = [(name or _("Not assigned"), n) for name, n in items]
    return Part(
        key="unit",
        title=title,
        caption=title,
        headers=[_("Unit"), _("Proposals")],
        rows=rows,
        svg=_bars("unit", title, rows, _("Bars: public proposals assigned to each unit.")),
    )


def parts(found: counting.Figures, *, staff: bool = False) -> dict[str, Part]:
    """The page's charts with their tables, in page order."""
    built = {
        "totals": _totals(found),
        "channel": _channel(found),
        "district": _district(found, staff=staff),
        "theme": _theme(found),
        "stakeholder": _stakeholder(found),
    }
    if staff:
        built["daily"] = _time(found, daily=True)
        built["time"] = _time(found, daily=False)
        built["answer_state"] = _answer_state(found)
        built["unit"] = _unit(found)
    else:
        built["time"] = _time(found, daily=False)
    return {key: built[key] for key in (STAFF_CHARTS if staff else PUBLIC_CHARTS)}


def part(found: counting.Figures, key: str, *, staff: bool = False) -> Part | None:
    return parts(found, staff=staff).get(key)


def map_legend(found: counting.Figures, *, staff: bool = False) -> list[tuple[str, str]]:
    """The choropleth's legend: each colour used with the range of proposal counts it stands for,
    then the empty colour for «—» (fewer than 5)."""
    proposals = {name: (d.proposals if staff else suppress(d.proposals)) for name, d in found.by_district.items()}
    fills = choropleth_fills(proposals)
    ranges: dict[str, list[int]] = {}
    for name, colour in fills.items():
        count = proposals[name]
        if count is not None:
            ranges.setdefault(colour, []).append(count)
    legend = []
    for colour in BLUES:
        if colour in ranges:
            low, high = min(ranges[colour]), max(ranges[colour])
            legend.append((colour, str(low) if low == high else f"{low}–{high}"))
    if any(n is None for n in proposals.values()):
        legend.append((EMPTY_FILL, _("— fewer than %(n)d") % {"n": THRESHOLD}))
    return legend


EMPTY_FILL = "#eef1f4"
