"""«Verilerim» — everything the platform holds about one person (KVKK art. 11: the right to learn
whether and which personal data is processed, and to receive it).

One reader, ``personal_data(user)``, feeds both the readable page and the JSON download, so the
two never disagree. ``RELATIONS`` names every relation from another table to the user and the
section that shows it; a test fails when a new relation appears that no section covers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.apps import apps
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .models import User

# "app_label.Model.field" of every relation to User → the section that shows it ("" for the
# join tables of Django's groups and permissions, which the platform does not use). Historical
# copies (django-simple-history) are summarised in the "edits" section.
RELATIONS: dict[str, str] = {
    "account.EmailAddress.user": "email_addresses",
    "authtoken.Token.user": "api_token",
    "authtoken.TokenProxy.user": "api_token",
    "core.Consent.user": "consents",
    "core.Job.created_by": "jobs",
    "core.User_groups.user": "",
    "core.User_user_permissions.user": "",
    "admin.LogEntry.user": "admin_log",
    "proposals.Proposal.author": "proposals",
    "proposals.Comment.author": "comments",
    "proposals.Support.user": "supports",
    "proposals.Follow.user": "follows",
    "proposals.Notification.user": "notifications",
    "proposals.Report.reporter": "reports",
    "proposals.Answer.author": "official_answers",
    "proposals.ModerationAction.moderator": "moderation",
    "surveys.Response.respondent": "survey_responses",
    "workshops.WorkshopFile.uploaded_by": "workshop_files",
    "workshops.WorkshopTable.facilitators": "facilitated_tables",
    "workshops.WorkshopTable_facilitators.user": "facilitated_tables",
}


@dataclass
class Section:
    """One kind of data: a title, the columns a person reads, and the rows."""

    key: str
    title: str
    columns: list[tuple[str, str]]
    rows: list[dict[str, Any]] = field(default_factory=list)
    note: str = ""

    @property
    def display_rows(self) -> list[list[tuple[str, str]]]:
        """The rows as a person reads them: (column label, text) for each column; the account
        section has one row per field."""
        if self.key == "account":
            return [[(str(row["label"]), _readable(row["value"]))] for row in self.rows]
        return [[(str(label), _readable(row.get(key))) for key, label in self.columns] for row in self.rows]


def _readable(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        return formats.date_format(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_readable(item)}" for key, item in value.items())
    if isinstance(value, list):
        return " · ".join(_readable(item) for item in value) if value else "—"
    return str(value)


def _when(value: datetime | None) -> datetime | None:
    return timezone.localtime(value).replace(microsecond=0) if value else None


def _section(
    key: str,
    title: str,
    columns: list[tuple[str, str]],
    items: Iterable[Any],
    row: Callable[[Any], dict[str, Any]],
    note: str = "",
) -> Section:
    return Section(key=key, title=title, columns=columns, rows=[row(item) for item in items], note=note)


def _account(user: User) -> Section:
    fields = [
        ("username", _("Username"), user.username),
        ("email", _("E-mail address"), user.email),
        ("first_name", _("First name"), user.first_name),
        ("last_name", _("Last name"), user.last_name),
        ("public_name", _("Display name"), user.public_name),
        ("role", _("Role"), user.get_role_display()),
        ("organisation", _("Organisation"), user.organisation.name if user.organisation else ""),
        ("unit", _("Unit"), user.unit.name if user.unit else ""),
        ("represents", _("Organisation represented"), user.represents),
        ("date_joined", _("Joined"), _when(user.date_joined)),
        ("last_login", _("Last login"), _when(user.last_login)),
        ("verified_at", _("Verified"), _when(user.verified_at)),
    ]
    return Section(
        key="account",
        title=_("Your account"),
        columns=[("field", _("Field")), ("value", _("Value"))],
        rows=[{"field": key, "label": label, "value": value} for key, label, value in fields],
    )


def _email_addresses(user: User) -> Section:
    from allauth.account.models import EmailAddress

    return _section(
        "email_addresses",
        _("E-mail addresses"),
        [("email", _("E-mail address")), ("verified", _("Confirmed")), ("primary", _("Primary"))],
        EmailAddress.objects.filter(user=user).order_by("pk"),
        lambda a: {"email": a.email, "verified": a.verified, "primary": a.primary},
    )


def _consents(user: User) -> Section:
    return _section(
        "consents",
        _("Consents"),
        [
            ("purpose", _("Purpose")),
            ("notice_version", _("Notice version")),
            ("given_at", _("Given")),
            ("withdrawn_at", _("Withdrawn")),
        ],
        user.consents.all(),
        lambda c: {
            "purpose": c.get_purpose_display(),
            "notice_version": c.notice_version,
            "given_at": _when(c.given_at),
            "withdrawn_at": _when(c.withdrawn_at),
        },
    )


def _api_token(user: User) -> Section:
    from rest_framework.authtoken.models import Token

    return _section(
        "api_token",
        _("API key"),
        [("created", _("Created"))],
        Token.objects.filter(user=user),
        lambda t: {"created": _when(t.created)},
        note=_("The key itself is a password and is not shown here."),
    )


def _proposals(user: User) -> list[Section]:
    from ortakakil.proposals.models import Comment, Follow, Notification, Proposal, Report, Support

    proposals = _section(
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
            "created_at": _when(p.created_at),
            "hidden": p.is_hidden,
        },
    )
    comments = _section(
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
            "created_at": _when(c.created_at),
            "hidden": c.is_hidden,
        },
    )
    supports = _section(
        "supports",
        _("Proposals you support"),
        [("proposal", _("Proposal")), ("created_at", _("Supported"))],
        Support.objects.filter(user=user).select_related("proposal").order_by("created_at", "pk"),
        lambda s: {"proposal": s.proposal.title, "created_at": _when(s.created_at)},
    )
    follows = _section(
        "follows",
        _("Proposals you follow"),
        [("proposal", _("Proposal")), ("created_at", _("Since"))],
        Follow.objects.filter(user=user).select_related("proposal").order_by("created_at", "pk"),
        lambda f: {"proposal": f.proposal.title, "created_at": _when(f.created_at)},
    )
    notifications = _section(
        "notifications",
        _("Notifications"),
        [("text", _("Notification")), ("created_at", _("Date")), ("is_read", _("Read"))],
        Notification.objects.filter(user=user).order_by("created_at", "pk"),
        lambda n: {"text": n.text, "created_at": _when(n.created_at), "is_read": n.is_read},
    )
    reports = _section(
        "reports",
        _("Your reports to the moderators"),
        [("target", _("Reported")), ("reason", _("Reason")), ("created_at", _("Date"))],
        Report.objects.filter(reporter=user).select_related("proposal", "comment").order_by("created_at", "pk"),
        lambda r: {
            "target": r.proposal.title if r.proposal_id else r.comment.body[:80],
            "reason": r.reason,
            "created_at": _when(r.created_at),
        },
    )
    return [proposals, comments, supports, follows, notifications, reports]


def _survey_responses(user: User) -> Section:
    from ortakakil.surveys.models import Response

    return _section(
        "survey_responses",
        _("Your survey answers"),
        [("survey", _("Survey")), ("answers", _("Answers")), ("created_at", _("Date"))],
        Response.objects.filter(respondent=user).select_related("survey").order_by("created_at", "pk"),
        lambda r: {"survey": r.survey.title, "answers": r.answers, "created_at": _when(r.created_at)},
        note=_(
            "Answers to anonymous surveys are stored without your name or account, so they cannot be shown "
            "here; only a one-way key is kept so that nobody answers the same survey twice."
        ),
    )


def _workshop_contacts(user: User) -> Section:
    from ortakakil.workshops.models import ContactPerson

    contacts = (
        ContactPerson.objects.filter(email__iexact=user.email).select_related("stakeholder").order_by("pk")
        if user.email
        else ContactPerson.objects.none()
    )
    return _section(
        "workshop_contacts",
        _("Stakeholder registry records with your e-mail address"),
        [
            ("organisation", _("Organisation")),
            ("full_name", _("Full name")),
            ("position", _("Position")),
            ("phone", _("Phone")),
            ("consent_given_at", _("Consent given")),
            ("notice_version", _("Notice version")),
            ("consent_withdrawn_at", _("Consent withdrawn")),
            ("invitations", _("Invitations")),
        ],
        contacts,
        lambda c: {
            "organisation": c.stakeholder.name,
            "full_name": c.full_name,
            "position": c.position,
            "phone": c.phone,
            "consent_given_at": _when(c.consent_given_at),
            "notice_version": c.notice_version,
            "consent_withdrawn_at": _when(c.consent_withdrawn_at),
            "invitations": [
                {"workshop": i.workshop.title, "answer": i.get_status_display(), "answered_at": _when(i.responded_at)}
                for i in c.invitations.select_related("workshop").order_by("pk")
            ],
        },
        note=_(
            "The municipality's stakeholder registry keeps these for workshop invitations. They are not part of "
            "your account: to correct or erase them, write to the address on the contact page."
        ),
    )


def _login_history(user: User) -> Section:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    names = [name for name in (user.username, user.email) if name]
    logins = [
        {
            "event": _("Login"),
            "attempt_time": _when(a.attempt_time),
            "ip_address": a.ip_address,
            "user_agent": a.user_agent,
        }
        for a in AccessLog.objects.filter(username__in=names).order_by("attempt_time")
    ]
    failures = [
        {
            "event": _("Failed login"),
            "attempt_time": _when(a.attempt_time),
            "ip_address": a.ip_address,
            "user_agent": a.user_agent,
        }
        for model in (AccessFailureLog, AccessAttempt)
        for a in model.objects.filter(username__in=names).order_by("attempt_time")
    ]
    return Section(
        key="login_history",
        title=_("Login history"),
        columns=[
            ("event", _("Event")),
            ("attempt_time", _("Time")),
            ("ip_address", _("IP address")),
            ("user_agent", _("Browser")),
        ],
        rows=sorted(logins + failures, key=lambda row: row["attempt_time"]),
        note=_("Kept to protect accounts against password guessing."),
    )


def _staff_work(user: User) -> list[Section]:
    from django.contrib.admin.models import LogEntry

    from ortakakil.proposals.models import Answer, ModerationAction
    from ortakakil.workshops.models import WorkshopFile, WorkshopTable

    return [
        _section(
            "official_answers",
            _("Official answers you wrote"),
            [("proposal", _("Proposal")), ("state", _("Answer")), ("created_at", _("Date"))],
            Answer.objects.filter(author=user).select_related("proposal").order_by("created_at", "pk"),
            lambda a: {"proposal": a.proposal.title, "state": a.get_state_display(), "created_at": _when(a.created_at)},
        ),
        _section(
            "moderation",
            _("Your moderation decisions"),
            [("action", _("Decision")), ("reason", _("Reason")), ("created_at", _("Date"))],
            ModerationAction.objects.filter(moderator=user).order_by("created_at", "pk"),
            lambda m: {"action": m.get_action_display(), "reason": m.reason, "created_at": _when(m.created_at)},
        ),
        _section(
            "jobs",
            _("Background jobs you started"),
            [("label", _("Job")), ("created_at", _("Date"))],
            user.jobs.order_by("created_at"),
            lambda j: {"label": j.label, "created_at": _when(j.created_at)},
        ),
        _section(
            "workshop_files",
            _("Workshop files you uploaded"),
            [("title", _("Title")), ("created_at", _("Date"))],
            WorkshopFile.objects.filter(uploaded_by=user).order_by("pk"),
            lambda f: {"title": f.title, "created_at": _when(f.created_at)},
        ),
        _section(
            "facilitated_tables",
            _("Workshop tables you facilitate"),
            [("table", _("Table")), ("workshop", _("Workshop"))],
            WorkshopTable.objects.filter(facilitators=user).select_related("workshop", "theme").order_by("pk"),
            lambda t: {"table": t.theme.name, "workshop": t.workshop.title},
        ),
        _section(
            "admin_log",
            _("Changes you made in the administration site"),
            [("object", _("Object")), ("change", _("Change")), ("action_time", _("Date"))],
            LogEntry.objects.filter(user=user).order_by("action_time"),
            lambda e: {"object": e.object_repr, "change": e.get_change_message(), "action_time": _when(e.action_time)},
        ),
    ]


def _edits(user: User) -> Section:
    """How many audit-trail entries (django-simple-history) record a change the person made."""
    rows = []
    for model in apps.get_models():
        if model.__name__.startswith("Historical") and hasattr(model, "history_user"):
            count = model._default_manager.filter(history_user=user).count()
            if count:
                tracked = getattr(model, "instance_type", model)  # the model whose history this is
                rows.append({"record": str(tracked._meta.verbose_name), "count": count})
    return Section(
        key="edits",
        title=_("Changes you made (audit trail)"),
        columns=[("record", _("Kind of record")), ("count", _("Entries"))],
        rows=rows,
        note=_("The municipality keeps who changed what, so that every decision can be traced."),
    )


def personal_data(user: User) -> list[Section]:
    """Every section, in the order a person reads them; empty sections included (they say "none")."""
    sections = [
        _account(user),
        _email_addresses(user),
        _consents(user),
        *_proposals(user),
        _survey_responses(user),
        _workshop_contacts(user),
        _login_history(user),
        _api_token(user),
    ]
    # Staff work shows for staff, and for anyone who once was staff and still has some.
    sections += [section for section in _staff_work(user) if section.rows or user.is_staff_member]
    sections.append(_edits(user))
    return sections


def personal_data_json(user: User) -> dict[str, Any]:
    """The download: the same sections, keyed, with the time it was made (serialise with
    ``DjangoJSONEncoder``: times become ISO 8601 with their offset)."""
    data: dict[str, Any] = {"generated_at": _when(timezone.now()), "platform": "Ortak Akıl"}
    for section in personal_data(user):
        if section.key == "account":
            data["account"] = {row["field"]: row["value"] for row in section.rows}
        else:
            data[section.key] = section.rows
        if section.note:
            data.setdefault("notes", {})[section.key] = section.note
    return data


def relations_to_user() -> list[str]:
    """``app_label.Model.field`` of every concrete relation to User outside the audit trail."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        if model.__name__.startswith("Historical"):
            continue
        for relation in model._meta.get_fields():
            if relation.is_relation and relation.concrete and relation.related_model is User:
                found.append(f"{model._meta.label}.{relation.name}")
    return sorted(found)
