"""Object permissions for workshops (django-rules).

* ``workshops.manage`` — object: a Workshop (or the Process a new one is added to). The event,
  its files, invitations, table assignment and settings, opening the phones, and correcting the
  record of a closed table: the strategy team of the process's organisation.
* ``workshops.check_in`` — object: a Workshop. People at the door: the strategy team and the
  organisation's facilitators.
* ``workshops.facilitate`` — object: a WorkshopTable. Table mode (capturing, correcting,
  withdrawing and merging ideas, seating people, the summary, closing): the table's own
  facilitators and whoever manages the workshop.
"""

from __future__ import annotations

from typing import Any

import rules

from ortakakil.core.models import Role
from ortakakil.core.rules import can_manage_organisation, in_same_organisation


@rules.predicate
def is_facilitator(user: Any) -> bool:
    return bool(user.is_authenticated and user.role == Role.FACILITATOR)


@rules.predicate
def manages_the_tables_workshop(user: Any, table: Any) -> bool:
    return table is not None and bool(can_manage_organisation(user, table.workshop))


@rules.predicate
def facilitates_the_table(user: Any, table: Any) -> bool:
    return bool(user.is_authenticated and table is not None and table.facilitators.filter(pk=user.pk).exists())


@rules.predicate
def table_open_or_managed(user: Any, table: Any) -> bool:
    """Whether the table's record may still change: facilitators change an open table; once it
    is closed only the staff who manage the workshop may correct it (every change is logged).
    The one rule for the services (``reporting.require_open_or_staff``) and table mode's buttons."""
    return table is not None and (not table.is_closed or bool(can_manage_organisation(user, table.workshop)))


rules.add_perm("workshops.manage", can_manage_organisation)
rules.add_perm("workshops.check_in", can_manage_organisation | (is_facilitator & in_same_organisation))
rules.add_perm("workshops.facilitate", manages_the_tables_workshop | facilitates_the_table)
