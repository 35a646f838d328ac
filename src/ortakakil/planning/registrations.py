"""What the plan registers into the apps below it: what became of each contribution."""

from __future__ import annotations

from ortakakil.processes import traceability


def register() -> None:
    from .selectors import fates

    traceability.register(fates)
