"""docs/PERSONAL_DATA.md (the VERBİS-style inventory) names every field that holds personal data,
and every field it names exists.

"Holds personal data", mechanically (the doc says the same): in every model Django knows — the
platform's apps and the libraries' tables (allauth, authtoken, axes, sessions, admin) — every
relation to the user model or to a workshop contact person, and every field whose name is or ends in
one of ``PERSONAL_NAMES``. Proxy models share their concrete model's table; the audit trail's
``Historical*`` tables copy the tracked model's fields (checked as the tracked model's) and add
``history_user``, listed once."""

from __future__ import annotations

import re
from pathlib import Path

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model

from ortakakil.core.models import User
from ortakakil.workshops.models import ContactPerson

INVENTORY = Path(__file__).resolve().parents[2] / "docs" / "PERSONAL_DATA.md"
PERSONAL_NAMES = [
    "email",
    "mail",
    "phone",
    "phone_hash",
    "username",
    "first_name",
    "last_name",
    "full_name",
    "public_name",
    "attendee_name",
    "ip",
    "ip_address",
    "address",
    "national_id",
    "id_hash",
    "birth",
    "birth_date",
    "user_agent",
    "respondent_key",
    "voter_key",
    "participant_key",
    "client_key",
    "session_data",
    "session_hash",
]
PERSON_MODELS = (User, ContactPerson)
HISTORY_USER = "simple_history.Historical*.history_user"
NOT_PERSONAL = {
    "workshops.Workshop.address": "the venue's address, not a person's",
}
_NAME = re.compile(r"(^|_)(" + "|".join(PERSONAL_NAMES) + r")$")
_TOKEN = re.compile(r"`([A-Za-z*_]+\.[A-Za-z*_]+\.[a-z_]+)`")


def _is_history(model: type[Model]) -> bool:
    return model.__name__.startswith("Historical") and hasattr(model, "history_user")


def personal_fields() -> set[str]:
    found = set()
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        history = _is_history(model)
        label = model.instance_type._meta.label if history else model._meta.label  # type: ignore[attr-defined]
        for field in model._meta.get_fields():
            if not field.concrete:
                continue
            if history and field.name == "history_user":
                found.add(HISTORY_USER)
            elif (field.is_relation and field.related_model in PERSON_MODELS) or _NAME.search(field.name):
                found.add(f"{label}.{field.name}")
    return found


def listed_fields() -> set[str]:
    """The ``app.Model.field`` names in the second column of the inventory's table."""
    text = INVENTORY.read_text(encoding="utf-8").split("## Inventory", 1)[1].split("\n## ", 1)[0]
    listed = set()
    for line in text.splitlines():
        cells = line.split("|")
        if len(cells) > 3 and not set(cells[2].strip()) <= {"-"}:
            listed |= set(_TOKEN.findall(cells[2]))
    return listed


def test_every_field_holding_personal_data_is_in_the_inventory():
    missing = personal_fields() - set(NOT_PERSONAL) - listed_fields()
    assert not missing, f"docs/PERSONAL_DATA.md does not list: {sorted(missing)}"


def test_every_field_the_inventory_lists_exists():
    for name in listed_fields() - {HISTORY_USER}:
        app_label, model_name, field_name = name.split(".")
        model = apps.get_model(app_label, model_name)
        try:
            model._meta.get_field(field_name)
        except FieldDoesNotExist:
            raise AssertionError(f"docs/PERSONAL_DATA.md lists {name}, which does not exist") from None
    assert any(_is_history(model) for model in apps.get_models())  # Historical*.history_user is real


def test_the_rule_finds_what_it_should():
    """The mechanical rule itself: the account's fields, the login records and a relation to a
    contact person are found; the inventory's parser reads the table (not the prose above it)."""
    found = personal_fields()
    assert {
        "core.User.email",
        "core.User.public_name",
        "axes.AccessLog.ip_address",
        "sessions.Session.session_data",
        "workshops.Invitation.contact",
        "proposals.Proposal.author",
        HISTORY_USER,
    } <= found
    assert "processes.Theme.name" not in found
    assert "core.User.email" in listed_fields() and "workshops.Workshop.address" not in listed_fields()


def test_the_retention_settings_the_inventory_names_are_the_tasks():
    from django.conf import settings

    from ortakakil.core.retention import RULES

    text = INVENTORY.read_text(encoding="utf-8")
    for rule in RULES:
        if rule.setting:
            assert f"`{rule.setting}` ({getattr(settings, rule.setting)})" in text, rule.setting
