"""Object permissions for proposals."""

from __future__ import annotations

from typing import Any

import rules

from ortakakil.core.rules import add_participation_perm, can_manage_organisation


@rules.predicate
def is_author(user: Any, proposal: Any) -> bool:
    return bool(user.is_authenticated and proposal is not None and proposal.author_id == user.pk)


# Object: a Process for create, a Proposal otherwise. Verified accounts only (core.rules.is_participant).
add_participation_perm("proposals.create")
add_participation_perm("proposals.support")
add_participation_perm("proposals.comment")
add_participation_perm("proposals.report")
rules.add_perm("proposals.edit", is_author)
# Following only sends the person notifications: any active account may follow.
rules.add_perm("proposals.follow", rules.is_active)
# Staff of the organisation running the process: official answers, merging, moderation, import.
rules.add_perm("proposals.answer", can_manage_organisation)
rules.add_perm("proposals.merge", can_manage_organisation)
rules.add_perm("proposals.moderate", can_manage_organisation)
rules.add_perm("proposals.import", can_manage_organisation)
