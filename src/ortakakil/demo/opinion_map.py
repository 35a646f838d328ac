"""Demo step: the opinion map — a conversation per theme and one run at the workshop.

Statements are written by the team (``content/opinions.toml``); some are taken from the
demo's most supported proposals and most dot-voted workshop ideas and keep a link to them.
Votes are drawn with a fixed seed from *latent opinion groups* written next to the
statements: every conversation has two to four groups, each with a stance on each statement
(1 agree … −1 disagree) and its own mix of stakeholder types, so the map, the consensus and
the cross-tab of groups against stakeholder types show structure the content put there.

Voters are the demo's citizen and stakeholder-representative accounts (the named accounts
people log in with are left out, so they find the conversations unvoted). Each citizen account
keeps one stakeholder type across conversations — most vote as citizens, some chose the type
of organisation they work for on the vote page; a representative's type is that of the
organisation they represent. At the workshop the voters are the checked-in participants, with
their organisation's type. A conversation that exists is left alone, so loading again changes
nothing; its opinion map is computed once, after its votes.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import OuterRef, Subquery

from ortakakil.core.models import Role, User
from ortakakil.opinions import recompute as opinion_maps
from ortakakil.opinions.models import STAKEHOLDER_TYPES, STATEMENT_MAX, Conversation, Participant, Statement, Vote
from ortakakil.processes.models import Process, Theme
from ortakakil.workshops.models import Workshop

from .content import read_content
from .plan import idea_ids, proposal_ids

if TYPE_CHECKING:
    from .loader import DemoContext

SEED = 20191019
TZ = ZoneInfo("Europe/Istanbul")
TYPES = [key for key, _label in STAKEHOLDER_TYPES]
STATUSES = {
    "accepted": Statement.Status.ACCEPTED,
    "pending": Statement.Status.PENDING,
    "rejected": Statement.Status.REJECTED,
    "meta": Statement.Status.META,
}


class ContentError(ValueError):
    """A mistake in ``content/opinions.toml``: the demo stops rather than load it."""


def load_opinion_map(ctx: DemoContext) -> None:
    process = ctx.process
    if process is None:
        raise RuntimeError("the process step must run before the opinion map step")
    content = read_content("opinions.toml")
    strategist = User.objects.get(username="strateji")
    sources = _Sources(process)
    voters = _voters(content)
    themes = {t.code: t for t in process.themes.all()}
    phase = ctx.phases["katilim"]
    for item in content["conversations"]:
        theme = themes[item["theme"]]
        conversation = Conversation.objects.filter(process=process, theme=theme, workshop=None).first()
        if conversation is None:
            conversation = _conversation(process, item, strategist, theme=theme)
            rng = random.Random(f"{SEED}-{theme.code}")  # noqa: S311 — reproducible demo data, not security
            statements = _statements(conversation, item, sources, strategist, table=theme.code)
            chosen = rng.sample(voters, min(item["participants"], len(voters)))
            members = _participants(conversation, item, chosen, rng)
            moments = _moments(members, rng, phase.starts_on, phase.ends_on, hours=(10, 22))
            _votes(conversation, statements, members, moments, rng)
            opened = datetime.combine(phase.starts_on, time(9, 0), tzinfo=TZ)
            _dates(conversation, statements, members, rng, opened, max(moments.values()))
        _computed(conversation)
    workshop = Workshop.objects.get(process=process, slug="stratejik-plan-calistayi")
    _workshop_conversation(process, workshop, content["workshop"], sources, strategist)
    conversations = Conversation.objects.filter(process=process)
    ctx.counts["conversations"] = conversations.count()
    ctx.counts["statements"] = Statement.objects.filter(conversation__in=conversations).count()
    ctx.counts["opinion votes"] = Vote.objects.filter(conversation__in=conversations).count()


class _Sources:
    """The contributions statements are taken from, by the content's own keys."""

    def __init__(self, process: Process) -> None:
        self.proposals = proposal_ids(process)
        self.ideas = idea_ids(process)

    def resolve(self, statement: dict[str, Any], *, table: str) -> tuple[str, int | None]:
        if "proposal" in statement:
            pk = self.proposals.get(statement["proposal"])
            kind = "proposal"
        elif "idea" in statement:
            pk = self.ideas.get((statement.get("table", table), statement["idea"].strip()))
            kind = "workshop_idea"
        else:
            return "", None
        if pk is None:
            raise ContentError(f"demo opinions: a statement names a contribution that does not exist: {statement}")
        return kind, pk


