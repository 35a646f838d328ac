"""The voting pages: one statement card at a time (agree / disagree / pass), progress, the
optional stakeholder-type choice with its KVKK notice, and the participant's own statement.

Two doors to the same page: a signed-in account (``conversation_vote``), and at a workshop a
phone by the table code without an account (``conversation_table_vote``: the checked-in
participant the phone joined as, under the workshop's phone rules). Everything works without
JavaScript (forms post and redirect, or answer 4xx with the message); htmx swaps the card.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ortakakil.core import ratelimit
from ortakakil.core.rules import refusal_reason
from ortakakil.workshops import selectors as workshop_selectors
from ortakakil.workshops.models import Invitation
from ortakakil.workshops.phone_views import phone_participant

from . import selectors, voting
from .models import STAKEHOLDER_TYPES, STATEMENT_MAX, Conversation, Participant, Statement

VOTES = {"1": 1, "0": 0, "-1": -1}


def _message(error: ValidationError | PermissionDenied) -> str:
    return " ".join(getattr(error, "messages", None) or [str(error)])


def _context(
    request: HttpRequest,
    conversation: Conversation,
    participant: Participant | None,
    *,
    action: str,
    can_vote: bool,
    refusal: str = "",
    error: str = "",
    table: Any = None,
    known_type: str = "",
) -> dict[str, Any]:
    """``known_type``: the type the platform will derive on the first vote (a phone's
    registry organisation), shown before the participant row exists."""
    is_open = not conversation.is_closed and conversation.process.is_open("opinions")
    card = selectors.next_card(conversation, participant) if is_open and can_vote else None
    return {
        "conversation": conversation,
        "process": conversation.process,
        "card": card,
        "participant": participant,
        "is_open": is_open,
        "can_vote": can_vote,
        "refusal": refusal,
        "error": error,
        "action": action,
        "table": table,
        "type_derived": bool(known_type) or (participant is not None and voting.type_is_derived(participant)),
        "type_label": dict(STAKEHOLDER_TYPES).get(
            known_type or (participant.stakeholder_type if participant else ""), ""
        ),
        "stakeholder_types": STAKEHOLDER_TYPES,
        "statement_max": STATEMENT_MAX,
    }


def _render(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    template = "opinions/_vote_card.html" if request.htmx else "opinions/vote.html"  # type: ignore[attr-defined]
    return render(request, template, context, status=status)


def _statement(conversation: Conversation, value: str) -> Statement:
    text = (value or "").strip()
    if not (text.isascii() and text.isdecimal() and len(text) < 19):
        raise ValidationError(_("This statement is not in this conversation."))
    statement = Statement.objects.filter(conversation=conversation, pk=int(text)).first()
    if statement is None:
        raise ValidationError(_("This statement is not in this conversation."))
    return statement


def _vote_value(value: str | None) -> int:
    if value not in VOTES:
        raise ValidationError(_("A vote is 1 (agree), -1 (disagree) or 0 (pass)."))
    return VOTES[value]


def _write(request: HttpRequest, conversation: Conversation, participant_of: Any, per: str) -> str:
    """Do what the form asks (vote, choose a type, submit a statement); return what was done."""
    kind = request.POST.get("do", "vote")
    if kind == "type":
        voting.participant_choose_type(
            participant=participant_of(), stakeholder_type=request.POST.get("stakeholder_type", "")
        )
        return _("Saved. Thank you.")
    if kind == "statement":
        ratelimit.check(voting.STATEMENT_SCOPE, request, per=per)
        voting.statement_submit(
            conversation=conversation, participant=participant_of(), text=request.POST.get("text", "")
        )
        return _("Thank you: your statement will be shown to others after moderation.")
    ratelimit.check(voting.VOTE_SCOPE, request, per=per)
    participant = participant_of()  # who may vote is said before what is wrong with the vote
    statement = _statement(conversation, request.POST.get("statement", ""))
    value = _vote_value(request.POST.get("vote"))
    voting.vote_cast(conversation=conversation, participant=participant, statement=statement, value=value)
    return ""


def _post(
    request: HttpRequest,
    conversation: Conversation,
    participant_of: Any,
    *,
    per: str,
    again: str,
    context_for: Any,
) -> HttpResponse:
    try:
        done = _write(request, conversation, participant_of, per)
    except ratelimit.RateLimited as limited:
        return _render(request, context_for(limited.message), status=429)
    except PermissionDenied as error:
        return _render(request, context_for(_message(error)), status=403)
    except ValidationError as error:
        return _render(request, context_for(_message(error)), status=400)
    if request.htmx:  # type: ignore[attr-defined]
        return _render(request, {**context_for(""), "done": done})
    if done:
        messages.success(request, done)
    return redirect(again)


def _account_refusal(conversation: Conversation, user: Any, can_vote: bool) -> str:
    if can_vote:
        return ""
    if conversation.workshop_id is not None:
        return _(
            "This conversation is held at a workshop: its participants vote from their phones with the table "
            "code after checking in."
        )
    return refusal_reason(user, "opinions.vote")


@require_http_methods(["GET", "HEAD", "POST"])
def conversation_vote(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Vote with an account: anonymous visitors are invited to log in, unverified accounts are
    told how to confirm their address."""
    conversation = selectors.conversation_for_public(user=request.user, slug=slug, pk=pk)
    user = request.user
    can_vote = user.has_perm("opinions.vote", conversation) and conversation.workshop_id is None
    action = reverse("conversation_vote", kwargs={"slug": slug, "pk": pk})

    def context_for(error: str) -> dict[str, Any]:
        return _context(
            request,
            conversation,
            selectors.participant_of_user(conversation, user),
            action=action,
            can_vote=can_vote,
            refusal=_account_refusal(conversation, user, can_vote),
            error=error,
        )

    if request.method == "POST":

        def participant_of() -> Participant:
            return voting.participant_for_user(conversation=conversation, user=user)  # type: ignore[arg-type]

        return _post(request, conversation, participant_of, per="", again=action, context_for=context_for)
    return _render(request, context_for(""))


@require_http_methods(["GET", "HEAD", "POST"])
def conversation_table_vote(request: HttpRequest, code: str) -> HttpResponse:
    """Vote from a phone by the table code, as the checked-in participant the phone joined as
    (the workshops' signed cookie), while the workshop runs."""
    table = workshop_selectors.table_by_code(code)
    conversation = selectors.conversation_of_table(table)
    if conversation is None:
        raise Http404(_("This workshop has no opinion map to vote on."))
    invitation: Invitation | None = phone_participant(request, table.workshop_id)
    action = reverse("conversation_table_vote", kwargs={"code": table.code})
    takes_phones = table.workshop.takes_phones()

    def context_for(error: str) -> dict[str, Any]:
        refusal = ""
        if invitation is None:
            refusal = _("Open your personal invitation link on this phone first (after checking in).")
        elif not takes_phones:
            refusal = _("The workshop is not running now; phones cannot vote.")
        return _context(
            request,
            conversation,
            selectors.participant_of_invitation(conversation, invitation),
            action=action,
            can_vote=not refusal,
            refusal=refusal,
            error=error,
            table=table,
            known_type=invitation.stakeholder.type if invitation is not None else "",
        )

    if request.method == "POST":

        def participant_of() -> Participant:
            return voting.participant_for_invitation(conversation=conversation, invitation=invitation)

        per = f"invitation:{invitation.pk}" if invitation is not None else f"table:{table.pk}"
        return _post(request, conversation, participant_of, per=per, again=action, context_for=context_for)
    return _render(request, context_for(""))
