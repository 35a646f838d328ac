"""Object permissions for surveys."""

from __future__ import annotations

import rules

from ortakakil.core.rules import add_participation_perm, can_manage_organisation

# Object: a Survey. Verified accounts only (core.rules.is_participant).
add_participation_perm("surveys.respond")

# Object: a Process. Create, edit, preview and delete its surveys and their questions: the
# strategy team of the process's organisation and the platform administrators.
MANAGE = "surveys.manage"
if not rules.perm_exists(MANAGE):
    rules.add_perm(MANAGE, can_manage_organisation)
