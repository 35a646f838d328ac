"""Per-phase switches: which platform features are open while a phase is current.

A phase stores the keys of the switches it turns on; capabilities ask the process
(``process.is_open("proposals")``) rather than reading dates, so the strategy team decides
when something opens by moving the current phase (Decidim's step settings work the same way).

A capability registers its switches when it lands, from its ``AppConfig.ready()``
(``register_switch("proposals", _("New proposals"))``): only registered switches can be chosen in
the back office or shown to the public, so the platform never promises a feature it does not have.
"""

from __future__ import annotations

from django.utils.functional import Promise

SWITCHES: dict[str, Promise | str] = {}
"""The registered switches, in registration order: key → label."""


def register_switch(key: str, label: Promise | str) -> None:
    """Make ``key`` a switch phases can turn on (idempotent: apps may be loaded twice in tests)."""
    SWITCHES[key] = label


def switch_choices() -> list[tuple[str, Promise | str]]:
    return list(SWITCHES.items())


def unknown_switches(keys: list[str]) -> list[str]:
    return [key for key in keys if key not in SWITCHES]


def known_switches(keys: list[str]) -> list[str]:
    """``keys`` without the switches no capability has registered (left from an older setup)."""
    return [key for key in keys if key in SWITCHES]
