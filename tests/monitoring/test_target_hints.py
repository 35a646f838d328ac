"""«Verilerin ışığında yeni hedefler» in the plan-update editor: an update's indicator is offered
targets from the trend of the plan in force's values, and the editor can copy them into its form."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from ortakakil.monitoring import forecast
from ortakakil.monitoring.services import measurement_approve, measurement_enter, measurement_submit
from ortakakil.planning import services as planning_services
from ortakakil.planning.models import Indicator
from ortakakil.planning.target_hints import hint_for

pytestmark = pytest.mark.django_db

VALUES = {"2025-H1": 38.5, "2025": 39.0, "2026-H1": 39.5}


@pytest.fixture
def measured(plan, indicator, strategist):
    for period, value in VALUES.items():
        entered = measurement_enter(actor=strategist, indicator=indicator, period=period, data={"value": value})
        measurement_approve(actor=strategist, measurement=measurement_submit(actor=strategist, measurement=entered))
    return indicator


@pytest.fixture
def update(plan, measured, strategist):
    return planning_services.plan_start_update(actor=strategist, plan=plan)


def test_an_indicator_of_the_plan_in_force_gets_no_hint(measured):
    assert hint_for(measured) is None


def test_an_update_indicator_gets_the_trend_of_the_plan_in_force(update, measured):
    copy = Indicator.objects.get(goal__aim__plan=update, code=measured.code)
    hint = hint_for(copy)
    assert hint is not None
    years = [int(y) for y in copy.targets if y not in VALUES]
    assert hint.targets == forecast.suggest_targets(VALUES, years=years, direction=copy.direction)
    assert "2025" not in hint.targets and "2026" in hint.targets
    assert "2025-H1" in hint.basis and "2026-H1" in hint.basis


def test_no_hint_without_three_values(plan, indicator, strategist):
    entered = measurement_enter(actor=strategist, indicator=indicator, period="2025", data={"value": 39})
    measurement_approve(actor=strategist, measurement=measurement_submit(actor=strategist, measurement=entered))
    update = planning_services.plan_start_update(actor=strategist, plan=plan)
    assert hint_for(Indicator.objects.get(goal__aim__plan=update, code=indicator.code)) is None


def test_the_editor_shows_the_hint_and_copies_it_into_the_form(client, update, measured, strategist):
    copy = Indicator.objects.select_related("goal").get(goal__aim__plan=update, code=measured.code)
    hint = hint_for(copy)
    url = reverse(
        "manage:plan_indicator_edit",
        kwargs={"slug": update.process.slug, "code": copy.goal.code, "indicator": copy.code},
    )
    client.force_login(strategist)
    page = client.get(url).content.decode()
    assert _("Suggested targets in the light of the data") in page
    assert _("Copy the suggested targets into the form") in page
    year, value = next(iter(hint.targets.items()))
    original = copy.targets[year]
    assert value != original

    page = client.get(url + "?suggested=1").content.decode()
    assert _("The suggested targets are in the form below: review them and save, or cancel.") in page
    field = f'name="indicator-target_{year}"'
    tag = page[page.index(field) - 200 : page.index(field) + 200]
    assert f'value="{value:g}"' in tag
    # Nothing is saved until the form is sent.
    copy.refresh_from_db()
    assert copy.targets[year] == original


def test_an_approved_plan_shows_no_hint(client, measured, strategist):
    url = reverse(
        "manage:plan_indicator_edit",
        kwargs={"slug": measured.goal.aim.plan.process.slug, "code": measured.goal.code, "indicator": measured.code},
    )
    client.force_login(strategist)
    page = client.get(url + "?suggested=1").content.decode()
    assert _("Suggested targets in the light of the data") not in page
