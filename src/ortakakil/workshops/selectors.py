"""Reads for workshops, by stage: the registry, finding a workshop or table from a URL, before
(invitations), during (the door, the tables, ideas and dots), after (the reports).

Objects named in a URL are found here, scoped to what the user may see, with a Turkish 404.
Names are searched with the Turkish case and accent folding (``__tr_contains``) and listed in Turkish
alphabetical order (``turkish_order``).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ortakakil.core.db import turkish_order
from ortakakil.core.models import Organisation, User
from ortakakil.core.text import search_fold, sort_key
from ortakakil.processes.models import Theme
from ortakakil.processes.selectors import process_for_public

from .matrix import Priority, priority
from .models import (
    PESTLE_KINDS,
    SWOT_KINDS,
    ContactPerson,
    DotVote,
    Idea,
    Invitation,
    StakeholderOrganisation,
    Workshop,
    WorkshopFile,
    WorkshopTable,
    active_idea,
    valid_consent,
)
from .report_sections import report_sections_version

# --- the registry ---------------------------------------------------------------------------------


def stakeholders_of(
    organisation: Organisation, *, query: str = "", type: str = "", internal: bool | None = None
) -> QuerySet[StakeholderOrganisation]:
    """The registry of ``organisation``, with ``contacts_count`` and ``consented_count``
    (contact people whose consent is valid), in Turkish alphabetical order."""
    stakeholders = StakeholderOrganisation.objects.filter(organisation=organisation)
    for word in query.split():
        stakeholders = stakeholders.filter(name__tr_contains=word)
    if type:
        stakeholders = stakeholders.filter(type=type)
    if internal is not None:
        stakeholders = stakeholders.filter(is_internal=internal)
    return stakeholders.annotate(
        contacts_count=Count("contacts", distinct=True),
        consented_count=Count("contacts", filter=valid_consent("contacts__"), distinct=True),
    ).order_by(turkish_order("name"), "pk")


def registry_size(organisation: Organisation) -> int:
    return StakeholderOrganisation.objects.filter(organisation=organisation).count()


def stakeholder_for_manage(organisation: Organisation, pk: int) -> StakeholderOrganisation:
    """A registry entry of ``organisation`` (404 for another organisation's)."""
    stakeholder = (
        StakeholderOrganisation.objects.filter(organisation=organisation, pk=pk).select_related("organisation").first()
    )
    if stakeholder is None:
        raise Http404(_("The registry has no organisation with this address."))
    return stakeholder


def contact_for_manage(organisation: Organisation, pk: int) -> ContactPerson:
    contact = (
        ContactPerson.objects.filter(stakeholder__organisation=organisation, pk=pk)
        .select_related("stakeholder__organisation")
        .first()
    )
    if contact is None:
        raise Http404(_("The registry has no contact person with this address."))
    return contact


def consented_contacts_of(organisation: Organisation) -> QuerySet[ContactPerson]:
    """Contact people of the registry whose consent is valid (the only ones who may be contacted)."""
    return (
        ContactPerson.objects.consenting()
        .filter(stakeholder__organisation=organisation)
        .select_related("stakeholder")
        .order_by(turkish_order("stakeholder__name"), turkish_order("full_name"), "pk")
    )


def registry_export(organisation: Organisation, **filters: Any) -> QuerySet[StakeholderOrganisation]:
    """The registry as filtered on its list, with themes and consenting contact people loaded
    (``consented``) for the spreadsheet."""
    return stakeholders_of(organisation, **filters).prefetch_related(
        Prefetch("themes", queryset=Theme.objects.order_by("position", "code")),
        Prefetch("contacts", queryset=consented_contacts_of(organisation), to_attr="consented"),
    )


@dataclass
class Quadrant:
    key: str
    label: str
    action: str
    organisations: list[StakeholderOrganisation]


#: The planning guide's quadrants, strong first: (label, what to do with their stakeholders).
PRIORITY_LABELS = {
    Priority.PARTNER: (gettext_lazy("Strong influence, strong importance"), gettext_lazy("Work together")),
    Priority.INFORM: (gettext_lazy("Strong influence, weak importance"), gettext_lazy("Inform")),
    Priority.INVOLVE: (
        gettext_lazy("Weak influence, strong importance"),
        gettext_lazy("Protect their interests and involve them"),
    ),
    Priority.MONITOR: (gettext_lazy("Weak influence, weak importance"), gettext_lazy("Monitor")),
}


def priority_action(influence: int, importance: int) -> str:
    """What the guide says to do with a stakeholder of these scores (e.g. "Birlikte çalış")."""
    return str(PRIORITY_LABELS[priority(influence, importance)][1])


def priority_matrix(organisation_id: int) -> list[Quadrant]:
    """The stakeholder priority matrix of the planning guide, strong quadrants first; each
    quadrant's organisations in Turkish alphabetical order."""
    quadrants = {
        key: Quadrant(key=key.value, label=str(label), action=str(action), organisations=[])
        for key, (label, action) in PRIORITY_LABELS.items()
    }
    stakeholders = StakeholderOrganisation.objects.filter(organisation_id=organisation_id)
    for stakeholder in stakeholders.order_by(turkish_order("name"), "pk"):
        quadrants[priority(stakeholder.influence, stakeholder.importance)].organisations.append(stakeholder)
    return list(quadrants.values())


def product_matrix(organisation_id: int) -> tuple[list[Theme], list[tuple[StakeholderOrganisation, list[bool]]]]:
    """The stakeholder × product/service matrix: which stakeholder is concerned with which theme.
    Rows by organisation type, then name in Turkish alphabetical order."""
    stakeholders = list(
        StakeholderOrganisation.objects.filter(organisation_id=organisation_id)
        .prefetch_related("themes")
        .order_by("type", turkish_order("name"), "pk")
    )
    themes = list(
        Theme.objects.filter(stakeholders__organisation_id=organisation_id).distinct().order_by("position", "code")
    )
    rows = [(s, [theme in s.themes.all() for theme in themes]) for s in stakeholders]
    return themes, rows


# --- finding a workshop or a table from its address -------------------------------------------------


def _not_found() -> Http404:
    return Http404(_("This process has no workshop with this address."))


def workshop_for_public(*, user: User | Any, slug: str, workshop: str) -> Workshop:
    """The workshop at ``workshop`` of a process the user may see."""
    process = process_for_public(user=user, slug=slug)
    event = process.workshops.filter(slug=workshop).first()
    if event is None:
        raise _not_found()
    event.process = process
    return event


def workshop_for_manage(*, user: User | Any, slug: str, workshop: str, perm: str = "workshops.manage") -> Workshop:
    """The process's workshop for staff holding ``perm`` on it: 404 for other organisations,
    403 for members of the organisation without the permission."""
    event = workshop_for_public(user=user, slug=slug, workshop=workshop)
    if not user.has_perm(perm, event):
        if getattr(user, "organisation_id", None) == event.process.organisation_id:
            raise PermissionDenied(_("You are not allowed to do this."))
        raise _not_found()
    return event


def table_of(workshop: Workshop, code: str) -> WorkshopTable:
    """The workshop's table with the short ``code`` (any case)."""
    table = workshop.tables.select_related("theme").filter(code__iexact=code).first()
    if table is None:
        raise Http404(_("This workshop has no table with this code."))
    table.workshop = workshop
    return table


def table_by_code(code: str) -> WorkshopTable:
    """A table by the code people type on their phones ("ank07ula", "ANK 07 ULA"), if its process
    is published; anything but letters and digits matches no table."""
    code = "".join(code.split())
    if not (code.isascii() and code.isalnum()):
        raise Http404(_("No table with this code."))
    table = WorkshopTable.objects.select_related("theme", "workshop__process").filter(code__iexact=code).first()
    if table is None or not table.workshop.process.is_published:
        raise Http404(_("No table with this code."))
    return table


def table_to_facilitate(*, user: User | Any, code: str) -> WorkshopTable:
    """A table for its facilitators and the staff who manage its workshop (403 for others)."""
    table = table_by_code(code)
    if not user.has_perm("workshops.facilitate", table):
        raise PermissionDenied(_("Only the table's facilitators can do this."))
    return table


def workshops_of(process: Any) -> QuerySet[Workshop]:
    """The process's workshops, by date (the process page and its back-office page list them)."""
    return process.workshops.order_by("date", "pk")


def first_workshop(process_slug: str) -> Workshop | None:
    return Workshop.objects.filter(process__slug=process_slug).select_related("process").order_by("date", "pk").first()


# --- before: invitations ----------------------------------------------------------------------------


def invitations_of(workshop: Workshop, *, query: str = "", status: str = "") -> QuerySet[Invitation]:
    """The workshop's invitations by organisation name (Turkish alphabetical order), found by the
    organisation's or the person's name with Turkish case folding; ``status`` is an answer or
    "arrived"."""
    invitations = workshop.invitations.select_related("stakeholder", "contact", "table__theme").order_by(
        turkish_order("stakeholder__name"), "pk"
    )
    if status in Invitation.Status.values:
        invitations = invitations.filter(status=status)
    elif status == "arrived":
        invitations = invitations.filter(checked_in_at__isnull=False)
    for word in query.split():
        invitations = invitations.filter(
            Q(stakeholder__name__tr_contains=word)
            | Q(contact__full_name__tr_contains=word)
            | Q(attendee_name__tr_contains=word)
        )
    return invitations


def invitations_to_send(workshop: Workshop) -> QuerySet[Invitation]:
    """Invitations whose person has valid consent and an e-mail address, not e-mailed yet."""
    return workshop.invitations.filter(valid_consent("contact__"), sent_at__isnull=True).exclude(contact__email="")


def invitation_counts(workshop: Workshop) -> dict[str, int]:
    """How many invitations are unanswered, accepted, declined; how many arrived and sat down."""
    return workshop.invitations.aggregate(
        total=Count("pk"),
        invited=Count("pk", filter=Q(status=Invitation.Status.INVITED)),
        accepted=Count("pk", filter=Q(status=Invitation.Status.ACCEPTED)),
        declined=Count("pk", filter=Q(status=Invitation.Status.DECLINED)),
        checked_in=Count("pk", filter=Q(checked_in_at__isnull=False)),
        seated=Count("pk", filter=Q(seated_at__isnull=False)),
    )


def invitable_stakeholders(workshop: Workshop) -> QuerySet[StakeholderOrganisation]:
    """The registry organisations the invite form offers: by type, then name in Turkish order."""
    return StakeholderOrganisation.objects.filter(organisation_id=workshop.process.organisation_id).order_by(
        "type", turkish_order("name"), "pk"
    )


def token_from(text: str) -> str:
    """The invitation token in a scanned QR code (the personal link) or typed as it is."""
    text = (text or "").strip().rstrip("/")
    if "/davet/" in text:
        text = text.rsplit("/davet/", 1)[1].split("/")[0].split("?")[0]
    elif " " in text or len(text) < 30:
        return ""
    return text if len(text) <= 60 else ""


def invitation_by_token(token: str) -> Invitation | None:
    if not token or len(token) > 60:
        return None
    return (
        Invitation.objects.select_related("workshop__process", "stakeholder", "contact", "table__theme")
        .filter(token=token)
        .first()
    )


def invitation_for_manage(workshop: Workshop, pk: int) -> Invitation:
    invitation = workshop.invitations.select_related("stakeholder", "contact", "table__theme").filter(pk=pk).first()
    if invitation is None:
        raise Http404(_("No such invitation."))
    return invitation


def table_for_manage(workshop: Workshop, pk: int) -> WorkshopTable:
    table = workshop.tables.select_related("theme").filter(pk=pk).first()
    if table is None:
        raise Http404(_("This workshop has no such table."))
    table.workshop = workshop
    return table


def posted_table(workshop: Workshop, pk: int) -> WorkshopTable | None:
    """A table of the workshop chosen in a form (None when the id names none of them)."""
    return workshop.tables.select_related("theme").filter(pk=pk).first() if pk else None


def posted_invitation(workshop: Workshop, pk: int) -> Invitation | None:
    return workshop.invitations.select_related("stakeholder", "contact").filter(pk=pk).first() if pk else None


def posted_theme(workshop: Workshop, pk: int) -> Theme | None:
    """A theme of the workshop's process chosen in the answer form."""
    return workshop.process.themes.filter(pk=pk).first() if pk else None


def invited_stakeholder_ids(workshop: Workshop) -> set[int]:
    return set(workshop.invitations.values_list("stakeholder_id", flat=True))


def files_of(workshop: Workshop) -> QuerySet[WorkshopFile]:
    """The workshop's presentation files, in the order they were uploaded."""
    return workshop.files.select_related("uploaded_by").order_by("created_at", "pk")


def workshop_file(workshop: Workshop, pk: int) -> WorkshopFile:
    item = workshop.files.filter(pk=pk).first()
    if item is None:
        raise Http404(_("This workshop has no file with this address."))
    return item


def merge_candidates(keep: Idea) -> QuerySet[Idea]:
    """The other ideas of the table on the record, which may be merged into ``keep``."""
    return keep.table.ideas.active().exclude(pk=keep.pk).order_by("-created_at", "-pk")


def tables_of(workshop: Workshop) -> QuerySet[WorkshopTable]:
    return workshop.tables.select_related("theme").order_by("theme__position", "pk")


def table_overview(workshop: Workshop) -> list[dict[str, Any]]:
    """Per table: seats, people assigned and seated, and the organisation-type mix of those assigned."""
    labels = dict(StakeholderOrganisation.Type.choices)
    tables = list(
        workshop.tables.select_related("theme")
        .prefetch_related("facilitators")
        .annotate(
            assigned=Count("invitations", filter=Q(invitations__status=Invitation.Status.ACCEPTED), distinct=True),
            seated=Count("invitations", filter=Q(invitations__seated_at__isnull=False), distinct=True),
            ideas_count=Count("ideas", filter=active_idea("ideas__"), distinct=True),
        )
        .order_by("theme__position", "pk")
    )
    mix: dict[int, Counter[str]] = {t.pk: Counter() for t in tables}
    for table_id, kind in workshop.invitations.filter(
        status=Invitation.Status.ACCEPTED, table__isnull=False
    ).values_list("table_id", "stakeholder__type"):
        mix[table_id][kind] += 1
    return [
        {
            "table": t,
            "mix": [(str(labels[k]), mix[t.pk][k]) for k in labels if mix[t.pk][k]],
            "facilitators": sorted((person_name(f) for f in t.facilitators.all()), key=sort_key),
        }
        for t in tables
    ]


def person_name(user: User) -> str:
    return user.get_full_name() or user.username


# --- during: the door, the tables, ideas and dots --------------------------------------------------


def door_results(workshop: Workshop, query: str) -> list[Invitation]:
    """The door's search: a scanned personal link, a name (Turkish case folding), or the latest
    arrivals when nothing is typed."""
    token = token_from(query)
    if token:
        return list(invitations_of(workshop).filter(token=token))
    if len(query) < 2:
        return list(invitations_of(workshop).filter(checked_in_at__isnull=False).order_by("-checked_in_at")[:10])
    return list(invitations_of(workshop, query=query)[:30])


def attendance(table: WorkshopTable) -> dict[str, Any]:
    """The people expected at the table (seated first, then by name in Turkish order), and
    those who arrived at the door but sit nowhere yet."""
    expected = sorted(
        table.invitations.filter(status=Invitation.Status.ACCEPTED).select_related("stakeholder", "contact"),
        key=lambda i: (i.seated_at is None, i.seated_at.timestamp() if i.seated_at else 0, sort_key(i.name), i.pk),
    )
    elsewhere = sorted(
        table.workshop.invitations.filter(checked_in_at__isnull=False, seated_at__isnull=True)
        .exclude(table=table)
        .select_related("stakeholder", "contact")[:300],
        key=lambda i: (sort_key(i.name), sort_key(i.stakeholder.name), i.pk),
    )
    return {"expected": expected, "arrivals": elsewhere, "seated_count": sum(1 for i in expected if i.seated_at)}


def speakers_for(table: WorkshopTable) -> QuerySet[StakeholderOrganisation]:
    """The organisations a facilitator may name as an idea's speaker: those concerned with the
    table's theme, in Turkish alphabetical order."""
    return StakeholderOrganisation.objects.filter(
        organisation_id=table.workshop.process.organisation_id, themes=table.theme
    ).order_by(turkish_order("name"), "pk")


def speaker_of(table: WorkshopTable, pk: int) -> StakeholderOrganisation | None:
    if not pk:
        return None
    return StakeholderOrganisation.objects.filter(organisation_id=table.workshop.process.organisation_id, pk=pk).first()


def ideas_by_votes(table: WorkshopTable, *, limit: int = 200) -> list[Idea]:
    """The table's ideas on the record, most dots first (the phone page and the wall)."""
    return list(table.ideas.active().select_related("speaker").order_by("-votes_count", "-created_at", "-pk")[:limit])


def ideas_newest_first(table: WorkshopTable, *, limit: int = 200) -> list[Idea]:
    """The table's ideas on the record, newest first: table mode, where the facilitator checks
    what they just typed."""
    return list(table.ideas.active().select_related("speaker").order_by("-created_at", "-pk")[:limit])


def idea_at(table: WorkshopTable, pk: int) -> Idea:
    """An idea of the table that is still on the record (404 otherwise)."""
    idea = table.ideas.active().select_related("speaker").filter(pk=pk).first()
    if idea is None:
        raise Http404(_("No such idea at this table."))
    idea.table = table
    return idea


def ideas_at(table: WorkshopTable, pks: list[int]) -> list[Idea]:
    return list(table.ideas.active().filter(pk__in=pks).order_by("-created_at", "-pk"))


def participant_by_token(token: str, *, workshop_id: int) -> Invitation | None:
    """The checked-in participant a phone joined as (its cookie carries the invitation's
    token), when they belong to the workshop ``workshop_id``; else None."""
    invitation = invitation_by_token(token)
    if invitation is None or invitation.workshop_id != workshop_id or invitation.checked_in_at is None:
        return None
    return invitation


def can_join_from_phone(invitation: Invitation) -> bool:
    """A checked-in participant may join from a phone on the workshop's day or while the staff
    have opened the phones (people check in before the hours open phones for writing)."""
    workshop = invitation.workshop
    today = timezone.localdate(timezone.now(), timezone.get_default_timezone())
    return invitation.checked_in_at is not None and (workshop.date == today or workshop.takes_phones())


def dots_used(workshop: Workshop, participant: Invitation) -> int:
    """The dots ``participant`` has put at ``workshop`` that still count against the budget
    (dots on a withdrawn idea were returned)."""
    return DotVote.objects.filter(workshop=workshop, participant=participant, returned_at__isnull=True).count()


def dots_left(workshop: Workshop, participant: Invitation | None) -> int:
    if participant is None:
        return 0
    return max(0, workshop.dots_per_participant - dots_used(workshop, participant))


# --- after: the reports --------------------------------------------------------------------------------

TOP_VOTED = 5

#: The SWOT grid's headings (GZFT: Güçlü yönler, Zayıf yönler, Fırsatlar, Tehditler), in its order.
SWOT_HEADINGS = dict(
    zip(
        SWOT_KINDS,
        (gettext_lazy("Strengths"), gettext_lazy("Weaknesses"), gettext_lazy("Opportunities"), gettext_lazy("Threats")),
        strict=True,
    )
)


def swot_headings() -> dict[str, str]:
    return {kind: str(heading) for kind, heading in SWOT_HEADINGS.items()}


def pestle_headings() -> dict[str, str]:
    return {kind: str(Idea.Kind(kind).label) for kind in PESTLE_KINDS}


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


def table_report(table: WorkshopTable, ideas: list[Idea], seated: list[Invitation]) -> TableReport:
    """One table's report; participants by organisation type count the people seated there."""

    def of(kinds: tuple[str, ...]) -> dict[str, list[Idea]]:
        return {kind: [i for i in ideas if i.kind == kind] for kind in kinds}

    types = Counter(i.stakeholder.get_type_display() for i in seated)
    return TableReport(
        table=table,
        theme_name=str(table.theme.localized.name),  # Turkish in the documents (they override the language)
        facilitators=sorted((person_name(f) for f in table.facilitators.all()), key=sort_key),
        swot=of(SWOT_KINDS),
        pestle=of(PESTLE_KINDS),
        proposals=[i for i in ideas if i.kind == Idea.Kind.PROPOSAL],
        problems=[i for i in ideas if i.kind == Idea.Kind.PROBLEM],
        top_voted=sorted(ideas, key=lambda i: (-i.votes_count, i.pk))[:TOP_VOTED],
        by_kind={str(label): n for kind, label in Idea.Kind.choices if (n := sum(1 for i in ideas if i.kind == kind))},
        organisation_types=dict(types.most_common()),
    )


def workshop_report(workshop: Workshop, *, table: WorkshopTable | None = None) -> list[TableReport]:
    """Every table's report, or only ``table``'s."""
    tables = (
        workshop.tables.filter(**({"pk": table.pk} if table is not None else {}))
        .select_related("theme")
        .prefetch_related(
            "facilitators",
            Prefetch("ideas", queryset=Idea.objects.active().select_related("speaker").order_by("-votes_count", "pk")),
            Prefetch(
                "invitations",
                queryset=Invitation.objects.filter(seated_at__isnull=False).select_related("stakeholder"),
                to_attr="seated",
            ),
        )
        .order_by("theme__position", "pk")
    )
    return [table_report(table, list(table.ideas.all()), cast(list[Invitation], table.seated)) for table in tables]


def public_ideas(process: Any, *, theme: Theme | None = None) -> QuerySet[Idea]:
    """What the public sees of workshop ideas, and counts everywhere: the ideas on the record of
    the process's workshop tables (of one theme); withdrawn ideas and ideas merged into another
    are left out (the kept idea stands for them)."""
    ideas = (
        Idea.objects.active()
        .filter(table__workshop__process=process)
        .select_related("table__workshop", "table__theme", "speaker")
    )
    if theme is not None:
        ideas = ideas.filter(table__theme=theme)
    return ideas


IDEA_SORTS = {
    "newest": ("-created_at", "-pk"),
    "most_voted": ("-votes_count", "-created_at", "-pk"),
    "oldest": ("created_at", "pk"),
}
MAX_IDEA_SEARCH_WORDS = 8


def idea_list(
    *,
    processes: QuerySet[Any],
    theme_code: str = "",
    workshop_slug: str = "",
    kind: str = "",
    q: str = "",
    sort: str = "newest",
) -> QuerySet[Idea]:
    """The public ideas (``public_ideas``'s definition) of the workshops of ``processes`` — the
    processes the reader may see, or one of them — filtered, searched and sorted, with what the
    open-data API shows of each loaded in the same query (never the speaker or the participant).

    ``q``: every word must occur in the text, Turkish case ignored ("ÇÖP" finds "çöp"); a word
    with a leading "-" must not. Ideas are few (hundreds per workshop), so a ``LIKE`` per word
    serves where proposals need their full-text index.
    """
    ideas = Idea.objects.active().filter(table__workshop__process__in=processes)
    if theme_code:
        ideas = ideas.filter(table__theme__code=theme_code)
    if workshop_slug:
        ideas = ideas.filter(table__workshop__slug=workshop_slug)
    if kind:
        ideas = ideas.filter(kind=kind)
    for word in search_fold(q).split()[:MAX_IDEA_SEARCH_WORDS]:
        if word.startswith("-") and len(word) > 1:
            ideas = ideas.exclude(text__tr_contains=word[1:])
        else:
            ideas = ideas.filter(text__tr_contains=word)
    return ideas.select_related("table__workshop__process", "table__theme").order_by(*IDEA_SORTS[sort])


def idea_for_public(*, processes: QuerySet[Any], pk: int) -> Idea:
    """One public idea of the workshops of ``processes`` (a Turkish 404 for withdrawn and merged
    ideas, and for ideas of processes the reader may not see)."""
    idea = idea_list(processes=processes).filter(pk=pk).first()
    if idea is None:
        raise Http404(_("No workshop idea with this address."))
    return idea


def participants_by_type(workshop: Workshop) -> dict[str, int]:
    """People checked in at the door, by the type of their organisation (most first)."""
    labels = dict(StakeholderOrganisation.Type.choices)
    rows = (
        workshop.invitations.filter(checked_in_at__isnull=False)
        .values_list("stakeholder__type")
        .annotate(n=Count("pk"))
        .order_by("-n", "stakeholder__type")
    )
    return {str(labels.get(kind, kind)): n for kind, n in rows}


def ideas_for_export(workshop: Workshop, table: WorkshopTable | None = None) -> QuerySet[Idea]:
    """Every idea on the record of the workshop (or of one table), for the analysts' spreadsheet."""
    ideas = Idea.objects.active().filter(table__workshop=workshop).select_related("table__theme", "speaker")
    if table is not None:
        ideas = ideas.filter(table=table)
    return ideas.order_by("table__theme__position", "-votes_count", "pk")


def report_version(workshop: Workshop, table: WorkshopTable | None = None) -> str:
    """A fingerprint of everything the report shows: the workshop's own fields, its tables
    (theme, summary, closed, facilitators), their ideas (any change to an idea touches its
    ``updated_at``; dots move ``votes_count``) and the check-ins with their organisations. It
    changes whenever the report would, so a rendered report can be cached under it."""
    tables = workshop.tables.filter(**({"pk": table.pk} if table is not None else {}))
    ideas = Idea.objects.filter(table__in=tables).aggregate(
        n=Count("pk"), changed=Max("updated_at"), dots=Sum("votes_count")
    )
    people = workshop.invitations.aggregate(
        n=Count("pk"), changed=Max("updated_at"), organisations=Max("stakeholder__updated_at")
    )
    parts = [
        workshop.pk,
        workshop.updated_at,
        workshop.process.title,
        list(tables.order_by("pk").values_list("pk", "summary", "is_closed", "theme__name", "theme__position")),
        sorted(tables.values_list("pk", "facilitators__first_name", "facilitators__last_name"), key=str),
        ideas,
        people,
        # What other apps add to the report (the consensus of its conversation, the tables' sub-topics).
        report_sections_version(workshop),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def theme_workshop_tables(theme: Theme, *, top: int = 5) -> list[tuple[WorkshopTable, list[Idea]]]:
    """The workshop tables of ``theme`` with their top-voted ideas: workshop contributions shown
    on the theme's page next to online proposals."""
    tables = list(
        WorkshopTable.objects.filter(theme=theme)
        .select_related("workshop__process", "theme")
        .order_by("workshop__date")
    )
    return [(t, list(t.ideas.active().order_by("-votes_count", "pk")[:top])) for t in tables]


def tables_facilitated_by(user: Any, *, limit: int = 20) -> list[WorkshopTable]:
    """The tables ``user`` facilitates, newest workshop first (their dashboard links table mode)."""
    return list(
        WorkshopTable.objects.filter(facilitators=user)
        .select_related("theme", "workshop")
        .order_by("-workshop__date", "theme__position", "pk")[:limit]
    )
