"""Voting on a conversation (Pol.is' agree / disagree / pass, one statement at a time) and
writing statements.

A voter is a ``Participant`` of the conversation: a verified account, or — in a conversation run
at a workshop — a checked-in participant of that workshop voting from a phone by the table code,
under the phone rules of ``workshops.live.check_phone`` (only while the workshop runs). A workshop
conversation takes no votes from accounts: one voice per checked-in participant.

Only the stakeholder type is kept with a participant's votes: derived from the invitation's
registry organisation, from the registry organisation a stakeholder representative's account
names, or chosen (optionally) by the participant on the vote page. One vote per statement, the
latest wins, in one upsert that stays exact under parallel requests.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ortakakil.core.db import returned_datetime
from ortakakil.core.models import Role, User
from ortakakil.core.services import audited_save, require_perm
from ortakakil.core.text import search_fold
from ortakakil.core.validation import clean_text
from ortakakil.workshops.live import check_phone
from ortakakil.workshops.models import Invitation, StakeholderOrganisation, Workshop

from . import recompute
from .models import STAKEHOLDER_TYPES, STATEMENT_MAX, Conversation, Participant, Statement, Vote

VOTE_SCOPE = "opinion_vote"
"""The kind of write of ``core/ratelimit.py`` counted for each vote (pages and API)."""
STATEMENT_SCOPE = "opinion_statement"
"""The kind of write counted for each statement a participant submits."""

VOTE_VALUES = (1, 0, -1)


def vote_rates() -> tuple[str, str]:
    """Generous: a person voting as fast as they read (one vote a second) is never stopped; a
    venue's Wi-Fi puts a whole workshop behind one address, and each phone counts apart
    (``per`` names the participant)."""
    return "120/m", "120/m"


def statement_rates() -> tuple[str, str]:
    return "10/h", "60/h"


def statements_per_hour() -> int:
    """At most this many statements per participant in an hour, whatever the entry point."""
    return int(getattr(settings, "OPINIONS_STATEMENTS_PER_HOUR", 10))


# --- participants ---------------------------------------------------------------------------------


def stakeholder_type_of_user(conversation: Conversation, user: User) -> str:
    """A stakeholder representative's type: the type of the registry organisation (of the
    process's municipality) whose name is the one the account represents, compared with Turkish
    case folding; "" when unknown (citizens choose on the vote page)."""
    if user.role != Role.STAKEHOLDER_REP or not (user.represents or "").strip():
        return ""
    wanted = search_fold(user.represents)
    registry = StakeholderOrganisation.objects.filter(organisation_id=conversation.process.organisation_id)
    for name, kind in registry.values_list("name", "type"):
        if search_fold(name) == wanted:
            return str(kind)
    return ""


def _refuse_workshop_accounts(conversation: Conversation) -> None:
    if conversation.workshop_id is not None:
        raise PermissionDenied(
            _(
                "This conversation is held at a workshop: its participants vote from their phones with the table "
                "code after checking in."
            )
        )


def participant_for_user(*, conversation: Conversation, user: User) -> Participant:
    """The account's participant in ``conversation``, created on first use (exact under parallel
    requests: the unique constraint decides, the losers read the winner's row)."""
    require_perm(user, "opinions.vote", conversation)
    _refuse_workshop_accounts(conversation)
    participant = Participant.objects.filter(conversation=conversation, user=user).first()
    if participant is not None:
        participant.user = user  # in hand: checking the voter later needs no query
        if not participant.stakeholder_type and not participant.stakeholder_type_chosen:
            derived = stakeholder_type_of_user(conversation, user)
            if derived:  # the registry learned the organisation since
                participant.stakeholder_type = derived
                participant.save(update_fields=["stakeholder_type"])
        return participant
    kind = stakeholder_type_of_user(conversation, user)
    now = timezone.now()
    pk = _insert_participant(conversation.pk, user.pk, kind, now)
    if pk is None:  # a parallel request of the same account created it first
        participant = Participant.objects.get(conversation=conversation, user=user)
    else:
        participant = Participant(
            pk=pk, conversation=conversation, user=user, stakeholder_type=kind, stakeholder_type_chosen=False
        )
        participant.created_at = now
    participant.user = user
    return participant


