"""What the opinions app contributes to the registries of the apps below it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from ortakakil.processes.switches import register_switch


def register() -> None:
    register_switch("opinions", gettext_lazy("Opinion map (voting on statements)"))
