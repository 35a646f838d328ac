"""Who may do what with measurements (django-rules). Object: an ``Indicator``.

* enter and submit a value: the unit manager of the unit responsible for the indicator's goal,
  and the strategy team of the organisation (who can enter for any unit);
* approve or return a value: the strategy team (and platform admins);
* read values not yet approved: every staff member of the organisation.
"""

from __future__ import annotations

from typing import Any

import rules

from ortakakil.core.models import Role
from ortakakil.core.rules import can_manage_organisation, in_same_organisation, is_platform_admin, is_staff_member

ENTER = "monitoring.enter_measurement"
REVIEW = "monitoring.review_measurement"
VIEW = "monitoring.view_measurements"


@rules.predicate
def manages_goal_unit(user: Any, indicator: Any) -> bool:
    """A unit manager whose unit is responsible for the indicator's goal."""
    if not (user.is_authenticated and user.role == Role.UNIT_MANAGER and user.unit_id is not None):
        return False
    goal = getattr(indicator, "goal", None)
    return goal is not None and goal.responsible_unit_id == user.unit_id


def _organisation(indicator: Any) -> Any:
    return indicator.goal.aim.plan.process if indicator is not None else None


@rules.predicate
def manages_indicator_organisation(user: Any, indicator: Any) -> bool:
    return bool(can_manage_organisation(user, _organisation(indicator)))


@rules.predicate
def staff_of_indicator_organisation(user: Any, indicator: Any) -> bool:
    return bool(is_staff_member(user) and in_same_organisation(user, _organisation(indicator)))


rules.add_perm(ENTER, manages_goal_unit | manages_indicator_organisation)
rules.add_perm(REVIEW, manages_indicator_organisation)
rules.add_perm(VIEW, is_platform_admin | staff_of_indicator_organisation)
