"""Reads of the staff triage list («Öneri değerlendirme»): the proposals of a process (the hidden
ones under their own state), filtered
from the query string, searched, sorted and paged; the units and evaluators proposals may be
assigned to; the saved views of a staff member.

Unit managers see only what is assigned to their unit (``triage_scope``); the strategy team sees
every proposal of its organisation's processes, hidden and merged ones included.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from ortakakil.core.db import turkish_order
from ortakakil.core.models import STAFF_ROLES, Role, Unit, User
from ortakakil.processes.models import Process

from .models import AnswerState, Attachment, Proposal, SavedView
from .selectors import text_search

PAGE_SIZE = 50
EXPORT_MAX = 100_000
"""Rows an export holds at most; the page says when the filter matched more."""
SUPPORTS_MAX = 10_000_000

TRIAGE_SORTS = {
    "newest": ("-created_at", "-pk"),
    "oldest": ("created_at", "pk"),
    "most_supported": ("-supports_count", "-created_at", "-pk"),
    "most_reported": ("-reports_count", "-created_at", "-pk"),
}
EXTRA_STATES = ("unanswered", "hidden", "merged")
NONE = "none"
NUMBER = re.compile(r"#?\s*(\d{1,12})")
"""A search for a proposal's number, as the lists show it: «#629»; a bare number too when such a
proposal is in the list (otherwise it is searched as text)."""
"""The filter value of «atanmamış» (no unit, no evaluator)."""


@dataclass(frozen=True)
class TriageFilters:
    """The triage list's filter, read from (and written back to) the query string."""

    theme: str = ""
    district: str = ""
    neighbourhood: str = ""
    state: str = ""
    unit: str = ""
    evaluator: str = ""
    supports_min: int | None = None
    supports_max: int | None = None
    created_from: dt.date | None = None
    created_to: dt.date | None = None
    has_photo: bool = False
    reported: bool = False
    q: str = ""
    sort: str = "newest"
    errors: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def from_query(cls, params: Any) -> TriageFilters:
        """Bad values are dropped with a Turkish message in ``errors`` (never an exception)."""
        errors: list[str] = []

        def text(name: str, limit: int) -> str:
            return " ".join(str(params.get(name) or "").split())[:limit]

        def number(name: str, label: str) -> int | None:
            raw = text(name, 20)
            if not raw:
                return None
            if not (raw.isascii() and raw.isdecimal()) or int(raw) > SUPPORTS_MAX:
                errors.append(_("%(field)s must be a whole number of 0 or more.") % {"field": label})
                return None
            return int(raw)

        def date(name: str, label: str) -> dt.date | None:
            raw = text(name, 20)
            if not raw:
                return None
            try:
                return dt.date.fromisoformat(raw)
            except ValueError:
                errors.append(_("%(field)s is not a date (write it as 2025-03-31).") % {"field": label})
                return None

        def choice(name: str, allowed: set[str], label: str) -> str:
            raw = text(name, 40)
            if raw and raw not in allowed:
                errors.append(_("Unknown value for %(field)s.") % {"field": label})
                return ""
            return raw

        def ident(name: str, label: str) -> str:
            raw = text(name, 19)
            if raw and raw != NONE and not (raw.isascii() and raw.isdecimal()):
                errors.append(_("Unknown value for %(field)s.") % {"field": label})
                return ""
            return raw

        states = {value for value in AnswerState.values if value} | set(EXTRA_STATES)
        filters = cls(
            theme=text("theme", 32).upper(),
            district=text("district", 60),
            neighbourhood=text("neighbourhood", 80),
            state=choice("state", states, _("state")),
            unit=ident("unit", _("unit")),
            evaluator=ident("evaluator", _("evaluator")),
            supports_min=number("supports_min", _("Minimum supports")),
            supports_max=number("supports_max", _("Maximum supports")),
            created_from=date("created_from", _("Created from")),
            created_to=date("created_to", _("Created until")),
            has_photo=text("has_photo", 5) in {"1", "on", "true"},
            reported=text("reported", 5) in {"1", "on", "true"},
            q=text("q", 200),
            sort=choice("sort", set(TRIAGE_SORTS), _("sorting")) or "newest",
        )
        low, high = filters.supports_min, filters.supports_max
        if low is not None and high is not None and low > high:
            errors.append(_("The minimum supports are above the maximum."))
        if filters.created_from and filters.created_to and filters.created_from > filters.created_to:
            errors.append(_("The start date is after the end date."))
        return cls(**{**{f.name: getattr(filters, f.name) for f in fields(cls)}, "errors": tuple(errors)})

    def as_query(self) -> dict[str, str]:
        """The non-empty values, as a query string holds them (for links, saved views, bulk)."""
        out: dict[str, str] = {}
        for f in fields(self):
            if f.name == "errors":
                continue
            value = getattr(self, f.name)
            if value is None or value == "" or value is False or (f.name == "sort" and value == "newest"):
                continue
            out[f.name] = "1" if value is True else str(value)
        return out


