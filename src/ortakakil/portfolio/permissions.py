"""Who may do what in the portfolio (``rules`` object permissions).

* ``portfolio.vote`` — every verified account (``core.rules.is_participant``); the object is the
  ``BudgetRound``.
* ``portfolio.manage`` — the strategy team of the process's organisation and the platform
  administrators; the object is the ``Process``.
"""

from __future__ import annotations

import rules

from ortakakil.core.rules import add_participation_perm, can_manage_organisation

VOTE = "portfolio.vote"
MANAGE = "portfolio.manage"


def register() -> None:
    add_participation_perm(VOTE)
    if not rules.perm_exists(MANAGE):
        rules.add_perm(MANAGE, can_manage_organisation)
