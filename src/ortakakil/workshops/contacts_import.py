"""Import of an existing contact list (CSV or XLSX) into an organisation's stakeholder registry.

Municipalities already keep lists of the people they invite to workshops. The file has a
header row with these columns (Turkish or English names, any case):

* ``kurum``/``organisation`` (required) — the stakeholder organisation; one that is not in
  the registry yet is added, and then needs ``tür``/``type`` (the type's code or its Turkish
  name: "kamu", "Kamu kurumu", "meslek odası", "üniversite", "dernek", "STK", "özel sektör",
  "muhtarlık") and may have ``iç``/``internal`` (evet/hayır, 1/0). Organisations already in
  the registry keep their type and scores: those are edited in the registry.
* ``ad soyad``/``name`` (required), ``unvan``/``position``, ``e-posta``/``email``,
  ``telefon``/``phone``.
* ``rıza amacı``/``consent purpose`` and ``rıza tarihi``/``consent date`` (dd.mm.yyyy or
  yyyy-mm-dd): KVKK consent is recorded only when both are given, with the version of the
  information notice (aydınlatma metni) the people signed, which the import is told.

A person whose e-mail address (in any case) is already at the same organisation is updated
instead of added twice: filled cells replace the stored values, empty cells leave them.
Consent given before the person withdrew it is not restored by importing an old list again.

A dry run reports every row's errors and what would be written; a commit writes all rows or
none.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from ortakakil.core.models import Organisation, User
from ortakakil.core.services import audited_save, require_perm
from ortakakil.core.tabular import ImportFileError, ImportReport, ImportRow, aliases, fold, read_table

from .models import ContactPerson, StakeholderOrganisation

__all__ = ["COLUMNS", "MAX_ROWS", "ContactImportReport", "ContactRow", "ImportFileError", "contacts_import", "parse"]

MAX_ROWS = 20_000
COLUMNS = {
    "organisation": aliases("kurum", "kurum adı", "kuruluş", "paydaş", "organisation", "organization"),
    "type": aliases("tür", "kurum türü", "type"),
    "internal": aliases("iç", "iç paydaş", "internal"),
    "name": aliases("ad soyad", "adı soyadı", "ad-soyad", "name", "full name"),
    "position": aliases("unvan", "ünvan", "görev", "position"),
    "email": aliases("e-posta", "eposta", "e-posta adresi", "email", "e-mail"),
    "phone": aliases("telefon", "tel", "phone"),
    "consent_purpose": aliases("rıza amacı", "consent purpose", "purpose of consent"),
    "consent_date": aliases("rıza tarihi", "consent date", "date of consent"),
}
REQUIRED = ("organisation", "name")
LABELS = {"organisation": "kurum", "name": "ad soyad"}

Type = StakeholderOrganisation.Type
#: Names people write for each type, besides its code and its label in the current language.
TYPE_NAMES = {
    Type.PUBLIC: ("kamu", "kamu kurumu", "kamu kuruluşu", "public", "public institution"),
    Type.CHAMBER: ("meslek odası", "professional chamber", "chamber"),
    Type.UNIVERSITY: ("üniversite", "university"),
    Type.ASSOCIATION: ("dernek", "association"),
    Type.NGO: ("stk", "sivil toplum kuruluşu", "ngo"),
    Type.PRIVATE: ("özel sektör", "özel", "private sector", "private", "company"),
    Type.MUHTAR: ("muhtarlık", "muhtar", "neighbourhood headman", "neighbourhood headman (muhtarlık)"),
}
YES = {fold(word) for word in ("evet", "e", "yes", "y", "true", "1", "x", "iç", "internal")}
NO = {fold(word) for word in ("hayır", "h", "no", "n", "false", "0", "dış", "external")}
DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d")


def _max_length(model: type[models.Model], field: str) -> int:
    return int(cast(models.CharField, model._meta.get_field(field)).max_length or 0)


NAME_MAX = _max_length(StakeholderOrganisation, "name")
TEXT_MAX = {
    key: _max_length(ContactPerson, field)
    for key, field in [
        ("name", "full_name"),
        ("position", "position"),
        ("email", "email"),
        ("phone", "phone"),
        ("consent_purpose", "consent_purpose"),
    ]
}
NOTICE_MAX = _max_length(ContactPerson, "notice_version")


@dataclass
class ContactRow(ImportRow):
    """A row of the contact list, checked; ``action`` says what a commit does with it:
    "create", "update" (a person already at the organisation) or "unchanged"."""

    organisation_key: str = ""
    action: str = ""
    new_organisation: bool = False


@dataclass
class ContactImportReport(ImportReport):
    """What the import wrote (or, in a dry run, would write). ``created`` counts new contacts."""

    created_organisations: int = 0
    created_contacts: int = 0
    updated_contacts: int = 0
    unchanged_contacts: int = 0
    dry_run: bool = True


@dataclass
class _Plan:
    new_stakeholders: list[StakeholderOrganisation]
    new_contacts: list[ContactPerson]
    changed_contacts: list[tuple[ContactPerson, list[str]]]


def _type_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for value, label in Type.choices:
        for name in (value, str(label), *TYPE_NAMES[Type(value)]):
            names[fold(name.replace("_", " "))] = value
    return names


def _parse_date(text: str) -> dt.date | None:
    if text.endswith(" 00:00:00"):  # an XLSX date cell
        text = text.removesuffix(" 00:00:00")
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 — a calendar date, no time
        except ValueError:
            continue
    return None


def _check_row(row: ContactRow, *, types: dict[str, str], seen_emails: dict[str, int]) -> dict[str, Any]:
    """Validate one row's cells; return the parsed values (type, internal, consent date)."""
    values, errors = row.values, row.errors
    parsed: dict[str, Any] = {"type": "", "internal": None, "consent_on": None}
    if not values["organisation"]:
        errors.append(_("the organisation is missing"))
    elif len(values["organisation"]) > NAME_MAX:
        errors.append(_("the organisation's name is longer than %(n)d characters") % {"n": NAME_MAX})
    if not values["name"]:
        errors.append(_("the name is missing"))
    labels = {
        "name": _("the name"),
        "position": _("the position"),
        "email": _("the e-mail address"),
        "phone": _("the phone number"),
        "consent_purpose": _("the purpose of consent"),
    }
    for key, limit in TEXT_MAX.items():
        if len(values.get(key, "")) > limit:
            errors.append(_("%(what)s is longer than %(n)d characters") % {"what": labels[key], "n": limit})
    if type_text := values.get("type", ""):
        parsed["type"] = types.get(fold(type_text.replace("_", " ")), "")
        if not parsed["type"]:
            errors.append(_("unknown type of organisation “%(type)s”") % {"type": type_text})
    if internal_text := values.get("internal", ""):
        key = fold(internal_text)
        if key in YES:
            parsed["internal"] = True
        elif key in NO:
            parsed["internal"] = False
        else:
            errors.append(
                _("write “evet” or “hayır” in the internal column, not “%(value)s”") % {"value": internal_text}
            )
    if email := values.get("email", ""):
        try:
            validate_email(email)
        except ValidationError:
            errors.append(_("“%(email)s” is not a valid e-mail address") % {"email": email})
        else:
            first = seen_emails.setdefault(email.lower(), row.line)
            if first != row.line:
                errors.append(
                    _("the e-mail address “%(email)s” is already on line %(line)d") % {"email": email, "line": first}
                )
    purpose, date_text = values.get("consent_purpose", ""), values.get("consent_date", "")
    if date_text:
        day = _parse_date(date_text)
        if day is None:
            errors.append(_("“%(date)s” is not a date; write dd.mm.yyyy or yyyy-mm-dd") % {"date": date_text})
        elif day > timezone.localdate():
            errors.append(_("the date of consent %(date)s is in the future") % {"date": date_text})
        else:
            parsed["consent_on"] = day
    if purpose and not date_text:
        errors.append(_("the purpose of consent is given without the date of consent"))
    if date_text and not purpose:
        errors.append(_("the date of consent is given without the purpose of consent"))
    return parsed


