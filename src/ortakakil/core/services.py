"""Writes for organisations, units and users. Each service checks the actor's
permission, validates, saves inside a transaction and leaves an audit entry
(django-simple-history records ``actor`` as the author of the change)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from .models import Organisation, Role, Unit, User
from .rules import refusal_reason

M = TypeVar("M", bound=models.Model)


def require_perm(actor: User | Any, perm: str, obj: Any = None) -> None:
    """Raise ``PermissionDenied`` unless ``actor`` holds ``perm`` on ``obj``, saying why."""
    if not actor.has_perm(perm, obj):
        raise PermissionDenied(refusal_reason(actor, perm))


def audited_save(instance: M, *, actor: User | None, update_fields: list[str] | None = None) -> M:
    """Validate and save ``instance``, recording ``actor`` in its history."""
    instance.full_clean()
    if actor is not None:
        instance._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
    instance.save(update_fields=update_fields)
    return instance


def audited_delete(instance: models.Model, *, actor: User | None) -> None:
    if actor is not None:
        instance._history_user = actor  # type: ignore[attr-defined]
    instance.delete()


def assign(instance: M, data: Mapping[str, Any]) -> list[str]:
    """Copy ``data`` onto ``instance`` and return the names of the fields that changed."""
    changed = []
    for name, value in data.items():
        field = instance._meta.get_field(name)
        if field.many_to_one:
            # Compare keys: reading an unset relation would raise.
            current = getattr(instance, field.attname)  # type: ignore[union-attr]
            new = value.pk if value is not None else None
        else:
            current, new = getattr(instance, name), value
        if current != new or instance._state.adding:
            setattr(instance, name, value)
            if current != new:
                changed.append(name)
    return changed


@transaction.atomic
def unit_create(*, actor: User, organisation: Organisation, data: Mapping[str, Any]) -> Unit:
    require_perm(actor, "core.manage_organisation", organisation)
    unit = Unit(organisation=organisation)
    assign(unit, data)
    return audited_save(unit, actor=actor)


@transaction.atomic
def unit_update(*, actor: User, unit: Unit, data: Mapping[str, Any]) -> Unit:
    require_perm(actor, "core.manage_organisation", unit)
    changed = assign(unit, data)
    if not changed:
        return unit
    return audited_save(unit, actor=actor, update_fields=[*changed, "updated_at"])


USER_FIELDS = ("username", "first_name", "last_name", "email", "role", "unit", "represents", "is_active")


def _check_role_grant(actor: User, organisation: Organisation, data: Mapping[str, Any]) -> None:
    role = data.get("role")
    if role == Role.PLATFORM_ADMIN:
        require_perm(actor, "core.grant_platform_admin")
    unit = data.get("unit")
    if unit is not None and unit.organisation_id != organisation.pk:
        raise ValidationError({"unit": _("The unit must belong to the user's organisation.")})
    if role == Role.UNIT_MANAGER and unit is None:
        raise ValidationError({"unit": _("A unit manager needs a unit.")})


def _sync_admin_flags(user: User) -> list[str]:
    """Platform administrators also administer Django's admin site; nobody else does."""
    is_admin = user.role == Role.PLATFORM_ADMIN
    changed = [name for name in ("is_staff", "is_superuser") if getattr(user, name) != is_admin]
    for name in changed:
        setattr(user, name, is_admin)
    return changed


@transaction.atomic
def user_create(
    *, actor: User, organisation: Organisation, data: Mapping[str, Any], password: str | None = None
) -> User:
    """Create a user of ``organisation``. Without ``password`` the account cannot log in
    until a password is set (through password reset). Staff vouch for the account: it is
    verified, its e-mail address confirmed."""
    from .accounts import account_verify  # accounts uses this module's audited_save

    require_perm(actor, "core.manage_organisation", organisation)
    _check_role_grant(actor, organisation, data)
    user = User(organisation=organisation)
    assign(user, {key: value for key, value in data.items() if key in USER_FIELDS})
    _sync_admin_flags(user)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    audited_save(user, actor=actor)
    return account_verify(user=user)


@transaction.atomic
def user_update(*, actor: User, user: User, data: Mapping[str, Any]) -> User:
    require_perm(actor, "core.manage_organisation", user)
    if user.role == Role.PLATFORM_ADMIN or user.is_superuser:
        require_perm(actor, "core.grant_platform_admin")
    if user.organisation is None:  # staff without an organisation: only the Django admin edits them
        raise PermissionDenied(_("You are not allowed to do this."))
    _check_role_grant(actor, user.organisation, data)
    if user.pk == actor.pk and data.get("is_active") is False:
        raise ValidationError({"is_active": _("You cannot deactivate your own account.")})
    changed = assign(user, {key: value for key, value in data.items() if key in USER_FIELDS})
    changed += _sync_admin_flags(user)
    if not changed:
        return user
    return audited_save(user, actor=actor, update_fields=changed)