def _voters(content: dict[str, Any]) -> list[tuple[User, str, bool]]:
    """(account, stakeholder type, whether they chose it on the vote page) of every demo voter."""
    represents: dict[str, str] = content["represents"]
    weights: dict[str, float] = content["voter_types"]
    if unknown := (set(represents.values()) | set(weights)) - set(TYPES):
        raise ContentError(f"demo opinions: unknown stakeholder types {sorted(unknown)}")
    rng = random.Random(SEED)  # noqa: S311 — reproducible demo data, not security
    voters: list[tuple[User, str, bool]] = []
    accounts = User.objects.filter(
        username__startswith="demo-", role__in=[Role.CITIZEN, Role.STAKEHOLDER_REP], verified_at__isnull=False
    ).order_by("username")
    for user in accounts:
        if user.role == Role.STAKEHOLDER_REP:
            if user.represents not in represents:
                raise ContentError(f"demo opinions: no stakeholder type for {user.represents!r}")
            voters.append((user, represents[user.represents], False))
        else:
            kind = rng.choices(list(weights), weights=list(weights.values()))[0]
            voters.append((user, kind, kind != "citizen"))
    return voters


def _conversation(
    process: Process,
    item: dict[str, Any],
    strategist: User,
    *,
    theme: Theme | None = None,
    workshop: Workshop | None = None,
) -> Conversation:
    return Conversation.objects.create(
        process=process,
        theme=theme,
        workshop=workshop,
        title=item["title"],
        description=item["description"].strip(),
        created_by=strategist,
    )


def _statements(
    conversation: Conversation, item: dict[str, Any], sources: _Sources, strategist: User, *, table: str
) -> list[tuple[Statement, dict[str, Any]]]:
    groups = {group["key"] for group in item["groups"]}
    rows: list[tuple[Statement, dict[str, Any]]] = []
    for data in item["statements"]:
        text = data["text"].strip()
        status = STATUSES[data.get("status", "accepted")]
        if len(text) > STATEMENT_MAX:
            raise ContentError(f"demo opinions: longer than {STATEMENT_MAX} characters: {text}")
        if status == Statement.Status.ACCEPTED and set(data.get("stance", {})) != groups:
            raise ContentError(f"demo opinions: the stance must name the groups {sorted(groups)}: {text}")
        kind, source_id = sources.resolve(data, table=table)
        by_staff = data.get("author", "staff") == "staff"
        moderated = status != Statement.Status.PENDING and not by_staff
        rows.append(
            (
                Statement(
                    conversation=conversation,
                    text=text,
                    status=status,
                    is_seed=by_staff,
                    author=strategist if by_staff else None,
                    source_kind=kind,
                    source_id=source_id,
                    moderated_by=strategist if moderated else None,
                    moderation_reason=data.get("reason", ""),
                ),
                data,
            )
        )
    created = Statement.objects.bulk_create([statement for statement, _data in rows])
    if not all(statement.pk for statement in created):  # backends that return no keys
        created = list(conversation.statements.order_by("pk"))
    return list(zip(created, (data for _statement, data in rows), strict=True))


def _participants(
    conversation: Conversation, item: dict[str, Any], voters: list[tuple[User, str, bool]], rng: random.Random
) -> list[tuple[Participant, str]]:
    """The voters as participants, each drawn into a latent group according to the groups'
    sizes and their mixes of stakeholder types."""
    chosen = [
        (Participant(conversation=conversation, user=user, stakeholder_type=kind, stakeholder_type_chosen=picked), kind)
        for user, kind, picked in voters
    ]
    return _grouped(conversation, item, chosen, rng)


def _grouped(
    conversation: Conversation, item: dict[str, Any], chosen: list[tuple[Participant, str]], rng: random.Random
) -> list[tuple[Participant, str]]:
    groups = item["groups"]
    for group in groups:
        if unknown := set(group.get("mix", {})) - set(TYPES):
            raise ContentError(f"demo opinions: unknown stakeholder types {sorted(unknown)} in {item['title']}")
    Participant.objects.bulk_create([participant for participant, _kind in chosen], batch_size=500)
    stored = {p.user_id or p.invitation_id: p for p in conversation.participants.all()}
    members: list[tuple[Participant, str]] = []
    for participant, kind in chosen:
        weights = [group["share"] * group.get("mix", {}).get(kind, 1) for group in groups]
        group = rng.choices(groups, weights=weights)[0]
        members.append((stored[participant.user_id or participant.invitation_id], group["key"]))
    return members


def _moments(
    members: list[tuple[Participant, str]], rng: random.Random, first: date, last: date, hours: tuple[int, int]
) -> dict[int, datetime]:
    """When each participant came to vote, within ``first`` … ``last`` (a few moments a day)."""
    moments = [
        datetime.combine(first + timedelta(days=n), time(rng.randint(*hours), rng.randint(0, 59)), tzinfo=TZ)
        for n in range((last - first).days + 1)
        for _ in range(3)
    ]
    return {participant.pk: rng.choice(moments) for participant, _group in members}


