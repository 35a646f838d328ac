"""Object permissions for surveys."""

from __future__ import annotations

from ortakakil.core.rules import add_participation_perm

# Object: a Survey. Verified accounts only (core.rules.is_participant).
add_participation_perm("surveys.respond")
