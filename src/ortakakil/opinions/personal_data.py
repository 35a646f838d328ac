"""What the opinions app holds about a person, for «Verilerim» (``core.personal_data``): the
conversations they take part in (with the stakeholder type kept with their votes), their votes
and their statements; for staff, the conversations they opened and the statements they
moderated. Registered from ``opinions/registrations.py``.

Erasure keeps the votes and statements: the participant row stays linked to the account's
tombstone (which holds nothing personal any more, ``core.accounts.account_erase``), so the map's
counts and groups do not change, and statements are shown without an author, as proposals are
signed «Silinmiş kullanıcı». A type the person chose is cleared (it was their statement about
themselves); a type derived from a registry organisation stays, as the organisation's.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _

from ortakakil.core.models import User
from ortakakil.core.personal_data import PersonalDataSource, Section, local_time, section

from .models import STAKEHOLDER_TYPES, Conversation, Participant, Statement, Vote

RELATIONS = {
    "opinions.Participant.user": "opinion_participations",
    "opinions.Statement.author": "opinion_statements",
    "opinions.Conversation.created_by": "opinion_conversations",
    "opinions.Statement.moderated_by": "opinion_moderation",
}


def _type_label(value: str) -> str:
    return str(dict(STAKEHOLDER_TYPES).get(value, "")) if value else ""


def sections(user: User) -> list[Section]:
    participations = section(
        "opinion_participations",
        _("Opinion maps you take part in"),
        [
            ("conversation", _("Conversation")),
            ("process", _("Process")),
            ("stakeholder_type", _("Stakeholder type kept with your votes")),
            ("chosen", _("Chosen by you")),
            ("created_at", _("Since")),
        ],
        Participant.objects.filter(user=user).select_related("conversation__process").order_by("created_at", "pk"),
        lambda p: {
            "conversation": p.conversation.title,
            "process": p.conversation.process.title,
            "stakeholder_type": _type_label(p.stakeholder_type),
            "chosen": p.stakeholder_type_chosen,
            "created_at": local_time(p.created_at),
        },
    )
    votes = section(
        "opinion_votes",
        _("Your votes on statements"),
        [
            ("conversation", _("Conversation")),
            ("statement", _("Statement")),
            ("vote", _("Vote")),
            ("updated_at", _("Last cast")),
        ],
        Vote.objects.filter(participant__user=user)
        .select_related("statement", "conversation")
        .order_by("conversation_id", "updated_at", "pk"),
        lambda v: {
            "conversation": v.conversation.title,
            "statement": v.statement.text,
            "vote": v.get_value_display(),
            "updated_at": local_time(v.updated_at),
        },
    )
    statements = section(
        "opinion_statements",
        _("Statements you wrote"),
        [
            ("conversation", _("Conversation")),
            ("text", _("Statement")),
            ("status", _("Status")),
            ("created_at", _("Written")),
        ],
        Statement.objects.filter(author=user).select_related("conversation").order_by("created_at", "pk"),
        lambda s: {
            "conversation": s.conversation.title,
            "text": s.text,
            "status": s.get_status_display(),
            "created_at": local_time(s.created_at),
        },
    )
    staff_work = [
        section(
            "opinion_conversations",
            _("Opinion-map conversations you opened"),
            [("conversation", _("Conversation")), ("process", _("Process")), ("created_at", _("Date"))],
            Conversation.objects.filter(created_by=user).select_related("process").order_by("created_at", "pk"),
            lambda c: {"conversation": c.title, "process": c.process.title, "created_at": local_time(c.created_at)},
            staff=True,
        ),
        section(
            "opinion_moderation",
            _("Statements you moderated"),
            [("text", _("Statement")), ("status", _("Decision")), ("moderated_at", _("Date"))],
            Statement.objects.filter(moderated_by=user).order_by("moderated_at", "pk"),
            lambda s: {"text": s.text, "status": s.get_status_display(), "moderated_at": local_time(s.moderated_at)},
            staff=True,
        ),
    ]
    return [participations, votes, statements, *staff_work]


def erase(user: User) -> None:
    """On erasure: a stakeholder type the person chose is cleared; their votes and statements
    stay (linked to the tombstone account, which names no one), so the maps do not change."""
    Participant.objects.filter(user=user, stakeholder_type_chosen=True).update(
        stakeholder_type="", stakeholder_type_chosen=False
    )


def without_contributions(users: QuerySet[User]) -> QuerySet[User]:
    """``users`` without those who voted in or wrote to a conversation."""
    users = users.exclude(Exists(Participant.objects.filter(user=OuterRef("pk"), votes__isnull=False)))
    return users.exclude(Exists(Statement.objects.filter(author=OuterRef("pk"))))


SOURCE = PersonalDataSource(
    key="opinions",
    order=40,
    sections=sections,
    relations=RELATIONS,
    erase=erase,
    without_contributions=without_contributions,
)
