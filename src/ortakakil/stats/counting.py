"""The participation figures of a process (selectors): what the public sees, counted one way for
the public page, the staff page, the CSV files and ``ortakakil stats``.

Every count starts from a registered contribution kind's ``public()`` queryset
(``processes/contributions.py``), the one definition of what the public sees:

* **proposals** — the ``proposal`` kind: not hidden, not merged into another proposal;
* **supports** — the supports on those proposals;
* **comments** — the comments on those proposals that are not hidden;
* **survey_responses** — the ``survey_answer`` kind: every response to the process's surveys (the
  survey pages publish their totals; a response waiting for the privacy review still counts);
* **workshop_ideas** — the ``workshop_idea`` kind: ideas on the record of the process's workshop
  tables (withdrawn and merged-away ideas left out);
* **participants** — distinct people who did any of these: the accounts that wrote, supported or
  commented on a public proposal or answered a survey; a survey answered anonymously counts by its
  keyed hash (one per survey, so a person answering two anonymous surveys counts twice); workshop
  participants who checked in (at the door or the table) or sent an idea from their phone, each
  invitation once; a phone that sent ideas before phones joined by invitation counts by its
  anonymous key. An idea typed by the facilitator names at most an organisation, not a person: it
  adds no participant (the people at that table count through their check-in). Imported
  proposals have no author and add no participant.

By channel (every key always present): ``web`` (online and merged proposals, supports, comments,
survey responses), ``workshop_phone`` (ideas sent from a participant's phone),
``workshop_table`` (ideas typed by the facilitator), ``import`` (imported proposals).
By theme (every theme of the process present): public proposals plus workshop ideas of the
theme's tables; surveys have no theme. By district (the 25 districts of ``proposals/places.py``,
every one present): public proposals naming it, and the distinct accounts that wrote, supported or
commented on them. By stakeholder type: the author type of the contributions
(``Contribution.author_type``): a proposal's author is a citizen or a stakeholder representative,
a workshop idea's speaker an organisation type, a survey respondent a citizen.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Max, Q, QuerySet
from django.db.models.functions import TruncDate

from ortakakil.core.models import Role
from ortakakil.processes import contributions
from ortakakil.processes.models import Process
from ortakakil.proposals.models import Comment, Proposal, Support
from ortakakil.proposals.places import ANKARA_DISTRICTS
from ortakakil.surveys.models import Response
from ortakakil.workshops.models import Idea, Invitation

PROPOSALS, SUPPORTS, COMMENTS, SURVEY_RESPONSES, WORKSHOP_IDEAS = (
    "proposals",
    "supports",
    "comments",
    "survey_responses",
    "workshop_ideas",
)
SERIES_KEYS = (PROPOSALS, SUPPORTS, COMMENTS, SURVEY_RESPONSES, WORKSHOP_IDEAS)
"""The kinds of contribution counted over time (participants are people, not dated events)."""

WEB, WORKSHOP_PHONE, WORKSHOP_TABLE, IMPORT = "web", "workshop_phone", "workshop_table", "import"
CHANNELS = (WEB, WORKSHOP_PHONE, WORKSHOP_TABLE, IMPORT)

STAKEHOLDER_REP = "stakeholder"
UNKNOWN = ""
CACHE_SECONDS = 180


@dataclass(frozen=True)
class DistrictFigures:
    participants: int
    proposals: int


@dataclass
class Figures:
    """The raw (unsuppressed) figures of one process; pages and files suppress what they show."""

    participants: int
    proposals: int
    supports: int
    comments: int
    survey_responses: int
    workshop_ideas: int
    by_district: dict[str, DistrictFigures]
    by_channel: dict[str, int]
    by_theme: dict[str, int]
    theme_names: dict[str, str]
    by_stakeholder_type: dict[str, int]
    daily: dict[dt.date, dict[str, int]]
    """Each day with any contribution → count of each of ``SERIES_KEYS`` that day (local time)."""
    by_answer_state: dict[str, int] = field(default_factory=dict)
    by_unit: dict[str, int] = field(default_factory=dict)
    """Public proposals by assigned unit's name ("" for unassigned)."""


def public_querysets(process: Process) -> dict[str, QuerySet[Any]]:
    """The public items of each counted kind, from the registered kinds' ``public()``."""
    proposals = contributions.kind("proposal").public(process)
    return {
        PROPOSALS: proposals,
        SUPPORTS: Support.objects.filter(proposal__in=proposals.values("pk")),
        COMMENTS: Comment.objects.filter(proposal__in=proposals.values("pk"), is_hidden=False),
        SURVEY_RESPONSES: contributions.kind("survey_answer").public(process),
        WORKSHOP_IDEAS: contributions.kind("workshop_idea").public(process),
    }


def _ids(queryset: QuerySet[Any], column: str) -> set[Any]:
    return set(queryset.exclude(**{f"{column}__isnull": True}).order_by().values_list(column, flat=True).distinct())


