"""What the surveys app holds about a person, for «Verilerim» (``core.personal_data``): the answers
to signed surveys. Anonymous answers are not linked to anyone. Registered from
``surveys/registrations.py``."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _

from ortakakil.core.models import User
from ortakakil.core.personal_data import PersonalDataSource, Section, local_time, section

from .models import Response


def sections(user: User) -> list[Section]:
    return [
        section(
            "survey_responses",
            _("Your survey answers"),
            [("survey", _("Survey")), ("answers", _("Answers")), ("created_at", _("Date"))],
            Response.objects.filter(respondent=user).select_related("survey").order_by("created_at", "pk"),
            lambda r: {"survey": r.survey.title, "answers": r.answers, "created_at": local_time(r.created_at)},
            note=_(
                "Answers to anonymous surveys are stored without your name or account, so they cannot be shown "
                "here; only a one-way key is kept so that nobody answers the same survey twice."
            ),
        )
    ]


def without_contributions(users: QuerySet[User]) -> QuerySet[User]:
    """``users`` without those who answered a signed survey."""
    return users.exclude(Exists(Response.objects.filter(respondent=OuterRef("pk"))))


SOURCE = PersonalDataSource(
    key="surveys",
    order=20,
    sections=sections,
    relations={"surveys.Response.respondent": "survey_responses"},
    without_contributions=without_contributions,
)
