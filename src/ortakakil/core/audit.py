"""Denetim kaydı — the audit log of what staff did to plans, answers, moderation, measurements and
accounts, read from the records the services already leave.

Nothing is written here: the log reads the tables that are the record (django-simple-history's
historical rows with ``history_user``, proposals' ``Answer``, ``TriageEntry`` and
``ModerationAction``), so there is no second copy that could disagree, and no path edits or deletes
an entry. ``core`` must not import the apps above it, so each app registers an ``AuditSource`` from
its ``AppConfig.ready()``: the table, which of its rows are staff actions, where the time, the
person, the process and the organisation are, which text the search reads, and ``describe``, which
turns a page's rows into what a person reads (the action in words, the object with a link while it
exists, the changed fields). ``core`` registers its own (users and units).

Reading stays cheap however long the history is: one query counts, one query reads a page of
(source, id, time, person, process) from the ``UNION ALL`` of every source, then each source on the
page describes its rows with a fixed number of queries (``history_source``: the records, their
previous versions, the objects that still exist), and one query names the people.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import BigIntegerField, CharField, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from .models import User
from .text import turkish_upper


class Area(models.TextChoices):
    PLAN = "plan", gettext_lazy("Strategic plan")
    ANSWERS = "answers", gettext_lazy("Answers")
    MODERATION = "moderation", gettext_lazy("Moderation")
    MEASUREMENTS = "measurements", gettext_lazy("Measurements")
    ACCOUNTS = "accounts", gettext_lazy("Accounts")


@dataclass(frozen=True)
class Detail:
    """What a person reads about one entry."""

    action: str
    object: str
    url: str = ""
    process: str = ""
    fields: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class AuditSource:
    key: str
    area: str
    queryset: Callable[[], QuerySet[Any]]
    """The rows of the table that are staff actions."""
    describe: Callable[[list[int]], dict[int, Detail]]
    """The details of the rows with these ids (``pk``)."""
    when: str
    actor: str
    """The path to the acting person's id."""
    pk: str = "pk"
    process: str | None = None
    """The path to the process's id, if the record belongs to one."""
    organisation: str | None = None
    search: tuple[str, ...] = ()
    """Text fields the search looks in (Turkish case and accents ignored)."""


_SOURCES: dict[str, AuditSource] = {}
_PROCESS_CHOICES: list[Callable[[Any], Iterable[tuple[int, str]]]] = []


def register(source: AuditSource) -> None:
    _SOURCES[source.key] = source


def register_process_choices(reader: Callable[[Any], Iterable[tuple[int, str]]]) -> None:
    """The processes a person may filter by (registered by ``processes``)."""
    _PROCESS_CHOICES.append(reader)


def sources() -> list[AuditSource]:
    return list(_SOURCES.values())


def process_choices(user: Any) -> list[tuple[int, str]]:
    return [choice for reader in _PROCESS_CHOICES for choice in reader(user)]


def person_choices(user: Any) -> QuerySet[User]:
    """The staff a person may filter by: everyone's for a platform admin, else their organisation's."""
    from .models import STAFF_ROLES

    people = User.objects.filter(Q(role__in=STAFF_ROLES) | Q(is_superuser=True))
    if not user.has_perm("core.grant_platform_admin"):
        people = people.filter(organisation_id=user.organisation_id or 0)
    return people.order_by("first_name", "last_name", "username")


@dataclass(frozen=True)
class AuditFilters:
    person: int | None = None
    area: str = ""
    process: int | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    q: str = ""


