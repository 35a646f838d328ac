"""Every read of the opinions app: objects named in an address are found here, scoped to what
the person may see, with a Turkish 404."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from ortakakil.processes import selectors as process_selectors
from ortakakil.processes.models import Process

from .math import routing
from .models import Analysis, Conversation, Participant, Statement, Vote


def conversations_of(process: Process) -> QuerySet[Conversation]:
    return Conversation.objects.filter(process=process).select_related("theme", "workshop")


def conversation_for_public(*, user: Any, slug: str, pk: int) -> Conversation:
    """A conversation of a process the person may see (published processes, or staff's own)."""
    process = process_selectors.process_for_public(user=user, slug=slug)
    conversation = conversations_of(process).filter(pk=pk).first()
    if conversation is None:
        raise Http404(_("No such conversation."))
    return conversation


def conversation_by_id(*, user: Any, pk: int) -> Conversation:
    """A conversation named by its id alone (the API), if its process is visible to the person
    (with the process's current phase: voting asks whether the phase is open)."""
    conversation = (
        Conversation.objects.select_related("process__current_phase", "theme", "workshop").filter(pk=pk).first()
    )
    if conversation is None or not process_selectors.process_is_visible(user, conversation.process):
        raise Http404(_("No such conversation."))
    return conversation


_VOTE_SQL = f"""
SELECT {process_selectors.PROCESS_COLUMNS},
       c.id, c.title, c.theme_id, c.workshop_id, c.accepts_statements, c.closed_at, s.id, s.status
FROM opinions_conversation c {process_selectors.process_join("c")}
LEFT JOIN opinions_statement s ON s.id = %s AND s.conversation_id = c.id
WHERE c.id = %s
"""  # noqa: S608 — constant column names


def vote_target(*, user: Any, pk: int, statement: int | None) -> tuple[Conversation, Statement | None]:
    """The conversation voted in (a 404 when it is unknown or its process is not visible to
    ``user``) and the statement voted on (None when it is not in this conversation), in one
    hand-written query: the API's vote is its hottest write after the support, and the ORM spends
    more time building the two queries than the database answering them. The objects are
    read-only stand-ins holding only the columns a vote reads (the process's visibility, its
    phase's switches, whether the conversation is closed or held at a workshop): never save them."""
    from ortakakil.core.db import returned_datetime

    found = process_selectors.fetch_with_process(_VOTE_SQL, [statement, pk])
    if found is None or not process_selectors.process_is_visible(user, found[1]):
        raise Http404(_("No such conversation."))
    (cid, title, theme_id, workshop_id, accepts, closed_at, statement_id, status), process = found
    conversation = Conversation(
        pk=cid,
        title=title,
        process=process,
        theme_id=theme_id,
        workshop_id=workshop_id,
        accepts_statements=bool(accepts),
        closed_at=None if closed_at is None else returned_datetime(closed_at),
    )
    voted = None if statement_id is None else Statement(pk=statement_id, conversation_id=cid, status=status)
    return conversation, voted


def conversation_for_manage(*, user: Any, slug: str, pk: int) -> Conversation:
    """A conversation in the back office, for the strategy team of its process."""
    process = process_selectors.process_for_manage(user=user, slug=slug)
    conversation = conversations_of(process).filter(pk=pk).first()
    if conversation is None:
        raise Http404(_("No such conversation."))
    if not user.has_perm("opinions.manage", conversation):
        raise PermissionDenied(_("Only the strategy team manages conversations."))
    return conversation


def statement_in(conversation: Conversation, pk: int) -> Statement:
    statement = Statement.objects.filter(conversation=conversation, pk=pk).first()
    if statement is None:
        raise Http404(_("No such statement in this conversation."))
    return statement


def accepted_statements(conversation: Conversation) -> QuerySet[Statement]:
    return conversation.statements.filter(status=Statement.Status.ACCEPTED)


def latest_analysis(conversation: Conversation) -> Analysis | None:
    """The latest finished opinion map (a recomputation in progress leaves it in place)."""
    return conversation.analyses.order_by("-created_at", "-pk").first()


# --- back office ------------------------------------------------------------------------------


def _count_of(model: Any, **extra: Any) -> Subquery:
    rows = model.objects.filter(conversation=OuterRef("pk"), **extra).order_by().values("conversation")
    return Subquery(rows.annotate(n=Count("pk")).values("n"), output_field=IntegerField())


def conversations_for_manage(process: Process) -> QuerySet[Conversation]:
    """The process's conversations with their counts (statements, waiting ones, participants,
    votes), for the back office."""
    from .models import Participant, Vote

    return conversations_of(process).annotate(
        statements_count=Coalesce(_count_of(Statement), 0),
        pending_count=Coalesce(_count_of(Statement, status=Statement.Status.PENDING), 0),
        participants_count=Coalesce(_count_of(Participant), 0),
        votes_count=Coalesce(_count_of(Vote), 0),
    )


def conversation_counts(conversation: Conversation) -> dict[str, int]:
    """How many statements (by state), participants and votes the conversation has."""
    by_status = dict(
        conversation.statements.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return {
        "statements": sum(by_status.values()),
        **{status: by_status.get(status, 0) for status in Statement.Status.values},
        "participants": conversation.participants.count(),
        "votes": conversation.votes.count(),
    }


STATEMENT_FILTERS = ("all", "seed", "participants", "imported")


def statements_for_manage(
    conversation: Conversation, *, status: str = "", origin: str = "all", query: str = ""
) -> QuerySet[Statement]:
    """The conversation's statements for the moderation queue: waiting ones first, then newest;
    with their vote counts; filtered by state, origin and words (Turkish case forgiven)."""
    statements = conversation.statements.select_related("author", "author_participant", "moderated_by").annotate(
        agree=Count("votes", filter=Q(votes__value=1)),
        disagree=Count("votes", filter=Q(votes__value=-1)),
        passed=Count("votes", filter=Q(votes__value=0)),
        waiting=Case(When(status=Statement.Status.PENDING, then=Value(0)), default=Value(1)),
    )
    if status in Statement.Status.values:
        statements = statements.filter(status=status)
    if origin == "seed":
        statements = statements.filter(is_seed=True)
    elif origin == "participants":
        statements = statements.filter(is_seed=False, polis_id__isnull=True)
    elif origin == "imported":
        statements = statements.filter(polis_id__isnull=False)
    for word in query.split()[:8]:
        statements = statements.filter(text__tr_contains=word)
    return statements.order_by("waiting", "-created_at", "-pk")


SEED_LIMIT = 20


def seed_candidates(conversation: Conversation, *, limit: int = SEED_LIMIT) -> dict[str, list[Any]]:
    """What statements may be seeded from, per kind: the most dot-voted workshop ideas and the
    most supported proposals of the conversation's process (and theme; a workshop's
    conversation: that workshop's ideas), read through the contribution registry, each with its
    suggested (shortened) statement and whether a statement already comes from it."""
    from ortakakil.processes import contributions

    from .services import SEED_KINDS, SeedCandidate, statement_text_for

    process, theme = conversation.process, conversation.theme
    used = set(conversation.statements.filter(source_id__isnull=False).values_list("source_kind", "source_id"))
    registered = {kind.key: kind for kind in contributions.kinds()}
    out: dict[str, list[Any]] = {}
    for key in SEED_KINDS:
        kind = registered.get(key)
        if kind is None:
            continue
        if key == "workshop_idea" and conversation.workshop_id is not None:
            ids = list(
                kind.public(process, theme=theme)
                .filter(table__workshop_id=conversation.workshop_id)
                .order_by("-votes_count", "pk")
                .values_list("pk", flat=True)[:limit]
            )
            found = contributions.lookup(process, key, ids)
            top = [found[pk] for pk in ids if pk in found]
        else:
            top = kind.top(process, theme=theme, limit=limit)
        out[key] = [SeedCandidate(contribution=c, text=statement_text_for(c), already=(key, c.pk) in used) for c in top]
    return out


def statements_by_ids(conversation: Conversation, ids: list[int]) -> list[Statement]:
    return list(conversation.statements.filter(pk__in=ids).order_by("pk"))


def conversations_of_workshop(workshop: Any) -> QuerySet[Conversation]:
    """The conversations run at a workshop (its report shows their common ground)."""
    return Conversation.objects.filter(workshop=workshop).select_related("process", "theme").order_by("pk")


def conversations_of_theme(theme: Any) -> QuerySet[Conversation]:
    """The conversations of a theme (its page shows their common ground)."""
    return Conversation.objects.filter(theme=theme).select_related("process", "workshop").order_by("pk")


# --- the next statement to vote on ---------------------------------------------------------------

ROUTING_CACHE_SECONDS = 3600

Counts = tuple[int, int, int, float]
"""(seen, agree, passed, extremity) of one statement, as the routing priority reads them."""


def _routing_counts(conversation: Conversation) -> dict[int, Counts]:
    """Each statement's counts and extremity in the latest map (``Analysis.result["statements"]``),
    read once per analysis and cached under its id; statements absent from it are unseen."""
    analysis_pk = conversation.analyses.order_by("-created_at", "-pk").values_list("pk", flat=True).first()
    if analysis_pk is None:
        return {}
    key = f"opinions:routing:{analysis_pk}"
    counts: dict[int, Counts] | None = cache.get(key)
    if counts is None:
        result = Analysis.objects.filter(pk=analysis_pk).values_list("result", flat=True).first() or {}
        counts = {}
        statements = result.get("statements") if isinstance(result, dict) else None
        for statement_id, data in (statements or {}).items():
            try:
                agree, disagree, passed = int(data["agree"]), int(data["disagree"]), int(data["pass"])
                counts[int(statement_id)] = (agree + disagree + passed, agree, passed, float(data.get("extremity", 0)))
            except (KeyError, TypeError, ValueError, AttributeError):
                continue  # a malformed entry counts as unseen rather than breaking the vote page
        cache.set(key, counts, ROUTING_CACHE_SECONDS)
    return counts


@dataclass(frozen=True)
class NextCard:
    statement: Statement | None
    """The statement to show next, or None when the participant has voted on every one."""
    voted: int
    """How many of the accepted statements the participant has voted on."""
    total: int
    """How many accepted statements the conversation has."""

    @property
    def remaining(self) -> int:
        return self.total - self.voted


def next_card(conversation: Conversation, participant: Participant | None, seed: int | None = None) -> NextCard:
    """The next statement for ``participant`` (None: a person who has not voted yet) with their
    progress: Pol.is' priority (``math/routing.py``: importance × novelty boost) among the
    accepted statements they have not voted on. Four light queries: the accepted ids, the
    participant's voted ids, the latest analysis' id (its counts are cached), the chosen text."""
    accepted = list(accepted_statements(conversation).values_list("pk", flat=True))
    voted: set[int] = set()
    if participant is not None and participant.pk is not None:
        voted = set(Vote.objects.filter(participant=participant).values_list("statement_id", flat=True))
    counts = _routing_counts(conversation) if len(voted) < len(accepted) else {}
    candidates = [routing.StatementCounts(pk, *counts.get(pk, (0, 0, 0, 0.0))) for pk in accepted]
    chosen = routing.next_statement(candidates, voted=voted, seed=seed)
    statement = Statement.objects.filter(pk=chosen).first() if chosen is not None else None
    return NextCard(statement=statement, voted=len(voted.intersection(accepted)), total=len(accepted))


def next_statement(
    conversation: Conversation, participant: Participant | None, seed: int | None = None
) -> Statement | None:
    """The next statement for ``participant`` (see ``next_card``), None when none is left."""
    return next_card(conversation, participant, seed).statement


def participant_of_user(conversation: Conversation, user: Any) -> Participant | None:
    """The account's participant in the conversation, if it has voted or chosen a type (a read:
    the participant row is created by the first write)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Participant.objects.filter(conversation=conversation, user=user).first()


def participant_of_invitation(conversation: Conversation, invitation: Any) -> Participant | None:
    if invitation is None:
        return None
    return Participant.objects.filter(conversation=conversation, invitation=invitation).first()


def my_votes(participant: Participant | None) -> dict[int, int]:
    """statement id → the participant's vote."""
    if participant is None:
        return {}
    return dict(Vote.objects.filter(participant=participant).values_list("statement_id", "value"))


def conversation_of_table(table: Any) -> Conversation | None:
    """The conversation phones at ``table`` vote on: its workshop's conversation of the table's
    theme first, then the workshop-wide one; None when the workshop runs none."""
    conversations = list(
        Conversation.objects.filter(workshop_id=table.workshop_id)
        .select_related("process__current_phase", "theme", "workshop")
        .order_by("pk")
    )
    for conversation in conversations:
        if conversation.theme_id == table.theme_id:
            return conversation
    for conversation in conversations:
        if conversation.theme_id is None:
            return conversation
    return None


def visible_conversations(user: Any) -> QuerySet[Conversation]:
    """Conversations of the processes the person may see (the API's list)."""
    return (
        Conversation.objects.filter(process__in=process_selectors.visible_processes(user))
        .select_related("process", "theme", "workshop")
        .order_by("process_id", "pk")
    )