def _insert_participant(conversation_id: int, user_id: int, stakeholder_type: str, now: datetime) -> int | None:
    """The account's participant row unless it exists (``INSERT … ON CONFLICT DO NOTHING
    RETURNING`` on the partial unique index ``participant_user_once``, PostgreSQL and SQLite ≥
    3.35): one statement instead of ``get_or_create``'s read, savepoint, insert and release on
    an account's first vote. Its id, or None when another request inserted it first."""
    table = connection.ops.quote_name(Participant._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (conversation_id, user_id, stakeholder_type, stakeholder_type_chosen, created_at) "  # noqa: S608 — table name from the model
            "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (conversation_id, user_id) WHERE user_id IS NOT NULL DO NOTHING "
            "RETURNING id",
            [conversation_id, user_id, stakeholder_type, False, now],
        )
        row = cursor.fetchone()
    return None if row is None else int(row[0])


def _check_phone_vote(invitation: Invitation | None, workshop: Workshop) -> Invitation:
    """The workshops' phone rules (``check_phone``), said in the words of voting."""
    try:
        return check_phone(invitation, workshop)
    except ValidationError as error:
        raise ValidationError(_("The workshop is not running now; phones cannot vote.")) from error


def participant_for_invitation(*, conversation: Conversation, invitation: Invitation | None) -> Participant:
    """The participant of a checked-in workshop participant voting by the table code (phone
    rules: their workshop's conversation, only while it runs), created on first use; their type
    is their registry organisation's."""
    if conversation.workshop is None:
        raise PermissionDenied(_("This conversation is not held at a workshop; log in to vote."))
    invitation = _check_phone_vote(invitation, conversation.workshop)
    participant, _created = Participant.objects.get_or_create(
        conversation=conversation,
        invitation=invitation,
        defaults={"stakeholder_type": invitation.stakeholder.type},
    )
    return participant


def type_is_derived(participant: Participant) -> bool:
    """The platform knows the participant's type (registry organisation): nothing to choose."""
    return bool(participant.stakeholder_type) and not participant.stakeholder_type_chosen


def participant_choose_type(*, participant: Participant, stakeholder_type: str) -> Participant:
    """The type the participant says they speak for (optional; "" clears it). Only the type is
    stored with the votes, and shown only as aggregates."""
    if type_is_derived(participant):
        raise ValidationError(_("Your stakeholder type comes from your organisation in the registry."))
    value = (stakeholder_type or "").strip()
    if value and value not in dict(STAKEHOLDER_TYPES):
        raise ValidationError({"stakeholder_type": _("Choose one of the listed types, or none.")})
    participant.stakeholder_type = value
    participant.stakeholder_type_chosen = bool(value)
    participant.save(update_fields=["stakeholder_type", "stakeholder_type_chosen"])
    return participant


# --- votes and statements -------------------------------------------------------------------------


def _check_open(conversation: Conversation) -> None:
    if conversation.is_closed:
        raise ValidationError(_("This conversation is closed; it no longer takes votes or statements."))
    if not conversation.process.is_open("opinions"):
        raise ValidationError(_("The opinion map does not take votes in the current phase."))


def _check_voter(conversation: Conversation, participant: Participant) -> None:
    """The participant may still act now: an account still verified, a phone still under the
    workshop's phone rules; imported Pol.is voters never act here."""
    if participant.conversation_id != conversation.pk:
        raise PermissionDenied(_("You take part in another conversation."))
    if participant.user_id is not None:
        require_perm(participant.user, "opinions.vote", conversation)
        _refuse_workshop_accounts(conversation)
    elif participant.invitation_id is not None and conversation.workshop is not None:
        _check_phone_vote(participant.invitation, conversation.workshop)
    else:
        raise PermissionDenied(_("This participant cannot vote here."))


