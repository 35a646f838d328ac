"""Object permissions for proposals."""

from __future__ import annotations

from typing import Any

import rules

from ortakakil.core.models import Role
from ortakakil.core.rules import add_participation_perm, can_manage_organisation, in_same_organisation


@rules.predicate
def is_author(user: Any, proposal: Any) -> bool:
    return bool(user.is_authenticated and proposal is not None and proposal.author_id == user.pk)


@rules.predicate
def is_unit_manager(user: Any) -> bool:
    return bool(user.is_authenticated and user.role == Role.UNIT_MANAGER and user.unit_id is not None)


@rules.predicate
def assigned_to_my_unit(user: Any, proposal: Any) -> bool:
    """The proposal is assigned (triage) to the unit the user manages."""
    return bool(
        user.is_authenticated
        and user.role == Role.UNIT_MANAGER
        and user.unit_id is not None
        and getattr(proposal, "assigned_unit_id", None) == user.unit_id
    )


# Object: a Process for create, a Proposal otherwise. Verified accounts only (core.rules.is_participant).
add_participation_perm("proposals.create")
add_participation_perm("proposals.support")
add_participation_perm("proposals.comment")
add_participation_perm("proposals.report")
rules.add_perm("proposals.edit", is_author)
# Following only sends the person notifications: any active account may follow.
rules.add_perm("proposals.follow", rules.is_active)
# Staff of the organisation running the process: official answers, merging, moderation, import.
# Object: a Proposal (or a Process: the strategy team's right). Unit managers answer what triage
# assigned to their unit.
rules.add_perm("proposals.answer", can_manage_organisation | (assigned_to_my_unit & in_same_organisation))
# Triage (Öneri değerlendirme): the strategy team assigns, hides and sees all; unit managers see
# their unit's proposals and answer them (object: a Process).
rules.add_perm("proposals.assign", can_manage_organisation)
rules.add_perm("proposals.triage", can_manage_organisation | (is_unit_manager & in_same_organisation))
rules.add_perm("proposals.merge", can_manage_organisation)
rules.add_perm("proposals.moderate", can_manage_organisation)
rules.add_perm("proposals.import", can_manage_organisation)
