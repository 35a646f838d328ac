"""What the portfolio adds to the platform from ``PortfolioConfig.ready()``: the ``budget_voting``
phase switch that opens participatory-budgeting votes, and the permissions (``permissions.py``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from ortakakil.processes.switches import register_switch

BUDGET_VOTING = "budget_voting"


def register() -> None:
    from ortakakil.core.personal_data import register_personal_data

    from . import permissions
    from .personal_data import SOURCE

    register_switch(BUDGET_VOTING, gettext_lazy("Participatory budgeting votes"))
    permissions.register()
    register_personal_data(SOURCE)