def _check_votable(conversation: Conversation, statement: Statement) -> None:
    if statement.conversation_id != conversation.pk:
        raise ValidationError({"statement": _("This statement is not in this conversation.")})
    if statement.status == Statement.Status.PENDING:
        raise ValidationError({"statement": _("This statement waits for moderation; it cannot be voted on yet.")})
    if statement.status == Statement.Status.REJECTED:
        raise ValidationError({"statement": _("This statement was rejected by the moderators; it takes no votes.")})
    if statement.status != Statement.Status.ACCEPTED:
        raise ValidationError({"statement": _("This statement is about the conversation itself; it takes no votes.")})


def _upsert_vote(conversation_id: int, participant_id: int, statement_id: int, value: int) -> Vote:
    """One statement (``INSERT … ON CONFLICT DO UPDATE … RETURNING``, PostgreSQL and SQLite ≥
    3.35): the latest vote wins whatever the interleaving. Returns the stored vote; it is the
    participant's first on the statement when its ``created_at`` is this moment."""
    table = connection.ops.quote_name(Vote._meta.db_table)
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (conversation_id, participant_id, statement_id, value, created_at, updated_at) "  # noqa: S608 — table name from the model
            "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (participant_id, statement_id) "
            "DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at "
            "RETURNING id, created_at",
            [conversation_id, participant_id, statement_id, value, now, now],
        )
        pk, created_at = cursor.fetchone()
    created_at = returned_datetime(created_at)
    return Vote(
        pk=int(pk),
        conversation_id=conversation_id,
        participant_id=participant_id,
        statement_id=statement_id,
        value=value,
        created_at=created_at,
        updated_at=now,
    )


def vote_cast(
    *, conversation: Conversation, participant: Participant, statement: Statement, value: int
) -> tuple[Vote, bool]:
    """Agree (1), disagree (−1) or pass (0) on an accepted statement of an open conversation.
    The latest vote wins. Returns the stored vote and whether it is the participant's first on
    this statement; asks for a recomputation of the map (debounced, never blocking)."""
    if isinstance(value, bool) or not isinstance(value, int) or value not in VOTE_VALUES:
        raise ValidationError({"vote": _("A vote is 1 (agree), -1 (disagree) or 0 (pass).")})
    _check_open(conversation)
    _check_voter(conversation, participant)
    _check_votable(conversation, statement)
    with transaction.atomic(savepoint=False):
        vote = _upsert_vote(conversation.pk, participant.pk, statement.pk, value)
    recompute.request_recompute(conversation)
    return vote, vote.created_at == vote.updated_at


@transaction.atomic
def statement_submit(*, conversation: Conversation, participant: Participant, text: str) -> Statement:
    """A participant's statement, waiting for moderation before others vote on it. Refused when
    the conversation does not take statements, when the same text (Turkish case folded) is
    already in the conversation, or beyond ``statements_per_hour()`` for the participant."""
    _check_open(conversation)
    _check_voter(conversation, participant)
    if not conversation.accepts_statements:
        raise ValidationError(_("This conversation does not take statements from participants."))
    cleaned = clean_text(text, field="text", label=_("The statement"), max_length=STATEMENT_MAX, min_length=5)
    # Serialise submissions to one conversation: the duplicate check below then holds.
    Conversation.objects.select_for_update().filter(pk=conversation.pk).order_by().values_list("pk").get()
    since = timezone.now() - timedelta(hours=1)
    if Statement.objects.filter(author_participant=participant, created_at__gte=since).count() >= statements_per_hour():
        raise ValidationError(_("You have written many statements in the last hour; please wait a little."))
    folded = search_fold(cleaned)
    for existing in Statement.objects.filter(conversation=conversation).values_list("text", flat=True).iterator():
        if search_fold(existing) == folded:
            raise ValidationError({"text": _("This statement is already in the conversation.")})
    statement = Statement(
        conversation=conversation,
        text=cleaned,
        status=Statement.Status.PENDING,
        author=participant.user,
        author_participant=participant,
    )
    return audited_save(statement, actor=participant.user)
