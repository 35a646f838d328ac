"""Demo step: the stakeholder registry and the 13 tables of the "Ankara'yı Sen Planla" workshop.

Organisations, ideas, table summaries and name lists are written by the team
(``content/workshop_*.toml``); facilitators are demo accounts. Each organisation's contact
person has recorded KVKK consent (some organisations have none and are invited by letter);
invitations, answers, table assignment and check-ins follow with a fixed seed. Tables are
skipped when they exist, invitations likewise.
"""

from __future__ import annotations

import random
import secrets
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from ortakakil.core.models import Role, User
from ortakakil.workshops import assignment
from ortakakil.workshops.models import (
    ContactPerson,
    Idea,
    Invitation,
    StakeholderOrganisation,
    Workshop,
    WorkshopTable,
)

from .content import read_content

if TYPE_CHECKING:
    from .loader import DemoContext

SEED = 20191019


def load_workshop_tables(ctx: DemoContext) -> None:
    if ctx.process is None or ctx.organisation is None:
        raise RuntimeError("the process step must run before the workshop step")
    workshop = Workshop.objects.get(process=ctx.process, slug="stratejik-plan-calistayi")
    rng = random.Random(SEED)  # noqa: S311 — reproducible demo data, not security
    part_a, part_b = read_content("workshop_a.toml"), read_content("workshop_b.toml")
    themes = {t.code: t for t in ctx.process.themes.all()}
    stakeholders: dict[str, StakeholderOrganisation] = {}
    for item in part_a["organisations"]:
        organisation, _ = StakeholderOrganisation.objects.update_or_create(
            organisation=ctx.organisation,
            name=item["name"],
            defaults={
                "type": item["type"],
                "is_internal": item["internal"],
                "influence": item["influence"],
                "importance": item["importance"],
            },
        )
        organisation.themes.set([themes[code] for code in item["products"] if code in themes])
        stakeholders[item["key"]] = organisation
    ctx.counts["stakeholders"] = len(stakeholders)
    if workshop.tables.exists():
        ctx.counts["workshop ideas"] = Idea.objects.filter(table__workshop=workshop).count()
    else:
        _tables_and_ideas(ctx, workshop, stakeholders, part_a, part_b, rng)
    _invitations(ctx, workshop, stakeholders, part_a["organisations"])


def _tables_and_ideas(
    ctx: DemoContext,
    workshop: Workshop,
    stakeholders: dict[str, StakeholderOrganisation],
    part_a: dict[str, Any],
    part_b: dict[str, Any],
    rng: random.Random,
) -> None:
    if ctx.process is None or ctx.organisation is None:
        raise RuntimeError("the process step must run before the workshop step")
    themes = {t.code: t for t in ctx.process.themes.all()}
    attendance = read_content("workshop_attendance.toml")
    summaries, names = attendance["summaries"], attendance["names"]
    facilitator = User.objects.filter(username="kolaylastirici").first()
    tables: dict[str, WorkshopTable] = {}
    for number, theme in enumerate(sorted(themes.values(), key=lambda t: t.position), start=1):
        table = WorkshopTable.objects.create(
            workshop=workshop,
            theme=theme,
            code=f"ANK{number:02d}{theme.code[:3]}",
            summary=summaries.get(theme.code, "").strip(),
            # The workshop of 19 October 2019 is over: its tables were closed at the end of the day.
            is_closed=True,
        )
        helper, _ = User.objects.get_or_create(
            username=f"demo-kolaylastirici-{number:02d}",
            defaults={
                "first_name": names["first"][(number * 7) % len(names["first"])],
                "last_name": names["last"][(number * 5 + 3) % len(names["last"])],
                "role": Role.FACILITATOR,
                "organisation": ctx.organisation,
                "password": "!demo-account-without-password",
            },
        )
        table.facilitators.add(helper)
        if facilitator is not None and theme.code == "ULASIM":
            table.facilitators.add(facilitator)
        tables[theme.code] = table

    by_type: dict[str, list[StakeholderOrganisation]] = {}
    for organisation in stakeholders.values():
        by_type.setdefault(organisation.type, []).append(organisation)
    ideas = []
    for item in part_a["ideas"]:
        ideas.append(
            Idea(
                table=tables[item["table"]],
                kind=item["kind"],
                text=item["text"].strip(),
                speaker=stakeholders.get(item["speaker"]),
                votes_count=item["votes"],
            )
        )
    for item in part_b["ideas"]:
        candidates = by_type.get(item["speaker_type"], [])
        ideas.append(
            Idea(
                table=tables[item["table"]],
                kind=item["kind"],
                text=item["text"].strip(),
                speaker=rng.choice(candidates) if candidates else None,
                votes_count=item["votes"],
            )
        )
    Idea.objects.bulk_create(ideas, batch_size=500)
    # Written down during the day of the workshop, so its statistics count them in that week (a
    # generator of their own leaves the rest of the demo as it was).
    when = random.Random(SEED + 1)  # noqa: S311 — reproducible demo data, not security
    day_start = datetime.combine(workshop.date, time(10, 30), tzinfo=timezone.get_current_timezone())
    stored = list(Idea.objects.filter(table__workshop=workshop).order_by("pk"))
    for idea in stored:
        idea.created_at = idea.updated_at = day_start + timedelta(minutes=when.randint(0, 6 * 60))
    Idea.objects.bulk_update(stored, ["created_at", "updated_at"], batch_size=500)
    ctx.counts["workshop ideas"] = len(ideas)


