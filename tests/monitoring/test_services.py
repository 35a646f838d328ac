"""Entering, submitting, approving and returning measurements: who may, in which state, and what
an approval locks and feeds."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ortakakil.core.models import Role
from ortakakil.monitoring import services
from ortakakil.monitoring.models import Measurement

pytestmark = pytest.mark.django_db


def enter(actor, indicator, period="2025-H1", **data):
    return services.measurement_enter(
        actor=actor, indicator=indicator, period=period, data={"value": 40, "note": "Sayım sonuçları", **data}
    )


def test_the_goal_unit_enters_and_corrects_a_value_then_submits_it(transport_manager, indicator):
    measurement = enter(transport_manager, indicator)
    assert (measurement.state, measurement.value, measurement.entered_by) == ("draft", 40.0, transport_manager)
    again = enter(transport_manager, indicator, value="41,5".replace(",", "."))
    assert again.pk == measurement.pk and again.value == 41.5
    submitted = services.measurement_submit(actor=transport_manager, measurement=again)
    assert submitted.state == "submitted" and submitted.submitted_at is not None
    with pytest.raises(ValidationError):
        enter(transport_manager, indicator, value=42)


def test_another_unit_or_a_citizen_cannot_enter(other_manager, make_user, indicator):
    with pytest.raises(PermissionDenied):
        enter(other_manager, indicator)
    with pytest.raises(PermissionDenied):
        enter(make_user(Role.CITIZEN), indicator)
    assert not Measurement.objects.exists()


def test_the_strategy_team_may_enter_for_any_unit(strategist, indicator):
    assert enter(strategist, indicator).entered_by == strategist


@pytest.mark.parametrize(
    ("period", "value", "field"),
    [
        ("2025-H2", 40, "period"),
        ("25", 40, "period"),
        ("2031", 40, "period"),  # no target that year
        ("2025", "kırk", "value"),
        ("2025", "nan", "value"),
        ("2025", "1e300", "value"),
        ("2025", None, "value"),
    ],
)
def test_bad_periods_and_values_are_refused_in_turkish(transport_manager, indicator, period, value, field):
    with pytest.raises(ValidationError) as error:
        enter(transport_manager, indicator, period=period, value=value)
    assert field in error.value.message_dict
    assert not Measurement.objects.exists()


def test_a_long_note_is_refused(transport_manager, indicator):
    with pytest.raises(ValidationError):
        enter(transport_manager, indicator, note="ş" * 2001)


def test_approval_locks_the_value_and_feeds_the_indicator_actuals(transport_manager, strategist, indicator):
    measurement = services.measurement_submit(actor=transport_manager, measurement=enter(transport_manager, indicator))
    with pytest.raises(PermissionDenied):
        services.measurement_approve(actor=transport_manager, measurement=measurement)
    approved = services.measurement_approve(actor=strategist, measurement=measurement)
    assert approved.state == "approved" and approved.is_locked and approved.reviewed_by == strategist
    indicator.refresh_from_db()
    assert indicator.actuals["2025-H1"] == 40.0
    with pytest.raises(ValidationError):
        enter(transport_manager, indicator, value=99)
    with pytest.raises(ValidationError):
        services.measurement_submit(actor=transport_manager, measurement=approved)
    with pytest.raises(ValidationError):
        services.measurement_return(actor=strategist, measurement=approved, comment="Yeniden bakın")
    approved.refresh_from_db()
    assert approved.value == 40.0 and approved.state == "approved"


def test_a_returned_value_carries_the_comment_and_can_be_corrected(transport_manager, strategist, indicator):
    measurement = services.measurement_submit(actor=transport_manager, measurement=enter(transport_manager, indicator))
    with pytest.raises(ValidationError):
        services.measurement_return(actor=strategist, measurement=measurement, comment="  ")
    returned = services.measurement_return(
        actor=strategist, measurement=measurement, comment="Kanıt belgesi eksik; sayım tutanağını ekleyin."
    )
    assert returned.state == "returned" and "tutanağını" in returned.review_comment
    corrected = enter(transport_manager, indicator, value=39, evidence_link="https://veri.ankara.bel.tr/sayim")
    assert corrected.state == "returned" and corrected.value == 39
    assert services.measurement_submit(actor=transport_manager, measurement=corrected).state == "submitted"
    indicator.refresh_from_db()
    assert "2025-H1" not in (indicator.actuals or {})


def test_only_a_submitted_value_is_approved(strategist, transport_manager, indicator):
    with pytest.raises(ValidationError):
        services.measurement_approve(actor=strategist, measurement=enter(transport_manager, indicator))


def test_history_records_who_did_what(transport_manager, strategist, indicator):
    measurement = services.measurement_submit(actor=transport_manager, measurement=enter(transport_manager, indicator))
    services.measurement_approve(actor=strategist, measurement=measurement)
    authors = [(h.state, h.history_user) for h in measurement.history.order_by("history_date")]
    assert authors == [("draft", transport_manager), ("submitted", transport_manager), ("approved", strategist)]


def test_values_wait_for_the_plan_s_approval(strategist, draft_plan):
    from ortakakil.planning.models import Indicator

    draft_indicator = Indicator.objects.get(goal__aim__plan=draft_plan, code="PG1.1.1")
    with pytest.raises(ValidationError):
        enter(strategist, draft_indicator)
    assert not Measurement.objects.exists()


def test_plan_periods_follow_the_targets(indicator):
    assert services.plan_periods(indicator)[:3] == ["2025-H1", "2025", "2026-H1"]
    assert len(services.plan_periods(indicator)) == 10


def test_the_evaluation_from_approved_values_equals_the_pure_rules_on_the_exported_plan(
    transport_manager, strategist, indicator, plan
):
    from ortakakil.monitoring import realisation, selectors
    from ortakakil.planning.selectors import plan_as_dict

    before = selectors.evaluation(plan, "2025-H1")
    assert before.indicators["PG1.1.1"].rate is None and before.goals["H1.1"] is None
    assert "PG1.1.1" in before.missing["H1.1"]
    measurement = services.measurement_submit(
        actor=transport_manager, measurement=enter(transport_manager, indicator, value=38.5)
    )
    assert selectors.evaluation(plan, "2025-H1").indicators["PG1.1.1"].rate is None  # not approved yet
    services.measurement_approve(actor=strategist, measurement=measurement)
    after = selectors.evaluation(plan, "2025-H1")
    assert after.indicators["PG1.1.1"].rate == pytest.approx(50.0)  # (38.5 − 38) / (39 − 38) × 100
    data = plan_as_dict(plan)
    for aim in data["aims"]:
        for goal in aim["goals"]:
            for item in goal["indicators"]:
                item.setdefault("actuals", {})
    assert realisation.evaluate(data, "2025-H1").as_json() == after.as_json()


def test_the_review_queue_and_a_units_indicators(transport_manager, other_manager, strategist, indicator, plan):
    from ortakakil.monitoring import selectors

    mine = list(selectors.indicators_of(transport_manager, plan))
    assert indicator in mine and all(i.goal.responsible_unit_id == transport_manager.unit_id for i in mine)
    assert list(selectors.indicators_of(other_manager, plan)) == []
    assert len(selectors.indicators_of(strategist, plan)) > len(mine)
    services.measurement_submit(actor=transport_manager, measurement=enter(transport_manager, indicator))
    assert [m.indicator for m in selectors.review_queue(plan.process)] == [indicator]
    rows = selectors.entries(transport_manager, plan, "2026")
    assert rows[0].target is not None and rows[0].measurement is None


def test_early_warning_and_suggested_targets_from_approved_values(transport_manager, strategist, plan):
    from ortakakil.monitoring import selectors
    from ortakakil.planning.models import Indicator

    # PG1.1.2: baseline 14, targets 13 (2025) … 9 (2029), decreasing; it falls by 0.1 a half-year
    # (PG1.1.1 has two values from the plan file: no trend, no projection)
    falling = Indicator.objects.get(goal__aim__plan=plan, code="PG1.1.2")
    for period, value in [("2025-H1", 13.9), ("2025", 13.8), ("2026-H1", 13.7)]:
        assert selectors.projections(plan) == []  # fewer than three approved values
        measurement = enter(transport_manager, falling, period=period, value=value)
        measurement = services.measurement_submit(actor=transport_manager, measurement=measurement)
        services.measurement_approve(actor=strategist, measurement=measurement)
    warnings = selectors.projections(plan)
    assert [w.indicator.code for w in warnings] == ["PG1.1.2"]
    projection = warnings[0].projection
    assert (projection.year, projection.target, projection.misses) == (2026, 12, True)
    assert projection.value == pytest.approx(13.6)
    suggested = selectors.suggested_targets(plan)["PG1.1.2"]
    assert suggested == {"2026": 13.6, "2027": 13.4, "2028": 13.2, "2029": 13.0}