COLUMNS = ("a_key", "a_pk", "a_when", "a_actor", "a_process")


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _branch(source: AuditSource, user: Any, filters: AuditFilters) -> QuerySet[Any]:
    # A typed NULL: PostgreSQL resolves a union's columns branch by branch, and two bare NULLs
    # first would make the column text, which the next branch's process ids cannot join.
    null = Cast(Value(None), output_field=BigIntegerField())
    queryset = source.queryset().annotate(
        a_key=Value(source.key, output_field=CharField()),
        a_pk=F(source.pk),
        a_when=F(source.when),
        a_actor=F(source.actor),
        a_process=F(source.process) if source.process else null,
    )
    if not user.has_perm("core.grant_platform_admin"):
        if source.organisation is None or user.organisation_id is None:
            return queryset.none()
        queryset = queryset.filter(**{source.organisation: user.organisation_id})
    if filters.person is not None:
        queryset = queryset.filter(a_actor=filters.person)
    if filters.process is not None:
        queryset = queryset.filter(a_process=filters.process)
    if filters.since is not None:
        queryset = queryset.filter(a_when__gte=_start_of(filters.since))
    if filters.until is not None:
        queryset = queryset.filter(a_when__lt=_start_of(filters.until + dt.timedelta(days=1)))
    if filters.q:
        if not source.search:
            return queryset.none()
        match = Q()
        for path in source.search:
            match |= Q(**{f"{path}__tr_contains": filters.q})
        queryset = queryset.filter(match)
    return queryset.values(*COLUMNS).order_by()


def audit_rows(*, user: Any, filters: AuditFilters) -> QuerySet[Any] | list[dict[str, Any]]:
    """The entries ``user`` may read that match ``filters``, newest first, as the rows of one
    ``UNION ALL`` query (``COLUMNS``); a page of them becomes ``entries`` through ``describe``."""
    wanted = [s for s in _SOURCES.values() if not filters.area or s.area == filters.area]
    if filters.process is not None:
        wanted = [s for s in wanted if s.process]
    branches = [_branch(source, user, filters) for source in wanted]
    if not branches:
        return []
    queryset = branches[0].union(*branches[1:], all=True) if len(branches) > 1 else branches[0]
    return queryset.order_by("-a_when", "-a_key", "-a_pk")


@dataclass(frozen=True)
class AuditEntry:
    when: dt.datetime
    who: str
    area: str
    detail: Detail


def entries(rows: Sequence[dict[str, Any]]) -> list[AuditEntry]:
    """What a person reads of ``rows`` (a page of ``audit_rows``): a fixed number of queries per
    source on the page, whatever the page's length."""
    wanted: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        wanted[row["a_key"]].append(row["a_pk"])
    details = {key: _SOURCES[key].describe(ids) for key, ids in wanted.items()}
    people = User.objects.in_bulk({row["a_actor"] for row in rows if row["a_actor"] is not None})
    out = []
    for row in rows:
        source = _SOURCES[row["a_key"]]
        person = people.get(row["a_actor"]) if row["a_actor"] is not None else None
        detail = details[row["a_key"]].get(row["a_pk"]) or Detail(action="—", object="—")
        out.append(
            AuditEntry(
                when=row["a_when"],
                who=person.display_name if person is not None else _("System or command line"),
                area=str(Area(source.area).label),
                detail=detail,
            )
        )
    return out


# --------------------------------------------------------------------------------------------
# django-simple-history as a source
# --------------------------------------------------------------------------------------------

HISTORY_ACTIONS = {"+": gettext_lazy("was created"), "~": gettext_lazy("was changed"), "-": gettext_lazy("was deleted")}
UNCOMPARED = {"created_at", "updated_at", "search_text"}


def follow(obj: Any, path: str) -> Any:
    """``obj.a.b.c`` for ``path`` "a__b__c", None where a link is empty or its row is gone."""
    for name in path.split("__"):
        if obj is None:
            return None
        try:
            obj = getattr(obj, name)
        except ObjectDoesNotExist:
            return None
    return obj


def _capfirst(text: str) -> str:
    """The first letter as a capital, the Turkish way in Turkish («inceleyen» → «İnceleyen»)."""
    if (get_language() or "").startswith("tr"):
        return turkish_upper(text[:1]) + text[1:]
    return str(capfirst(text))


def changed_fields(record: Any, previous: Any) -> tuple[str, ...]:
    """The names (as people read them) of the tracked fields that differ between two versions."""
    out = []
    for model_field in record.tracked_fields:
        if model_field.name in UNCOMPARED or not model_field.editable:
            continue
        if getattr(record, model_field.attname) != getattr(previous, model_field.attname):
            out.append(_capfirst(str(model_field.verbose_name)))
    return tuple(out)


