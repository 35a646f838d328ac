"""What the portfolio adds to the platform from ``PortfolioConfig.ready()``: the ``budget_voting``
phase switch that opens participatory-budgeting votes."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from ortakakil.processes.switches import register_switch

BUDGET_VOTING = "budget_voting"


def register() -> None:
    register_switch(BUDGET_VOTING, gettext_lazy("Participatory budgeting votes"))