def _apply(contact: ContactPerson, row: ContactRow, consent_on: dt.date | None, notice_version: str) -> list[str]:
    """Copy the row onto ``contact``; return the fields that changed. Empty cells change nothing."""
    changed: list[str] = []
    values = row.values
    new = {"full_name": values["name"], "position": values.get("position", ""), "phone": values.get("phone", "")}
    if contact._state.adding:
        new["email"] = values.get("email", "")
    for name, value in new.items():
        if value and getattr(contact, name) != value:
            setattr(contact, name, value)
            changed.append(name)
    if consent_on is None:
        return changed
    given_at = dt.datetime.combine(consent_on, dt.time.min, tzinfo=timezone.get_default_timezone())
    if contact.consent_withdrawn_at is not None and given_at <= contact.consent_withdrawn_at:
        return changed  # an old list does not undo a withdrawal
    if contact.has_consent and contact.consent_given_at is not None and contact.consent_given_at >= given_at:
        return changed  # the consent on record is as recent: keep it as recorded
    consent: dict[str, Any] = {
        "consent_purpose": values["consent_purpose"],
        "consent_given_at": given_at,
        "notice_version": notice_version,
        "consent_withdrawn_at": None,
    }
    for name, value in consent.items():
        if getattr(contact, name) != value:
            setattr(contact, name, value)
            changed.append(name)
    return changed


