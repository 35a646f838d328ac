"""Object permissions for the strategic plan. Object: a Plan (or its Process)."""

from __future__ import annotations

import rules

from ortakakil.core.rules import can_manage_organisation, in_same_organisation, is_platform_admin, is_staff_member

# Write the plan: the situation analysis, mission, vision, aims, goals, indicators, sources;
# submit, approve and update it. The strategy team of the process's organisation.
rules.add_perm("planning.manage_plan", can_manage_organisation)
# Read a plan that is not public yet (a draft) in the back office: every staff member of the
# organisation (unit managers read the goals their unit will own).
rules.add_perm("planning.view_plan", is_platform_admin | (is_staff_member & in_same_organisation))
