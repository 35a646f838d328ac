"""Object permissions for processes, phases, themes and the preparation programme."""

from __future__ import annotations

import rules

from ortakakil.core.rules import can_manage_organisation, is_platform_admin, manages_owner_unit

# Manage a process and everything in it (phases, themes, tasks). Object: a Process,
# or an Organisation when creating a new process.
rules.add_perm("processes.manage_process", can_manage_organisation)
rules.add_perm("processes.create_process", is_platform_admin | can_manage_organisation)
# Update the status of one preparation task. Object: a PreparationTask.
rules.add_perm("processes.update_task_status", can_manage_organisation | manages_owner_unit)
