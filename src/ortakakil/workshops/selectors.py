"""Reads for workshops: reports, invitation and table overviews, the stakeholder matrices."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, cast

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from ortakakil.processes.models import Theme

from .matrix import Priority, priority
from .models import PESTLE_KINDS, SWOT_KINDS, Idea, Invitation, Workshop, WorkshopTable

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


def table_report(table: WorkshopTable, ideas: list[Idea], seated: list[Invitation]) -> TableReport:
    """One table's report; participants by organisation type count the people seated there."""

    def of(kinds: tuple[str, ...]) -> dict[str, list[Idea]]:
        return {kind: [i for i in ideas if i.kind == kind] for kind in kinds}

    types = Counter(i.stakeholder.get_type_display() for i in seated)
    return TableReport(
        table=table,
        theme_name=table.theme.name,
        facilitators=[f.get_full_name() or f.username for f in table.facilitators.all()],
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


def workshop_for_manage(*, user: Any, slug: str, workshop: str, perm: str = "workshops.manage") -> Workshop:
    """The process's workshop for staff holding ``perm`` on it: 404 for other organisations,
    403 for members of the organisation without the permission."""
    from django.core.exceptions import PermissionDenied
    from django.http import Http404
    from django.utils.translation import gettext as _

    from ortakakil.processes.selectors import process_for_public

    process = process_for_public(user=user, slug=slug)
    event = process.workshops.filter(slug=workshop).first()
    if event is None:
        raise Http404(_("This process has no workshop with this address."))
    event.process = process
    if not user.has_perm(perm, event):
        if getattr(user, "organisation_id", None) == process.organisation_id:
            raise PermissionDenied(_("You are not allowed to do this."))
        raise Http404(_("This process has no workshop with this address."))
    return event


def theme_workshop_tables(theme: Theme, *, top: int = 5) -> list[tuple[WorkshopTable, list[Idea]]]:
    """The workshop tables of ``theme`` with their top-voted ideas: workshop contributions shown
    on the theme's page next to online proposals."""
    tables = list(
        WorkshopTable.objects.filter(theme=theme)
        .select_related("workshop__process", "theme")
        .order_by("workshop__date")
    )
    return [(t, list(t.ideas.active().order_by("-votes_count", "pk")[:top])) for t in tables]


def participants_by_type(workshop: Workshop) -> dict[str, int]:
    """People checked in at the door, by the type of their organisation (most first)."""
    from .models import StakeholderOrganisation

    labels = dict(StakeholderOrganisation.Type.choices)
    rows = (
        workshop.invitations.filter(checked_in_at__isnull=False)
        .values_list("stakeholder__type")
        .annotate(n=Count("pk"))
        .order_by("-n", "stakeholder__type")
    )
    return {str(labels.get(kind, kind)): n for kind, n in rows}


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


def table_overview(workshop: Workshop) -> list[dict[str, Any]]:
    """Per table: seats, people assigned and seated, and the organisation-type mix of those assigned."""
    from .models import StakeholderOrganisation

    labels = dict(StakeholderOrganisation.Type.choices)
    tables = list(
        workshop.tables.select_related("theme")
        .prefetch_related("facilitators")
        .annotate(
            assigned=Count("invitations", filter=Q(invitations__status=Invitation.Status.ACCEPTED), distinct=True),
            seated=Count("invitations", filter=Q(invitations__seated_at__isnull=False), distinct=True),
            ideas_count=Count(
                "ideas",
                filter=Q(ideas__withdrawn_at__isnull=True, ideas__merged_into__isnull=True),
                distinct=True,
            ),
        )
        .order_by("theme__position", "pk")
    )
    mix: dict[int, Counter[str]] = {t.pk: Counter() for t in tables}
    for table_id, kind in workshop.invitations.filter(
        status=Invitation.Status.ACCEPTED, table__isnull=False
    ).values_list("table_id", "stakeholder__type"):
        mix[table_id][kind] += 1
    return [{"table": t, "mix": [(str(labels[k]), mix[t.pk][k]) for k in labels if mix[t.pk][k]]} for t in tables]


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


def first_workshop(process_slug: str) -> Workshop | None:
    return Workshop.objects.filter(process__slug=process_slug).select_related("process").order_by("date", "pk").first()


@dataclass
class Quadrant:
    key: str
    label: str
    action: str
    organisations: list[object]


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
    """The stakeholder priority matrix of the planning guide, strong quadrants first."""
    from .models import StakeholderOrganisation

    quadrants = {
        key: Quadrant(key=key.value, label=str(label), action=str(action), organisations=[])
        for key, (label, action) in PRIORITY_LABELS.items()
    }
    for stakeholder in StakeholderOrganisation.objects.filter(organisation_id=organisation_id).order_by("name"):
        quadrants[priority(stakeholder.influence, stakeholder.importance)].organisations.append(stakeholder)
    return list(quadrants.values())


def product_matrix(organisation_id: int) -> tuple[list[Any], list[tuple[Any, list[bool]]]]:
    """The stakeholder × product/service matrix: which stakeholder is concerned with which theme."""

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
