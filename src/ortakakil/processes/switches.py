"""Per-phase switches: which platform features are open while a phase is current.

A phase stores the keys of the switches it turns on; later capabilities ask the
process (``process.is_open("proposals")``) rather than reading dates, so the strategy
team decides when something opens by moving the current phase (Decidim's step
settings work the same way). New capabilities add their key here.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

SWITCHES: dict[str, Promise] = {
    "proposals": _("New proposals"),
    "supports": _("Supporting proposals"),
    "comments": _("Comments"),
    "surveys": _("Surveys"),
    "workshops": _("Workshop registration and idea capture"),
    "opinions": _("Voting on statements"),
    "budget_voting": _("Project (budget) voting"),
    "monitoring_public": _("Public monitoring scoreboard"),
}


def switch_choices() -> list[tuple[str, Promise]]:
    return list(SWITCHES.items())


def unknown_switches(keys: list[str]) -> list[str]:
    return [key for key in keys if key not in SWITCHES]