def can_see_all(user: User, process: Process) -> bool:
    """The strategy team (and platform admins) see every proposal; unit managers their unit's."""
    return bool(user.has_perm("proposals.assign", process))


def triage_scope(*, user: User, process: Process) -> QuerySet[Proposal]:
    """The proposals of ``process`` ``user`` may triage: all for the strategy team, those
    assigned to their unit for a unit manager, none for anyone else."""
    queryset = Proposal.objects.filter(process=process)
    if can_see_all(user, process):
        return queryset
    if user.role == Role.UNIT_MANAGER and user.unit_id is not None and user.organisation_id == process.organisation_id:
        return queryset.filter(assigned_unit_id=user.unit_id)
    return queryset.none()


def triage_list(*, user: User, process: Process, filters: TriageFilters) -> QuerySet[Proposal]:
    """The triage list: ``triage_scope`` filtered, searched and sorted (not yet paged)."""
    queryset = triage_scope(user=user, process=process)
    if filters.theme:
        queryset = queryset.filter(theme__process=process, theme__code=filters.theme)
    if filters.district:
        queryset = queryset.filter(district=filters.district)
    if filters.neighbourhood:
        queryset = queryset.filter(neighbourhood=filters.neighbourhood)
    # Hidden proposals (moderation) are listed under the state «hidden» only: every other view
    # then fixes ``is_hidden`` and reads the (process, is_hidden, -created_at | -supports_count)
    # indexes in order instead of sorting the whole process (seconds at 100k on SQLite).
    queryset = queryset.filter(is_hidden=filters.state == "hidden")
    if filters.state == "merged":
        queryset = queryset.filter(merged_into__isnull=False)
    elif filters.state == "unanswered":
        queryset = queryset.filter(answer_state="")
    elif filters.state and filters.state != "hidden":
        queryset = queryset.filter(answer_state=filters.state)
    if filters.unit == NONE:
        queryset = queryset.filter(assigned_unit__isnull=True)
    elif filters.unit:
        queryset = queryset.filter(assigned_unit_id=int(filters.unit))
    if filters.evaluator == NONE:
        queryset = queryset.filter(evaluator__isnull=True)
    elif filters.evaluator:
        queryset = queryset.filter(evaluator_id=int(filters.evaluator))
    if filters.supports_min is not None:
        queryset = queryset.filter(supports_count__gte=filters.supports_min)
    if filters.supports_max is not None:
        queryset = queryset.filter(supports_count__lte=filters.supports_max)
    if filters.created_from is not None:
        queryset = queryset.filter(created_at__date__gte=filters.created_from)
    if filters.created_to is not None:
        queryset = queryset.filter(created_at__date__lte=filters.created_to)
    if filters.has_photo:
        # «IN (the process's proposals with an image)»: a few thousand ids, read once, instead of
        # one EXISTS probe per proposal of the process.
        images = Attachment.objects.filter(proposal__process=process, kind=Attachment.Kind.IMAGE)
        queryset = queryset.filter(pk__in=images.values("proposal_id"))
    if filters.reported:
        queryset = queryset.filter(reports_count__gt=0)
    number = NUMBER.fullmatch(filters.q.strip())
    if number and (filters.q.strip().startswith("#") or queryset.filter(pk=int(number[1])).exists()):
        queryset = queryset.filter(pk=int(number[1]))  # «#629» (or 629): the proposal of that number
    else:
        queryset = text_search(queryset, filters.q)
    return queryset.order_by(*TRIAGE_SORTS[filters.sort])