def _participants(process: Process, sets: dict[str, QuerySet[Any]]) -> int:
    accounts: set[int] = set()
    accounts |= _ids(sets[PROPOSALS], "author_id")
    accounts |= _ids(sets[SUPPORTS], "user_id")
    accounts |= _ids(sets[COMMENTS], "author_id")
    accounts |= _ids(sets[SURVEY_RESPONSES], "respondent_id")
    anonymous = set(
        sets[SURVEY_RESPONSES].filter(respondent__isnull=True).order_by().values_list("respondent_key", flat=True)
    )
    ideas = sets[WORKSHOP_IDEAS]
    invitations = set(
        Invitation.objects.filter(workshop__process=process)
        .filter(Q(checked_in_at__isnull=False) | Q(seated_at__isnull=False))
        .values_list("pk", flat=True)
    )
    invitations |= _ids(ideas, "participant_id")
    phones = set(
        ideas.filter(participant__isnull=True)
        .exclude(participant_key="")
        .order_by()
        .values_list("participant_key", flat=True)
    )
    return len(accounts) + len(anonymous) + len(invitations) + len(phones)


def _by_district(sets: dict[str, QuerySet[Any]]) -> dict[str, DistrictFigures]:
    proposals = sets[PROPOSALS].filter(district__in=ANKARA_DISTRICTS)
    counts = dict(proposals.order_by().values_list("district").annotate(n=Count("pk")).values_list("district", "n"))
    people: dict[str, set[int]] = defaultdict(set)
    for district, author in proposals.exclude(author__isnull=True).order_by().values_list("district", "author_id"):
        people[district].add(author)
    supports = sets[SUPPORTS].filter(proposal__district__in=ANKARA_DISTRICTS)
    for district, user in supports.order_by().values_list("proposal__district", "user_id").distinct():
        people[district].add(user)
    comments = sets[COMMENTS].filter(proposal__district__in=ANKARA_DISTRICTS, author__isnull=False)
    for district, author in comments.order_by().values_list("proposal__district", "author_id").distinct():
        people[district].add(author)
    return {
        name: DistrictFigures(participants=len(people.get(name, ())), proposals=counts.get(name, 0))
        for name in ANKARA_DISTRICTS
    }


def _by_channel(sets: dict[str, QuerySet[Any]], totals: dict[str, int]) -> dict[str, int]:
    imported = sets[PROPOSALS].filter(source=Proposal.Source.IMPORT).count()
    phone = sets[WORKSHOP_IDEAS].filter(Q(participant__isnull=False) | ~Q(participant_key="")).count()
    web = totals[PROPOSALS] - imported + totals[SUPPORTS] + totals[COMMENTS] + totals[SURVEY_RESPONSES]
    return {WEB: web, WORKSHOP_PHONE: phone, WORKSHOP_TABLE: totals[WORKSHOP_IDEAS] - phone, IMPORT: imported}


def _by_theme(process: Process, sets: dict[str, QuerySet[Any]]) -> tuple[dict[str, int], dict[str, str]]:
    themes = list(process.themes.order_by("position", "code").values_list("pk", "code", "name"))
    proposals = Counter(
        dict(sets[PROPOSALS].order_by().values_list("theme_id").annotate(n=Count("pk")).values_list("theme_id", "n"))
    )
    ideas = Counter(
        dict(
            sets[WORKSHOP_IDEAS]
            .order_by()
            .values_list("table__theme_id")
            .annotate(n=Count("pk"))
            .values_list("table__theme_id", "n")
        )
    )
    return {code: proposals[pk] + ideas[pk] for pk, code, _ in themes}, {code: name for _, code, name in themes}


def _by_stakeholder_type(sets: dict[str, QuerySet[Any]], survey_responses: int) -> dict[str, int]:
    """The ``author_type`` each kind gives its ``Contribution`` records, counted in the database."""
    counts: Counter[str] = Counter()
    proposals = sets[PROPOSALS]
    counts[STAKEHOLDER_REP] += proposals.filter(author__role=Role.STAKEHOLDER_REP).count()
    counts[UNKNOWN] += proposals.filter(author__isnull=True).count()
    counts[contributions.CITIZEN] += (
        proposals.filter(author__isnull=False).exclude(author__role=Role.STAKEHOLDER_REP).count()
    )
    counts[contributions.CITIZEN] += survey_responses
    for speaker_type, n in (
        sets[WORKSHOP_IDEAS]
        .order_by()
        .values_list("speaker__type")
        .annotate(n=Count("pk"))
        .values_list("speaker__type", "n")
    ):
        counts[speaker_type or UNKNOWN] += n
    return {key: n for key, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])) if n}


def _daily(sets: dict[str, QuerySet[Any]]) -> dict[dt.date, dict[str, int]]:
    days: dict[dt.date, dict[str, int]] = {}
    for key in SERIES_KEYS:
        rows = sets[key].order_by().annotate(day=TruncDate("created_at")).values("day").annotate(n=Count("pk"))
        for row in rows:
            days.setdefault(row["day"], dict.fromkeys(SERIES_KEYS, 0))[key] = row["n"]
    return dict(sorted(days.items()))


