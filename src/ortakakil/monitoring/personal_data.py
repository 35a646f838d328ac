"""What monitoring holds about a person, for «Verilerim» (``core.personal_data``): the indicator
values they entered and those they reviewed — work done for the municipality, shown as staff
sections. Registered from ``monitoring/registrations.py``.

Erasure keeps the values (the plan's realisation and its reports rest on them); they stay linked
to the account's tombstone, which names no one.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from ortakakil.core.models import User
from ortakakil.core.personal_data import PersonalDataSource, Section, local_time, section

from .models import Measurement

RELATIONS = {
    "monitoring.Measurement.entered_by": "measurements_entered",
    "monitoring.Measurement.reviewed_by": "measurements_reviewed",
}


def _values(**lookup: User) -> list[Measurement]:
    return list(
        Measurement.objects.filter(**lookup)
        .select_related("indicator__goal__aim__plan__process")
        .order_by("created_at", "pk")
    )


def sections(user: User) -> list[Section]:
    columns = [
        ("indicator", _("Indicator")),
        ("process", _("Process")),
        ("period", _("Period")),
        ("value", _("Value")),
        ("state", _("State")),
    ]

    def row(m: Measurement) -> dict[str, object]:
        return {
            "indicator": f"{m.indicator.code} {m.indicator.title}",
            "process": m.indicator.goal.aim.plan.process.title,
            "period": m.period,
            "value": m.value,
            "state": m.get_state_display(),
        }

    return [
        section(
            "measurements_entered",
            _("Indicator values you entered"),
            [*columns, ("updated_at", _("Last changed"))],
            _values(entered_by=user),
            lambda m: {**row(m), "updated_at": local_time(m.updated_at)},
            staff=True,
        ),
        section(
            "measurements_reviewed",
            _("Indicator values you reviewed"),
            [*columns, ("reviewed_at", _("Date"))],
            _values(reviewed_by=user),
            lambda m: {**row(m), "reviewed_at": local_time(m.reviewed_at)},
            staff=True,
        ),
    ]


SOURCE = PersonalDataSource(key="monitoring", order=70, sections=sections, relations=RELATIONS)