COUNT_CAP = 10_000
"""The list counts at most this many matches (counting all 100k of a city costs more than the
page); a bulk action takes at most ``triage.BULK_MAX`` anyway."""


class TriagePaginator(Paginator):
    """Counts once per request (the page and «all N matching» share it), at most ``COUNT_CAP``."""

    @cached_property
    def count(self) -> int:
        queryset: QuerySet[Proposal] = self.object_list  # type: ignore[assignment]
        return queryset.order_by()[: COUNT_CAP + 1].count()

    @property
    def is_capped(self) -> bool:
        return self.count > COUNT_CAP


def triage_page(*, user: User, process: Process, filters: TriageFilters, page: Any) -> Page[Proposal]:
    """One page (``PAGE_SIZE`` rows) of the triage list, with what a row shows loaded in bulk."""
    queryset = triage_list(user=user, process=process, filters=filters).select_related(
        "theme", "assigned_unit", "evaluator"
    )
    result = TriagePaginator(queryset, PAGE_SIZE).get_page(page)
    rows = list(result.object_list)
    for proposal in rows:
        proposal.process = process  # its address needs the process's slug: no query per row
    result.object_list = rows
    return result


def triage_ids(*, user: User, process: Process, filters: TriageFilters, limit: int) -> list[int]:
    """The ids of the proposals the filter matches, at most ``limit`` (+1 tells «more»)."""
    queryset = triage_list(user=user, process=process, filters=filters)
    return list(queryset.values_list("pk", flat=True)[: limit + 1])


def proposals_for_triage(*, user: User, process: Process, ids: list[int]) -> QuerySet[Proposal]:
    """The proposals among ``ids`` ``user`` may triage in ``process`` (others are left out)."""
    return triage_scope(user=user, process=process).filter(pk__in=ids).select_related("process")


def proposal_for_triage(*, user: User, process: Process, pk: int) -> Proposal | None:
    return triage_scope(user=user, process=process).filter(pk=pk).select_related("theme").first()


def assignable_units(process: Process) -> QuerySet[Unit]:
    """The active units of the process's organisation."""
    units = Unit.objects.filter(organisation_id=process.organisation_id, is_active=True)
    return units.order_by(turkish_order("name"), "pk")


def assignable_evaluators(process: Process) -> QuerySet[User]:
    """Active staff members of the process's organisation."""
    return User.objects.filter(
        organisation_id=process.organisation_id, role__in=STAFF_ROLES, is_active=True, erased_at__isnull=True
    ).order_by(turkish_order("first_name"), turkish_order("last_name"), turkish_order("username"), "pk")


def saved_views_of(*, user: User, process: Process) -> QuerySet[SavedView]:
    return SavedView.objects.filter(user=user, process=process)


def saved_view_of(*, user: User, process: Process, pk: int) -> SavedView | None:
    """Only the user's own view of this process (another person's number finds nothing)."""
    return saved_views_of(user=user, process=process).filter(pk=pk).first()


def export_rows(*, user: User, process: Process, filters: TriageFilters) -> Iterator[list[Any]]:
    """The rows of the export: at most ``EXPORT_MAX``, read in chunks."""
    queryset = triage_list(user=user, process=process, filters=filters).select_related(
        "theme", "assigned_unit", "evaluator"
    )
    for proposal in queryset[:EXPORT_MAX].iterator(chunk_size=2000):
        yield [
            proposal.pk,
            proposal.title,
            proposal.theme.code,
            proposal.district,
            proposal.neighbourhood,
            proposal.get_answer_state_display(),
            _("yes") if proposal.is_hidden else "",
            proposal.merged_into_id or "",
            proposal.assigned_unit.name if proposal.assigned_unit else "",
            proposal.evaluator.display_name if proposal.evaluator else "",
            proposal.supports_count,
            proposal.comments_count,
            proposal.reports_count,
            timezone.localtime(proposal.created_at).strftime("%Y-%m-%d %H:%M"),  # Europe/Istanbul, as on the pages
        ]


def export_headers() -> list[str]:
    return [
        _("Number"),
        _("Title"),
        _("Theme"),
        _("District"),
        _("Neighbourhood"),
        _("Answer"),
        _("Hidden"),
        _("Merged into"),
        _("Assigned unit"),
        _("Evaluator"),
        _("Supports"),
        _("Comments"),
        _("Reports"),
        _("Created"),
    ]