def figures(process: Process) -> Figures:
    """Every figure of ``process``, computed now."""
    sets = public_querysets(process)
    totals = {key: queryset.count() for key, queryset in sets.items()}
    by_theme, theme_names = _by_theme(process, sets)
    proposals = sets[PROPOSALS]
    return Figures(
        participants=_participants(process, sets),
        proposals=totals[PROPOSALS],
        supports=totals[SUPPORTS],
        comments=totals[COMMENTS],
        survey_responses=totals[SURVEY_RESPONSES],
        workshop_ideas=totals[WORKSHOP_IDEAS],
        by_district=_by_district(sets),
        by_channel=_by_channel(sets, totals),
        by_theme=by_theme,
        theme_names=theme_names,
        by_stakeholder_type=_by_stakeholder_type(sets, totals[SURVEY_RESPONSES]),
        daily=_daily(sets),
        by_answer_state=dict(
            proposals.order_by().values_list("answer_state").annotate(n=Count("pk")).values_list("answer_state", "n")
        ),
        by_unit=dict(
            proposals.order_by()
            .values_list("assigned_unit__name")
            .annotate(n=Count("pk"))
            .values_list("assigned_unit__name", "n")
        ),
    )


def _fingerprint(process: Process) -> str:
    """Cheap (one aggregate per kind): the newest change, the number of rows and the number shown.
    Hiding or merging saves with ``update_fields`` that may leave ``updated_at`` alone, so the
    number shown is part of it too."""
    shown_proposal = Q(is_hidden=False, merged_into__isnull=True)
    parts: list[Any] = [
        Proposal.objects.filter(process=process)
        .aggregate(m=Max("updated_at"), n=Count("pk"), s=Count("pk", filter=shown_proposal))
        .values(),
        Support.objects.filter(proposal__process=process).aggregate(m=Max("pk"), n=Count("pk")).values(),
        Comment.objects.filter(proposal__process=process)
        .aggregate(m=Max("updated_at"), n=Count("pk"), s=Count("pk", filter=Q(is_hidden=False)))
        .values(),
        Response.objects.filter(survey__process=process).aggregate(m=Max("pk"), n=Count("pk")).values(),
        Idea.objects.filter(table__workshop__process=process)
        .aggregate(
            m=Max("updated_at"),
            n=Count("pk"),
            s=Count("pk", filter=Q(withdrawn_at__isnull=True, merged_into__isnull=True)),
        )
        .values(),
        Invitation.objects.filter(workshop__process=process)
        .aggregate(s=Count("pk", filter=Q(checked_in_at__isnull=False) | Q(seated_at__isnull=False)))
        .values(),
    ]
    return "|".join(",".join(str(v) for v in values) for values in parts)


def cached_figures(process: Process) -> Figures:
    """:func:`figures`, kept a few minutes in the ``default`` cache under the process and a
    fingerprint of its data, so a busy day does not recompute them on every request."""
    import hashlib

    digest = hashlib.sha256(_fingerprint(process).encode()).hexdigest()[:16]
    key = f"stats:figures:{process.pk}:{digest}"
    found = cache.get(key)
    if isinstance(found, Figures):
        return found
    computed = figures(process)
    cache.set(key, computed, CACHE_SECONDS)
    return computed


def weekly(daily: dict[dt.date, dict[str, int]]) -> dict[dt.date, dict[str, int]]:
    """The daily series summed by week (each week named by its Monday), every week from the first
    to the last present, empty ones with zeros."""
    if not daily:
        return {}
    first = min(daily) - dt.timedelta(days=min(daily).weekday())
    last = max(daily) - dt.timedelta(days=max(daily).weekday())
    weeks: dict[dt.date, dict[str, int]] = {}
    monday = first
    while monday <= last:
        weeks[monday] = dict.fromkeys(SERIES_KEYS, 0)
        monday += dt.timedelta(days=7)
    for day, counts in daily.items():
        week = weeks[day - dt.timedelta(days=day.weekday())]
        for key, n in counts.items():
            week[key] += n
    return weeks


def contract(found: Figures) -> dict[str, Any]:
    """The figures as ``ortakakil stats SLUG --json`` prints them (issue 14, item 8): every
    district figure under 5 as ``None``."""
    from .suppression import suppress

    return {
        "participants": found.participants,
        "proposals": found.proposals,
        "supports": found.supports,
        "comments": found.comments,
        "survey_responses": found.survey_responses,
        "workshop_ideas": found.workshop_ideas,
        "by_district": {
            name: {"participants": suppress(d.participants), "proposals": suppress(d.proposals)}
            for name, d in found.by_district.items()
        },
        "by_channel": dict(found.by_channel),
        "by_theme": dict(found.by_theme),
    }
