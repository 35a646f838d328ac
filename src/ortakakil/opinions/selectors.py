"""Every read of the opinions app: objects named in an address are found here, scoped to what
the person may see, with a Turkish 404."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from ortakakil.processes import selectors as process_selectors
from ortakakil.processes.models import Process

from .models import Analysis, Conversation, Statement


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
    """A conversation named by its id alone (the API), if its process is visible to the person."""
    conversation = Conversation.objects.select_related("process", "theme", "workshop").filter(pk=pk).first()
    if conversation is None or not process_selectors.process_is_visible(user, conversation.process):
        raise Http404(_("No such conversation."))
    return conversation


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