def _votes(
    conversation: Conversation,
    statements: list[tuple[Statement, dict[str, Any]]],
    members: list[tuple[Participant, str]],
    moments: dict[int, datetime],
    rng: random.Random,
) -> None:
    """Each participant votes on some of the accepted statements (most on nearly all, some on
    a few), one every few seconds, following their group's stance with their own conviction.

    Written with one multi-row statement: the ORM's bulk insert would take most of the demo's
    loading time, and it cannot date the votes (``updated_at`` is set on save)."""
    votable = [(s, data["stance"]) for s, data in statements if s.status == Statement.Status.ACCEPTED]
    adapt = connection.ops.adapt_datetimefield_value
    rows: list[tuple[Any, ...]] = []
    for participant, group in members:
        conviction = rng.uniform(0.75, 1.0)
        if rng.random() < 0.12:
            count = rng.randint(1, min(5, len(votable)))
        else:
            count = max(1, len(votable) - rng.choice([0, 0, 1, 1, 2, 3]))
        moment = moments[participant.pk]
        for statement, stance in rng.sample(votable, count):
            lean = float(stance[group]) * conviction
            if rng.random() < 0.05 + 0.25 * (1 - abs(lean)):
                value = Vote.Value.PASS
            elif rng.random() < 0.5 + 0.47 * lean:
                value = Vote.Value.AGREE
            else:
                value = Vote.Value.DISAGREE
            moment += timedelta(seconds=rng.randint(4, 40))
            cast = adapt(moment)
            rows.append((conversation.pk, statement.pk, participant.pk, int(value), cast, cast))
    column = {field.name: field.column for field in Vote._meta.concrete_fields}
    fields = ["conversation", "statement", "participant", "value", "created_at", "updated_at"]
    columns = ", ".join(connection.ops.quote_name(column[name]) for name in fields)
    table = connection.ops.quote_name(Vote._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s, %s)",  # noqa: S608 — names from the model
            rows,
        )


def _dates(
    conversation: Conversation,
    statements: list[tuple[Statement, dict[str, Any]]],
    members: list[tuple[Participant, str]],
    rng: random.Random,
    opened: datetime,
    closed: datetime,
) -> None:
    """The conversation opens with its seed statements; participants joined when they first
    voted; participant-written statements come from one of them, early on (pending ones near
    the end), and were moderated soon after."""
    Conversation.objects.filter(pk=conversation.pk).update(created_at=opened, updated_at=opened)
    first_vote = Vote.objects.filter(participant=OuterRef("pk")).order_by("created_at").values("created_at")[:1]
    conversation.participants.update(created_at=Subquery(first_vote))
    span = int((closed - opened).total_seconds())
    for statement, data in statements:
        by_staff = data.get("author", "staff") == "staff"
        if by_staff:
            written = opened
        elif statement.status == Statement.Status.PENDING:
            written = closed - timedelta(seconds=rng.randrange(max(span // 20, 1)))
        else:  # early on, so that most votes on it came after it was accepted
            written = opened + timedelta(seconds=rng.randrange(max(span // 20, 1)))
        changes: dict[str, Any] = {"created_at": written, "updated_at": written}
        if not by_staff:
            author, _group = rng.choice(members)
            changes |= {"author_id": author.user_id, "author_participant": author}
        if statement.moderated_by_id is not None:
            changes["moderated_at"] = written + timedelta(seconds=span // 100)
        Statement.objects.filter(pk=statement.pk).update(**changes)


def _computed(conversation: Conversation) -> None:
    """The conversation's opinion map, computed once after its votes."""
    if conversation.votes.exists() and not conversation.analyses.exists():
        opinion_maps.recompute(conversation)


def _workshop_conversation(
    process: Process, workshop: Workshop, item: dict[str, Any], sources: _Sources, strategist: User
) -> None:
    """The conversation the workshop's participants voted on from their phones on the day, by
    their table codes: its voters are the checked-in invitations, with their organisation's type.
    It is left open: phones still vote only while the workshop takes them (its day, or when the
    staff open the phones again), so the demo can show voting by table code."""
    conversation = Conversation.objects.filter(process=process, workshop=workshop).first()
    if conversation is None:
        start = datetime.combine(workshop.date, workshop.starts_at or time(9, 0), tzinfo=TZ)
        ended = datetime.combine(workshop.date, workshop.ends_at or time(18, 0), tzinfo=TZ)
        conversation = _conversation(process, item, strategist, workshop=workshop)
        rng = random.Random(f"{SEED}-workshop")  # noqa: S311 — reproducible demo data, not security
        statements = _statements(conversation, item, sources, strategist, table="")
        present = workshop.invitations.filter(checked_in_at__isnull=False).select_related("stakeholder")
        chosen = [
            (
                Participant(
                    conversation=conversation, invitation=invitation, stakeholder_type=invitation.stakeholder.type
                ),
                invitation.stakeholder.type,
            )
            for invitation in present.order_by("pk")
        ]
        members = _grouped(conversation, item, chosen, rng)
        # Voting opened after the morning session and went on until the closing hour.
        moments = _moments(members, rng, workshop.date, workshop.date, hours=(start.hour + 2, ended.hour - 1))
        _votes(conversation, statements, members, moments, rng)
        _dates(conversation, statements, members, rng, start, ended)
    _computed(conversation)
