"""Reads for processes: always scoped to what the user may see, never a bare ``get``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Case, Count, Prefetch, Q, QuerySet, When
from django.http import Http404
from django.utils.translation import gettext as _

from ortakakil.core.models import Organisation, Role, User

from . import timeline
from .models import Phase, PreparationTask, Process, Theme


def visible_processes(user: User | Any) -> QuerySet[Process]:
    """Published processes, plus the unpublished ones of the user's own organisation for staff."""
    queryset = Process.objects.select_related("organisation", "current_phase")
    if user.is_authenticated and (user.is_superuser or user.role == Role.PLATFORM_ADMIN):
        return queryset
    if user.is_authenticated and user.is_staff_member and user.organisation_id:
        return queryset.filter(Q(is_published=True) | Q(organisation_id=user.organisation_id))
    return queryset.filter(is_published=True)


PROCESS_COLUMNS = (
    "pr.id, pr.slug, pr.is_published, pr.organisation_id, pr.current_phase_id, "
    "ph.switches, ph.verification_required, ph.verification_methods"
)
"""The columns ``process_from_row`` reads, first in a hand-written query that joins
``process_join(alias)``."""


def process_join(alias: str) -> str:
    """The joins ``PROCESS_COLUMNS`` needs, from the row ``alias`` whose ``process_id`` names it."""
    return (
        f"JOIN processes_process pr ON pr.id = {alias}.process_id "
        "LEFT JOIN processes_phase ph ON ph.id = pr.current_phase_id"
    )


def fetch_with_process(sql: str, params: Sequence[Any]) -> tuple[Sequence[Any], Process] | None:
    """The one row of a hand-written query that selects ``PROCESS_COLUMNS`` first: its own
    columns and the process stand-in (``process_from_row``), or None when there is no row."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    width = PROCESS_COLUMNS.count(",") + 1
    return row[width:], process_from_row(row[:width])


def process_from_row(row: Sequence[Any]) -> Process:
    """A read-only stand-in of a process and its current phase from the ``PROCESS_COLUMNS`` of a
    hand-written query: what the hottest writes (support, vote, ballot) ask of them — whether the
    process is visible, which switches its phase has on, which actions it reserves to verified
    participants. Never save it. SQLite hands JSON back as text."""
    process_id, slug, is_published, organisation_id, phase_id, *phase_json = row
    switches, required, methods = (json.loads(v) if isinstance(v, str) else v for v in phase_json)
    process = Process(
        pk=process_id,
        slug=slug,
        is_published=bool(is_published),
        organisation_id=organisation_id,
        current_phase_id=phase_id,
    )
    if phase_id is not None:
        process.current_phase = Phase(
            pk=phase_id,
            process_id=process_id,
            switches=switches or [],
            verification_required=required or [],
            verification_methods=methods or [],
        )
    return process


def process_is_visible(user: User | Any, process: Process) -> bool:
    """The same rule as ``visible_processes``, for one process already in hand."""
    if process.is_published:
        return True
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.role == Role.PLATFORM_ADMIN:
        return True
    return bool(user.is_staff_member and user.organisation_id == process.organisation_id)


def process_for_public(*, user: User | Any, slug: str) -> Process:
    try:
        return visible_processes(user).get(slug=slug)
    except Process.DoesNotExist:
        raise Http404(_("No planning process with this address.")) from None


def process_for_manage(*, user: User | Any, slug: str) -> Process:
    """The process at ``slug`` for its managers; 404 for other organisations, 403 for
    members of the organisation who may not manage it."""
    process = process_for_public(user=user, slug=slug)
    if not user.has_perm("processes.manage_process", process):
        if user.is_authenticated and user.organisation_id == process.organisation_id:
            raise PermissionDenied(_("You are not allowed to manage this process."))
        raise Http404(_("No planning process with this address."))
    return process


def theme_for_public(*, process: Process, code: str) -> Theme:
    theme = process.themes.select_related("lead_unit").filter(code__iexact=code).first()
    if theme is None:
        raise Http404(_("This process has no theme with this code."))
    theme.process = process
    return theme


def themes_with_counts(process: Process) -> QuerySet[Theme]:
    return process.themes.select_related("lead_unit").order_by("position", "code")


@dataclass(frozen=True)
class TimelineRow:
    item: Any
    bar: timeline.Bar
    is_current: bool = False
    continues: bool = False
    """The item runs past the right edge of the drawn span."""


@dataclass(frozen=True)
class Timeline:
    rows: list[TimelineRow]
    ticks: list[timeline.Tick]
    today: timeline.Bar | None


PHASE_ORDER = {kind: index for index, kind in enumerate(Phase.Kind.values)}


def ordered_phases(process: Process) -> list[Phase]:
    """Phases in the regulation's order (hazırlık … izleme), whatever their dates."""
    return sorted(process.phases.all(), key=lambda p: (PHASE_ORDER.get(p.kind, 99), p.starts_on, p.pk))


