"""What the opinions app contributes to the registries of the apps below it: the ``opinions``
phase switch, its kinds of write for the rate limits, its sections of «Verilerim», and the link
from a workshop table's phone page to voting on the workshop's conversation."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ortakakil.core import links, ratelimit
from ortakakil.core.personal_data import register_personal_data
from ortakakil.processes.switches import register_switch


def _table_vote_link(table: Any) -> list[links.ShownLink]:
    """«Vote on the workshop's statements» on the phone page when the workshop runs a conversation."""
    from .selectors import conversation_of_table

    conversation = conversation_of_table(table)
    if conversation is None:
        return []
    return [
        links.ShownLink(
            key=f"conversation-{conversation.pk}",
            label=_("Vote on the statements: %(title)s") % {"title": conversation.title},
            url=reverse("conversation_table_vote", kwargs={"code": table.code}),
        )
    ]


def register() -> None:
    from ortakakil.workshops.phone_links import register_phone_links

    from .personal_data import SOURCE
    from .voting import STATEMENT_SCOPE, VOTE_SCOPE, statement_rates, vote_rates

    register_switch("opinions", gettext_lazy("Opinion map (voting on statements)"))
    ratelimit.register_scope(VOTE_SCOPE, vote_rates)
    ratelimit.register_scope(STATEMENT_SCOPE, statement_rates)
    register_personal_data(SOURCE)
    register_phone_links("opinions", _table_vote_link)
