"""Object permissions for workshops. Object: a Workshop."""

from __future__ import annotations

from typing import Any

import rules

from ortakakil.core.models import Role
from ortakakil.core.rules import can_manage_organisation, in_same_organisation


@rules.predicate
def is_facilitator(user: Any) -> bool:
    return bool(user.is_authenticated and user.role == Role.FACILITATOR)


# Invitations, table assignment, files: the strategy team of the organisation.
rules.add_perm("workshops.manage", can_manage_organisation)
# Check people in at the door: the strategy team and the organisation's facilitators.
rules.add_perm("workshops.check_in", can_manage_organisation | (is_facilitator & in_same_organisation))