def _plan(organisation: Organisation, rows: list[tuple[ContactRow, dict[str, Any]]], notice_version: str) -> _Plan:
    """Decide, for valid rows, which organisations and people are added and who is updated."""
    registry = {fold(s.name): s for s in StakeholderOrganisation.objects.filter(organisation=organisation)}
    known = list(ContactPerson.objects.filter(stakeholder__organisation=organisation))
    existing = {(contact.stakeholder_id, contact.email.lower()): contact for contact in known if contact.email}
    # Without an e-mail address a person is recognised by name (Turkish letters and case folded).
    by_name = {(contact.stakeholder_id, fold(contact.full_name)): contact for contact in known}
    plan = _Plan(new_stakeholders=[], new_contacts=[], changed_contacts=[])
    new: dict[str, StakeholderOrganisation] = {}
    first_line: dict[str, ContactRow] = {}
    for row, parsed in rows:
        key = row.organisation_key
        if key in registry:
            continue
        row.new_organisation = True
        stakeholder = new.get(key)
        if stakeholder is None:
            stakeholder = StakeholderOrganisation(
                organisation=organisation, name=row.values["organisation"], type="", is_internal=False
            )
            new[key] = stakeholder
            first_line[key] = row
        if parsed["type"]:
            if not stakeholder.type:
                stakeholder.type = parsed["type"]
                first_line[key] = row
            elif stakeholder.type != parsed["type"]:
                row.errors.append(
                    _("the organisation's type differs from line %(line)d") % {"line": first_line[key].line}
                )
        if parsed["internal"] is not None:
            stakeholder.is_internal = parsed["internal"]
    for row, _parsed in rows:
        if row.new_organisation and not new[row.organisation_key].type:
            row.errors.append(
                _("“%(name)s” is not in the registry yet: give its type") % {"name": row.values["organisation"]}
            )
    plan.new_stakeholders = list(new.values())
    for row, parsed in rows:
        if row.errors:
            continue
        stakeholder = registry.get(row.organisation_key) or new[row.organisation_key]
        email = row.values.get("email", "").lower()
        contact = None
        if stakeholder.pk:
            if email:
                contact = existing.get((stakeholder.pk, email))
            else:
                contact = by_name.get((stakeholder.pk, fold(row.values["name"])))
        if contact is None:
            contact = ContactPerson(stakeholder=stakeholder)
            _apply(contact, row, parsed["consent_on"], notice_version)
            plan.new_contacts.append(contact)
            row.action = "create"
            continue
        changed = _apply(contact, row, parsed["consent_on"], notice_version)
        row.action = "update" if changed else "unchanged"
        if changed:
            plan.changed_contacts.append((contact, changed))
    return plan


def _read(
    name: str, content: bytes, *, organisation: Organisation, notice_version: str
) -> tuple[ContactImportReport, _Plan]:
    table = read_table(name, content, columns=COLUMNS, required=REQUIRED, max_rows=MAX_ROWS, labels=LABELS)
    types = _type_names()
    seen_emails: dict[str, int] = {}
    rows: list[tuple[ContactRow, dict[str, Any]]] = []
    for line, values in table:
        row = ContactRow(line=line, values=values, organisation_key=fold(values["organisation"]))
        rows.append((row, _check_row(row, types=types, seen_emails=seen_emails)))
    report = ContactImportReport(rows=[row for row, _parsed in rows])
    plan = _plan(organisation, [(row, parsed) for row, parsed in rows if row.organisation_key], notice_version)
    if report.ok:
        report.created_organisations = len(plan.new_stakeholders)
        report.created_contacts = report.created = len(plan.new_contacts)
        report.updated_contacts = len(plan.changed_contacts)
        report.unchanged_contacts = sum(
            1 for row in report.rows if isinstance(row, ContactRow) and row.action == "unchanged"
        )
    return report, plan


def _check_notice_version(notice_version: str) -> str:
    notice_version = notice_version.strip()
    if not notice_version:
        raise ValidationError(
            {"notice_version": _("Give the version of the information notice the people in the list signed.")}
        )
    if len(notice_version) > NOTICE_MAX:
        raise ValidationError(
            {
                "notice_version": _("The version of the information notice is longer than %(n)d characters.")
                % {"n": NOTICE_MAX}
            }
        )
    return notice_version


def parse(name: str, content: bytes, *, organisation: Organisation, notice_version: str) -> ContactImportReport:
    """Read and validate every row; nothing is written."""
    report, _unused = _read(
        name, content, organisation=organisation, notice_version=_check_notice_version(notice_version)
    )
    return report


@transaction.atomic
def contacts_import(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    content: bytes,
    notice_version: str,
    dry_run: bool,
) -> ContactImportReport:
    """Validate the contact list; unless ``dry_run``, write every row or, on any error, none.

    ``notice_version`` is the version of the information notice (aydınlatma metni) the people
    in the list were shown when they gave their consent (KVKK art. 10); it is recorded with
    each consent the list carries.
    """
    require_perm(actor, "core.manage_organisation", organisation)
    notice_version = _check_notice_version(notice_version)
    report, plan = _read(name, content, organisation=organisation, notice_version=notice_version)
    report.dry_run = dry_run
    if dry_run or not report.ok:
        return report
    for stakeholder in plan.new_stakeholders:
        audited_save(stakeholder, actor=actor)
    bulk_create_with_history(plan.new_contacts, ContactPerson, batch_size=1000, default_user=actor)
    if plan.changed_contacts:
        now = timezone.now()
        fields: set[str] = {"updated_at"}
        for contact, changed in plan.changed_contacts:
            contact.updated_at = now
            fields.update(changed)
        bulk_update_with_history(
            [contact for contact, _changed in plan.changed_contacts],
            ContactPerson,
            sorted(fields),
            batch_size=1000,
            default_user=actor,
        )
    return report
