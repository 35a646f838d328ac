"""Every read of the opinions app: objects named in an address are found here, scoped to what
the person may see, with a Turkish 404."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
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


def conversations_of_workshop(workshop: Any) -> QuerySet[Conversation]:
    """The conversations run at a workshop (its report shows their common ground)."""
    return Conversation.objects.filter(workshop=workshop).select_related("process", "theme").order_by("pk")


def conversations_of_theme(theme: Any) -> QuerySet[Conversation]:
    """The conversations of a theme (its page shows their common ground)."""
    return Conversation.objects.filter(theme=theme).select_related("process", "workshop").order_by("pk")
