"""Object permissions for proposals."""

from __future__ import annotations

from typing import Any

import rules

from ortakakil.core.rules import can_manage_organisation


@rules.predicate
def is_signed_in(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active)


@rules.predicate
def is_author(user: Any, proposal: Any) -> bool:
    return bool(user.is_authenticated and proposal is not None and proposal.author_id == user.pk)


# Object: a Process for create, a Proposal otherwise.
rules.add_perm("proposals.create", is_signed_in)
rules.add_perm("proposals.support", is_signed_in)
rules.add_perm("proposals.comment", is_signed_in)
rules.add_perm("proposals.report", is_signed_in)
rules.add_perm("proposals.edit", is_author)
# Staff of the organisation running the process: official answers, merging, moderation, import.
rules.add_perm("proposals.answer", can_manage_organisation)
rules.add_perm("proposals.merge", can_manage_organisation)
rules.add_perm("proposals.moderate", can_manage_organisation)
rules.add_perm("proposals.import", can_manage_organisation)
