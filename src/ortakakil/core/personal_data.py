"""«Verilerim» — everything the platform holds about one person (KVKK art. 11: the right to learn
whether and which personal data is processed, and to receive it).

One reader, ``personal_data(user)``, feeds both the readable page and the JSON download, so the
two never disagree. ``core`` shows what it holds itself (the account, e-mail addresses, consents,
login history, API key, jobs, administration log, the audit trail); every app above it registers
a ``PersonalDataSource`` from its ``AppConfig.ready()`` with the sections it holds, the relations
to the user they cover, what erasure deletes, and which sign-ups hold contributions (so the
retention task leaves them). ``covered_relations()`` names every relation from another table to the
user and the section that shows it; a test fails when a new relation appears that no section covers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.apps import apps
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .models import User

# "app_label.Model.field" of every relation to User that core and the libraries hold → the section
# that shows it ("" for the join tables of Django's groups and permissions, which the platform does
# not use). Historical copies (django-simple-history) are summarised in the "edits" section. The
# apps above core add theirs through their PersonalDataSource.
CORE_RELATIONS: dict[str, str] = {
    "account.EmailAddress.user": "email_addresses",
    "core.EmailOptOut.user": "email_opt_outs",
    "authtoken.Token.user": "api_token",
    "authtoken.TokenProxy.user": "api_token",
    "mfa.Authenticator.user": "two_factor",
    "core.Consent.user": "consents",
    "core.Job.created_by": "jobs",
    "core.User_groups.user": "",
    "core.User_user_permissions.user": "",
    "admin.LogEntry.user": "admin_log",
}


@dataclass
class Section:
    """One kind of data: a title, the columns a person reads, and the rows."""

    key: str
    title: str
    columns: list[tuple[str, str]]
    rows: list[dict[str, Any]] = field(default_factory=list)
    note: str = ""
    staff: bool = False
    """Work done for the municipality: shown to staff, and to anyone who once was staff and has some."""

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


def local_time(value: datetime | None) -> datetime | None:
    return timezone.localtime(value).replace(microsecond=0) if value else None


def section(
    key: str,
    title: str,
    columns: list[tuple[str, str]],
    items: Iterable[Any],
    row: Callable[[Any], dict[str, Any]],
    note: str = "",
    staff: bool = False,
) -> Section:
    """A section with one row per item."""
    return Section(key=key, title=title, columns=columns, rows=[row(item) for item in items], note=note, staff=staff)


@dataclass(frozen=True)
class PersonalDataSource:
    """What one app holds about a person, registered from its ``AppConfig.ready()``."""

    key: str
    sections: Callable[[User], list[Section]]
    relations: dict[str, str]
    """``app_label.Model.field`` of each relation to User the app holds → the section showing it."""
    order: int = 100
    erase: Callable[[User], None] | None = None
    """Deletes what erasure removes (follows, notifications …); contributions stay, anonymised."""
    without_contributions: Callable[[QuerySet[User]], QuerySet[User]] | None = None
    """Leaves out of a queryset of users those who wrote or voted something here (retention)."""


_SOURCES: dict[str, PersonalDataSource] = {}


def register_personal_data(source: PersonalDataSource) -> None:
    _SOURCES[source.key] = source


def sources() -> list[PersonalDataSource]:
    return sorted(_SOURCES.values(), key=lambda source: (source.order, source.key))


def covered_relations() -> dict[str, str]:
    """Every relation to User some section covers, core's and the registered apps'."""
    covered = dict(CORE_RELATIONS)
    for source in sources():
        covered.update(source.relations)
    return covered


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
        ("date_joined", _("Joined"), local_time(user.date_joined)),
        ("last_login", _("Last login"), local_time(user.last_login)),
        ("verified_at", _("Verified"), local_time(user.verified_at)),
    ]
    return Section(
        key="account",
        title=_("Your account"),
        columns=[("field", _("Field")), ("value", _("Value"))],
        rows=[{"field": key, "label": label, "value": value} for key, label, value in fields],
    )


def _email_addresses(user: User) -> Section:
    from allauth.account.models import EmailAddress

    return section(
        "email_addresses",
        _("E-mail addresses"),
        [("email", _("E-mail address")), ("verified", _("Confirmed")), ("primary", _("Primary"))],
        EmailAddress.objects.filter(user=user).order_by("pk"),
        lambda a: {"email": a.email, "verified": a.verified, "primary": a.primary},
    )


def _email_opt_outs(user: User) -> Section:
    from .emails import kind_of

    def label(key: str) -> str:
        kind = kind_of(key)
        return str(kind.label) if kind else key

    return section(
        "email_opt_outs",
        _("E-mails you turned off"),
        [("kind", _("Kind of e-mail")), ("created_at", _("Since"))],
        user.email_opt_outs.order_by("created_at", "pk"),
        lambda o: {"kind": label(o.kind), "created_at": local_time(o.created_at)},
    )


def _consents(user: User) -> Section:
    return section(
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
            "given_at": local_time(c.given_at),
            "withdrawn_at": local_time(c.withdrawn_at),
        },
    )


def _api_token(user: User) -> Section:
    from rest_framework.authtoken.models import Token

    return section(
        "api_token",
        _("API key"),
        [("created", _("Created"))],
        Token.objects.filter(user=user),
        lambda t: {"created": local_time(t.created)},
        note=_("The key itself is a password and is not shown here."),
    )


def _two_factor(user: User) -> Section:
    from allauth.mfa.models import Authenticator

    kinds = {Authenticator.Type.TOTP: _("Authenticator app"), Authenticator.Type.RECOVERY_CODES: _("Recovery codes")}
    return section(
        "two_factor",
        _("Two-factor authentication"),
        [("kind", _("Kind")), ("created", _("Created")), ("last_used", _("Last used"))],
        Authenticator.objects.filter(user=user).order_by("created_at"),
        lambda a: {
            "kind": kinds.get(a.type, a.type),
            "created": local_time(a.created_at),
            "last_used": local_time(a.last_used_at),
        },
        note=_("The secret key and the recovery codes are not shown here."),
    )


def _login_history(user: User) -> Section:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    names = [name for name in (user.username, user.email) if name]
    logins = [
        {
            "event": _("Login"),
            "attempt_time": local_time(a.attempt_time),
            "ip_address": a.ip_address,
            "user_agent": a.user_agent,
        }
        for a in AccessLog.objects.filter(username__in=names).order_by("attempt_time")
    ]
    failures = [
        {
            "event": _("Failed login"),
            "attempt_time": local_time(a.attempt_time),
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


def _core_staff_work(user: User) -> list[Section]:
    from django.contrib.admin.models import LogEntry

    return [
        section(
            "jobs",
            _("Background jobs you started"),
            [("label", _("Job")), ("created_at", _("Date"))],
            user.jobs.order_by("created_at"),
            lambda j: {"label": j.label, "created_at": local_time(j.created_at)},
            staff=True,
        ),
        section(
            "admin_log",
            _("Changes you made in the administration site"),
            [("object", _("Object")), ("change", _("Change")), ("action_time", _("Date"))],
            LogEntry.objects.filter(user=user).order_by("action_time"),
            lambda e: {
                "object": e.object_repr,
                "change": e.get_change_message(),
                "action_time": local_time(e.action_time),
            },
            staff=True,
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
    registered = [item for source in sources() for item in source.sections(user)]
    sections = [
        _account(user),
        _email_addresses(user),
        _email_opt_outs(user),
        _consents(user),
        *[item for item in registered if not item.staff],
        _login_history(user),
        _api_token(user),
        _two_factor(user),
    ]
    # Staff work shows for staff, and for anyone who once was staff and still has some.
    staff_work = [*[item for item in registered if item.staff], *_core_staff_work(user)]
    sections += [item for item in staff_work if item.rows or user.is_staff_member]
    sections.append(_edits(user))
    return sections


def personal_data_json(user: User) -> dict[str, Any]:
    """The download: the same sections, keyed, with the time it was made (serialise with
    ``DjangoJSONEncoder``: times become ISO 8601 with their offset)."""
    data: dict[str, Any] = {"generated_at": local_time(timezone.now()), "platform": "Ortak Akıl"}
    for item in personal_data(user):
        if item.key == "account":
            data["account"] = {row["field"]: row["value"] for row in item.rows}
        else:
            data[item.key] = item.rows
        if item.note:
            data.setdefault("notes", {})[item.key] = item.note
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
