"""«Verilerim»: the values a person entered and those they reviewed."""

import pytest

from ortakakil.core.personal_data import personal_data
from ortakakil.monitoring import services

pytestmark = pytest.mark.django_db


def rows(user, key):
    return next(s for s in personal_data(user) if s.key == key).rows


def test_the_values_a_person_entered_and_reviewed_are_listed(transport_manager, strategist, indicator):
    measurement = services.measurement_enter(
        actor=transport_manager, indicator=indicator, period="2025-H1", data={"value": 41.5}
    )
    services.measurement_approve(
        actor=strategist, measurement=services.measurement_submit(actor=transport_manager, measurement=measurement)
    )
    entered = rows(transport_manager, "measurements_entered")
    assert [(r["indicator"].split()[0], r["period"], r["value"]) for r in entered] == [("PG1.1.1", "2025-H1", 41.5)]
    assert rows(transport_manager, "measurements_reviewed") == []
    assert [r["period"] for r in rows(strategist, "measurements_reviewed")] == ["2025-H1"]