def phase_timeline(process: Process, *, today: date) -> Timeline:
    phases = ordered_phases(process)
    # Monitoring lasts the whole plan period; drawing it to scale would squeeze the
    # preparation phases into a sliver, so the span covers the preparation and the
    # monitoring bar runs off the right edge.
    preparation = [p for p in phases if p.kind != Phase.Kind.MONITORING] or phases
    span = timeline.span_of([(p.starts_on, p.ends_on) for p in preparation])
    if span is None:
        return Timeline(rows=[], ticks=[], today=None)
    rows = [
        TimelineRow(
            item=p,
            bar=timeline.bar(p.starts_on, p.ends_on, span),
            is_current=p.pk == process.current_phase_id,
            continues=p.ends_on > span[1],
        )
        for p in phases
    ]
    marker = timeline.bar(today, today, span, min_width=0) if span[0] <= today <= span[1] else None
    return Timeline(rows=rows, ticks=timeline.month_ticks(span), today=marker)


def programme_timeline(process: Process, *, today: date) -> Timeline:
    tasks = list(process.preparation_tasks.select_related("owner_unit", "phase").order_by("starts_on", "due_on", "pk"))
    span = timeline.span_of([(t.starts_on, t.due_on) for t in tasks])
    if span is None:
        return Timeline(rows=[], ticks=[], today=None)
    rows = [TimelineRow(item=t, bar=timeline.bar(t.starts_on, t.due_on, span)) for t in tasks]
    marker = timeline.bar(today, today, span, min_width=0) if span[0] <= today <= span[1] else None
    return Timeline(rows=rows, ticks=timeline.month_ticks(span), today=marker)


def programme_summary(process: Process) -> dict[str, int]:
    counts = dict(process.preparation_tasks.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    return {status: counts.get(status, 0) for status in PreparationTask.Status.values}


def processes_for_backoffice(user: User | Any) -> QuerySet[Process]:
    queryset = Process.objects.select_related("organisation", "current_phase").annotate(
        theme_count=Count("themes", distinct=True), phase_count=Count("phases", distinct=True)
    )
    if user.is_superuser or user.role == Role.PLATFORM_ADMIN:
        return queryset
    if user.organisation_id is None:
        return queryset.none()
    return queryset.filter(organisation_id=int(user.organisation_id))


def processes_for_dashboard(user: User | Any) -> list[Process]:
    """The back office's processes, each marked ``can_manage``: those the user may not manage (a
    unit manager, a facilitator) link to their public page instead of a page that says no."""
    processes = list(processes_for_backoffice(user))
    for process in processes:
        process.can_manage = user.has_perm("processes.manage_process", process)  # type: ignore[attr-defined]
    return processes


def organisation_for_new_process(*, user: User | Any, slug: str) -> Organisation:
    """The organisation at ``slug`` if the user may start a planning process in it (a Turkish 404
    otherwise, so other organisations' addresses reveal nothing)."""
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None or not user.has_perm("processes.create_process", organisation):
        raise Http404(_("No organisation with this address."))
    return organisation


def tasks_of_my_unit(user: User | Any) -> QuerySet[PreparationTask]:
    """The preparation tasks of the user's unit, open ones first, then by due date (the dashboard
    shows them all, so a task marked done by mistake can be set back)."""
    if not user.unit_id:
        return PreparationTask.objects.none()
    return (
        PreparationTask.objects.filter(owner_unit_id=user.unit_id)
        .select_related("process", "phase")
        .order_by(Case(When(status=PreparationTask.Status.DONE, then=1), default=0), "due_on", "pk")
    )


def phases_of(process: Process) -> list[Phase]:
    return ordered_phases(process)


def tasks_with_units(process: Process) -> QuerySet[PreparationTask]:
    return process.preparation_tasks.select_related("owner_unit", "phase")


def process_with_phases(process: Process) -> Process:
    return (
        Process.objects.select_related("organisation", "current_phase")
        .prefetch_related(Prefetch("phases", queryset=Phase.objects.order_by("starts_on", "pk")))
        .get(pk=process.pk)
    )
