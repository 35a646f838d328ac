"""Object permissions for the opinion map. Object: a Conversation (or its Process)."""

from __future__ import annotations

import rules

from ortakakil.core.rules import add_participation_perm, can_manage_organisation

# Create conversations, write and pick seed statements, moderate, import and export Pol.is
# files, close a conversation: the strategy team of the process's organisation.
rules.add_perm("opinions.manage", can_manage_organisation)
# Vote and submit statements with an account: every verified account (phones at a workshop vote
# as a checked-in participant, without an account, under the workshop's phone rules).
add_participation_perm("opinions.vote")
