"""What the portfolio holds about a person, for «Verilerim» (``core.personal_data``): their
participatory-budgeting ballots. Registered from ``portfolio/registrations.py``.

Erasure keeps the ballots (linked to the account's tombstone, which names no one), so a round's
count does not change after it closed; exports never name voters (``counting.round_election``
numbers them).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _

from ortakakil.core.models import User
from ortakakil.core.personal_data import PersonalDataSource, Section, local_time, section

from .models import Ballot, Project

RELATIONS = {"portfolio.Ballot.voter": "budget_ballots"}


def sections(user: User) -> list[Section]:
    ballots = list(Ballot.objects.filter(voter=user).select_related("round__process").order_by("created_at", "pk"))
    titles = dict(
        Project.objects.filter(pk__in={int(pk) for b in ballots for pk in b.choices}).values_list("pk", "title")
    )

    def chosen(ballot: Ballot) -> str:
        return "; ".join(
            f"{titles.get(int(pk), pk)}" + (f" ({points})" if points != 1 else "")
            for pk, points in ballot.choices.items()
        )

    return [
        section(
            "budget_ballots",
            _("Your participatory-budgeting ballots"),
            [
                ("round", _("Vote")),
                ("process", _("Process")),
                ("choices", _("Your choices")),
                ("updated_at", _("Last cast")),
            ],
            ballots,
            lambda b: {
                "round": b.round.title,
                "process": b.round.process.title,
                "choices": chosen(b),
                "updated_at": local_time(b.updated_at),
            },
        )
    ]


def without_contributions(users: QuerySet[User]) -> QuerySet[User]:
    """``users`` without those who cast a ballot."""
    return users.exclude(Exists(Ballot.objects.filter(voter=OuterRef("pk"))))


SOURCE = PersonalDataSource(
    key="portfolio",
    order=60,
    sections=sections,
    relations=RELATIONS,
    without_contributions=without_contributions,
)