@dataclass(frozen=True)
class HistoryView:
    """How a source built on a model's history tells its records."""

    label: Callable[[Any], str]
    """The object's name, from its historical record."""
    process: str = ""
    """The path from the historical record to the live process (for its title)."""
    url: Callable[[Any], str] | None = None
    """The object's address, given its live instance."""
    action: Callable[[Any, Any], str | Promise | None] | None = None
    """A more precise action than created/changed/deleted, from the record and the one before."""
    note: Callable[[Any], str] | None = None
    related: tuple[str, ...] = field(default_factory=tuple)
    """What the records' query joins (for ``label``, ``process`` and ``note``)."""
    live_related: tuple[str, ...] = field(default_factory=tuple)
    """What the query of the live objects joins (for ``url``)."""


def history_source(
    model: type[models.Model],
    *,
    key: str,
    area: str,
    view: HistoryView,
    process: str | None = None,
    organisation: str | None = None,
    search: tuple[str, ...] = (),
    rows: Callable[[QuerySet[Any]], QuerySet[Any]] = lambda queryset: queryset,
) -> AuditSource:
    """An ``AuditSource`` over ``model``'s django-simple-history records."""
    history: Any = model.history.model  # type: ignore[attr-defined]

    def describe(ids: list[int]) -> dict[int, Detail]:
        earlier = history.objects.filter(id=OuterRef("id")).filter(
            Q(history_date__lt=OuterRef("history_date"))
            | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
        )
        records = list(
            history.objects.filter(history_id__in=ids)
            .select_related(*view.related)
            .annotate(a_previous=Subquery(earlier.order_by("-history_date", "-history_id").values("history_id")[:1]))
        )
        previous = history.objects.in_bulk([r.a_previous for r in records if r.a_previous is not None])
        live = model._default_manager.select_related(*view.live_related).in_bulk({r.id for r in records})
        out = {}
        for record in records:
            before = previous.get(record.a_previous)
            action = view.action(record, before) if view.action else None
            fields = changed_fields(record, before) if record.history_type == "~" and before is not None else ()
            instance = live.get(record.id)
            place = follow(record, view.process) if view.process else None
            out[record.history_id] = Detail(
                action=str(action or HISTORY_ACTIONS[record.history_type]),
                object=view.label(record),
                url=view.url(instance) if view.url and instance is not None else "",
                process=str(place) if place is not None else "",
                fields=fields,
                note=view.note(record) if view.note else "",
            )
        return out

    return AuditSource(
        key=key,
        area=area,
        queryset=lambda: rows(history.objects.all()),
        describe=describe,
        when="history_date",
        actor="history_user_id",
        pk="history_id",
        process=process,
        organisation=organisation,
        search=search,
    )


# --------------------------------------------------------------------------------------------
# core's own: accounts
# --------------------------------------------------------------------------------------------


def _user_url(user: Any) -> str:
    from django.urls import reverse

    if user.organisation is None:
        return ""
    return reverse("manage:user_edit", args=[user.organisation.slug, user.pk])


def _unit_url(unit: Any) -> str:
    from django.urls import reverse

    return reverse("manage:unit_edit", args=[unit.organisation.slug, unit.pk])


def register_core() -> None:
    from .models import Unit

    register(
        history_source(
            User,
            key="core.user",
            area=Area.ACCOUNTS,
            view=HistoryView(
                label=lambda r: f"{_('User')}: {r.username}", url=_user_url, live_related=("organisation",)
            ),
            organisation="organisation_id",
            search=("username", "first_name", "last_name"),
            # Staff writing someone else's account; a person's own sign-up and edits are not staff actions.
            rows=lambda q: q.filter(history_user__isnull=False).exclude(history_user_id=F("id")),
        )
    )
    register(
        history_source(
            Unit,
            key="core.unit",
            area=Area.ACCOUNTS,
            view=HistoryView(label=lambda r: f"{_('Unit')}: {r.name}", url=_unit_url, live_related=("organisation",)),
            organisation="organisation_id",
            search=("name", "code"),
        )
    )