def _invitations(
    ctx: DemoContext,
    workshop: Workshop,
    stakeholders: dict[str, StakeholderOrganisation],
    organisations: list[dict[str, Any]],
) -> None:
    """Contact people with consent, invitations and answers, seats, and arrivals on the day."""
    if workshop.invitations.exists():
        ctx.counts["invitations"] = workshop.invitations.count()
        return
    data = read_content("workshop_attendance.toml")
    consent, rates, names = data["consent"], data["attendance"], data["names"]
    rng = random.Random(SEED + 1)  # noqa: S311 — reproducible demo data
    tz = timezone.get_current_timezone()
    given = datetime.combine(consent["given_on"], time(10, 0), tzinfo=tz)
    answered = datetime.combine(workshop.date - timedelta(days=10), time(14, 0), tzinfo=tz)
    tables = list(workshop.tables.select_related("theme").order_by("theme__position"))
    table_of_theme = {t.theme_id: t for t in tables}

    invitations: list[Invitation] = []
    for number, item in enumerate(organisations):
        stakeholder = stakeholders[item["key"]]
        people = [(item["contact_name"], item.get("contact_title", ""))]
        if rng.random() < rates["second_person"]:
            people.append((f"{rng.choice(names['first'])} {rng.choice(names['last'])}", "Uzman"))
        with_consent = number % 9 != 4  # a few organisations gave no consent: invited by letter
        contacts = []
        for full_name, position in people:
            login = full_name.lower().translate(str.maketrans("çğıöşüâ ", "cgiosua.", "'"))
            contact, _ = ContactPerson.objects.get_or_create(
                stakeholder=stakeholder,
                full_name=full_name,
                defaults={
                    "position": position,
                    "email": f"{login}@kurum{number + 1:02d}.example",
                    "consent_purpose": consent["purpose"] if with_consent else "",
                    "consent_given_at": given if with_consent else None,
                    "notice_version": consent["notice_version"] if with_consent else "",
                },
            )
            contacts.append(contact)
        concerned = [t for t in stakeholder.themes.all() if t.pk in table_of_theme]
        targets: list[ContactPerson | None] = list(contacts) if with_consent else [None]
        for person in targets:
            roll = rng.random()
            status = (
                Invitation.Status.ACCEPTED
                if roll < rates["accept"]
                else Invitation.Status.DECLINED
                if roll < rates["accept"] + rates["decline"]
                else Invitation.Status.INVITED
            )
            invitations.append(
                Invitation(
                    workshop=workshop,
                    stakeholder=stakeholder,
                    contact=person,
                    attendee_name=""
                    if person or status != Invitation.Status.ACCEPTED
                    else f"{rng.choice(names['first'])} {rng.choice(names['last'])}",
                    token=secrets.token_urlsafe(32),
                    status=status,
                    responded_at=None if status == Invitation.Status.INVITED else answered,
                    preferred_theme=rng.choice(concerned) if concerned and rng.random() < 0.5 else None,
                )
            )
    Invitation.objects.bulk_create(invitations)

    attending = [i for i in workshop.invitations.select_related("stakeholder") if i.status == "katilacak"]
    seats = assignment.assign(
        [
            assignment.Attendee(
                key=i.pk,
                org_type=i.stakeholder.type,
                chosen_table=table_of_theme[i.preferred_theme_id].pk if i.preferred_theme_id else None,
            )
            for i in attending
        ],
        [assignment.Table(key=t.pk, capacity=t.capacity) for t in tables],
    )
    start = datetime.combine(workshop.date, time.fromisoformat(rates["first_arrival"]), tzinfo=tz)
    end = datetime.combine(workshop.date, time.fromisoformat(rates["last_arrival"]), tzinfo=tz)
    span = int((end - start).total_seconds())
    for invitation in attending:
        invitation.table_id = seats[invitation.pk]
        if rng.random() < rates["arrive"]:
            invitation.checked_in_at = start + timedelta(seconds=rng.randrange(span))
            if rng.random() < rates["seat"]:
                invitation.seated_at = invitation.checked_in_at + timedelta(minutes=rng.randint(3, 25))
    Invitation.objects.bulk_update(attending, ["table", "checked_in_at", "seated_at"])
    ctx.counts["invitations"] = len(invitations)
