"""Object permissions (django-rules). Templates may ask, but views and services enforce.

Roles (DOMAIN.md §2):
* platform admin — everything, everywhere;
* strategy team — manages the processes, units and users of its own organisation;
* unit manager — updates the preparation tasks its unit owns;
* facilitator, stakeholder representative, citizen — no back-office rights yet;
* participation (propose, support, comment, report, answer a survey) — verified accounts only
  (``is_participant``): a confirmed e-mail address, or an account made by staff, the command
  line or the demo. Three throwaway sign-ups must not be able to write, let alone hide a proposal.
"""

from __future__ import annotations

from typing import Any

import rules
from django.utils.translation import gettext as _

from .models import Organisation, Role


def organisation_id_of(obj: Any) -> int | None:
    """The organisation an object belongs to (an organisation, a unit, a user, a process …)."""
    if obj is None:
        return None
    if isinstance(obj, Organisation):
        return obj.pk
    organisation_id = getattr(obj, "organisation_id", None)
    if organisation_id is not None:
        return int(organisation_id)
    process = getattr(obj, "process", None)
    if process is not None:
        return int(process.organisation_id)
    return None


@rules.predicate
def is_platform_admin(user: Any) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.role == Role.PLATFORM_ADMIN))


@rules.predicate
def is_strategy_team(user: Any) -> bool:
    return bool(user.is_authenticated and user.role == Role.STRATEGY_TEAM)


@rules.predicate
def is_staff_member(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_staff_member)


@rules.predicate
def is_participant(user: Any) -> bool:
    """Signed in, active and verified: may write in the participation pages and the API."""
    return bool(user.is_authenticated and user.is_verified)


PARTICIPATION_PERMS: set[str] = set()


def add_participation_perm(name: str) -> None:
    """Register ``name`` as a permission every verified account holds (``is_participant``).

    ``require_perm`` then tells an unverified person what to do instead of a bare refusal."""
    PARTICIPATION_PERMS.add(name)
    rules.add_perm(name, is_participant)


def refusal_reason(user: Any, perm: str) -> str:
    """The Turkish sentence a refused ``user`` reads for ``perm``."""
    if perm in PARTICIPATION_PERMS:
        if not user.is_authenticated:
            return _("Please log in first.")
        if not user.is_verified:
            return _(
                "Confirm your e-mail address before you take part: open the link in the e-mail we sent you "
                "(logging in again sends a new one)."
            )
    return _("You are not allowed to do this.")


@rules.predicate
def in_same_organisation(user: Any, obj: Any) -> bool:
    if not user.is_authenticated or user.organisation_id is None:
        return False
    return organisation_id_of(obj) == user.organisation_id


@rules.predicate
def manages_owner_unit(user: Any, task: Any) -> bool:
    return bool(
        user.is_authenticated
        and user.role == Role.UNIT_MANAGER
        and user.unit_id is not None
        and task is not None
        and task.owner_unit_id == user.unit_id
    )


can_manage_organisation = is_platform_admin | (is_strategy_team & in_same_organisation)

rules.add_perm("core.access_backoffice", is_staff_member)
rules.add_perm("core.manage_organisation", can_manage_organisation)
rules.add_perm("core.grant_platform_admin", is_platform_admin)
# «Denetim kaydı»: platform admins read every organisation's, the strategy team its own (core.audit).
rules.add_perm("core.view_audit_log", is_platform_admin | is_strategy_team)
