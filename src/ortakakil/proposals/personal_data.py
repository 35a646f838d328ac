"""What the proposals app holds about a person, for «Verilerim» (``core.personal_data``): their
proposals, comments, supports, follows, notifications and reports; for staff, their official
answers and moderation decisions. Registered from ``proposals/registrations.py``."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _

from ortakakil.core.models import User
from ortakakil.core.personal_data import PersonalDataSource, Section, local_time, section

from . import attachments
from .models import (
    Answer,
    Comment,
    DigestSent,
    Follow,
    ModerationAction,
    Notification,
    Proposal,
    Report,
    SavedView,
    Support,
    TriageEntry,
)

RELATIONS = {
    "proposals.Proposal.author": "proposals",
    "proposals.Comment.author": "comments",
    "proposals.Support.user": "supports",
    "proposals.Follow.user": "follows",
    "proposals.Notification.user": "notifications",
    "proposals.DigestSent.user": "email_digests",
    "proposals.Report.reporter": "reports",
    "proposals.Answer.author": "official_answers",
    "proposals.ModerationAction.moderator": "moderation",
    "proposals.Attachment.uploaded_by": "attachments",
    "proposals.Proposal.evaluator": "evaluations",
    "proposals.SavedView.user": "saved_views",
    "proposals.TriageEntry.actor": "triage",
}


def sections(user: User) -> list[Section]:

    proposals = section(
        "proposals",
        _("Your proposals"),
        [
            ("id", _("No.")),
            ("process", _("Process")),
            ("theme", _("Theme")),
            ("title", _("Title")),
            ("body", _("Proposal")),
            ("district", _("District")),
            ("neighbourhood", _("Neighbourhood")),
            ("location", _("Map point")),
            ("created_at", _("Written")),
            ("hidden", _("Hidden")),
        ],
        Proposal.objects.filter(author=user).select_related("process", "theme").order_by("created_at", "pk"),
        lambda p: {
            "id": p.pk,
            "process": p.process.title,
            "theme": p.theme.name,
            "title": p.title,
            "body": p.body,
            "district": p.district,
            "neighbourhood": p.neighbourhood,
            "location": "" if p.latitude is None else f"{p.latitude}, {p.longitude}",
            "created_at": local_time(p.created_at),
            "hidden": p.is_hidden,
        },
    )
    comments = section(
        "comments",
        _("Your comments"),
        [
            ("id", _("No.")),
            ("proposal", _("Proposal")),
            ("stance", _("Stance")),
            ("body", _("Comment")),
            ("created_at", _("Written")),
            ("hidden", _("Hidden")),
        ],
        Comment.objects.filter(author=user).select_related("proposal").order_by("created_at", "pk"),
        lambda c: {
            "id": c.pk,
            "proposal": c.proposal.title,
            "stance": c.get_stance_display(),
            "body": c.body,
            "created_at": local_time(c.created_at),
            "hidden": c.is_hidden,
        },
    )
    supports = section(
        "supports",
        _("Proposals you support"),
        [("proposal", _("Proposal")), ("created_at", _("Supported"))],
        Support.objects.filter(user=user).select_related("proposal").order_by("created_at", "pk"),
        lambda s: {"proposal": s.proposal.title, "created_at": local_time(s.created_at)},
    )
    follows = section(
        "follows",
        _("Proposals you follow"),
        [("proposal", _("Proposal")), ("created_at", _("Since"))],
        Follow.objects.filter(user=user).select_related("proposal").order_by("created_at", "pk"),
        lambda f: {"proposal": f.proposal.title, "created_at": local_time(f.created_at)},
    )
    notifications = section(
        "notifications",
        _("Notifications"),
        [("text", _("Notification")), ("created_at", _("Date")), ("is_read", _("Read")), ("emailed_at", _("E-mailed"))],
        Notification.objects.filter(user=user).order_by("created_at", "pk"),
        lambda n: {
            "text": n.text,
            "created_at": local_time(n.created_at),
            "is_read": n.is_read,
            "emailed_at": local_time(n.emailed_at),
        },
    )
    digests = section(
        "email_digests",
        _("Weekly digests e-mailed to you"),
        [("week", _("Week of")), ("sent_at", _("Sent"))],
        DigestSent.objects.filter(user=user).order_by("week", "pk"),
        lambda d: {"week": d.week, "sent_at": local_time(d.sent_at)},
    )
    reports = section(
        "reports",
        _("Your reports to the moderators"),
        [("target", _("Reported")), ("reason", _("Reason")), ("created_at", _("Date"))],
        Report.objects.filter(reporter=user).select_related("proposal", "comment").order_by("created_at", "pk"),
        lambda r: {
            "target": r.proposal.title if r.proposal_id else r.comment.body[:80],
            "reason": r.reason,
            "created_at": local_time(r.created_at),
        },
    )
    staff_work = [
        section(
            "official_answers",
            _("Official answers you wrote"),
            [("proposal", _("Proposal")), ("state", _("Answer")), ("created_at", _("Date"))],
            Answer.objects.filter(author=user).select_related("proposal").order_by("created_at", "pk"),
            lambda a: {
                "proposal": a.proposal.title,
                "state": a.get_state_display(),
                "created_at": local_time(a.created_at),
            },
            staff=True,
        ),
        section(
            "moderation",
            _("Your moderation decisions"),
            [("action", _("Decision")), ("reason", _("Reason")), ("created_at", _("Date"))],
            ModerationAction.objects.filter(moderator=user).order_by("created_at", "pk"),
            lambda m: {"action": m.get_action_display(), "reason": m.reason, "created_at": local_time(m.created_at)},
            staff=True,
        ),
        section(
            "evaluations",
            _("Proposals assigned to you for evaluation"),
            [("proposal", _("Proposal")), ("assigned_at", _("Date"))],
            Proposal.objects.filter(evaluator=user).order_by("assigned_at", "pk"),
            lambda p: {"proposal": p.title, "assigned_at": local_time(p.assigned_at) if p.assigned_at else ""},
            staff=True,
        ),
        section(
            "saved_views",
            _("Your saved views of the triage list"),
            [("name", _("Name")), ("query", _("Filter")), ("created_at", _("Date"))],
            SavedView.objects.filter(user=user).order_by("created_at", "pk"),
            lambda v: {"name": v.name, "query": v.query, "created_at": local_time(v.created_at)},
            staff=True,
        ),
        section(
            "triage",
            _("Your triage actions"),
            [("proposal", _("Proposal")), ("action", _("Action")), ("detail", _("Detail")), ("created_at", _("Date"))],
            TriageEntry.objects.filter(actor=user).select_related("proposal").order_by("created_at", "pk"),
            lambda t: {
                "proposal": t.proposal.title,
                "action": t.get_action_display(),
                "detail": t.detail,
                "created_at": local_time(t.created_at),
            },
            staff=True,
        ),
    ]
    files = attachments.personal_section(user)
    return [proposals, comments, files, supports, follows, notifications, digests, reports, *staff_work]


def erase(user: User) -> None:
    """On erasure: follows, notifications, digests, saved views and attached files go (they only
    served the person); proposals, comments, supports and reports stay, signed «Silinmiş kullanıcı»."""
    Follow.objects.filter(user=user).delete()
    Notification.objects.filter(user=user).delete()
    DigestSent.objects.filter(user=user).delete()
    SavedView.objects.filter(user=user).delete()
    attachments.erase_of(user)


def without_contributions(users: QuerySet[User]) -> QuerySet[User]:
    """``users`` without those who proposed, commented, supported or reported something."""
    for model, field in ((Proposal, "author"), (Comment, "author"), (Support, "user"), (Report, "reporter")):
        users = users.exclude(Exists(model.objects.filter(**{field: OuterRef("pk")})))
    return users


SOURCE = PersonalDataSource(
    key="proposals",
    order=10,
    sections=sections,
    relations=RELATIONS,
    erase=erase,
    without_contributions=without_contributions,
)
