import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tests.factories import PhaseFactory, PreparationTaskFactory, ProcessFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_a_plan_covers_exactly_five_years():
    process = ProcessFactory.build(start_year=2020, end_year=2023)
    with pytest.raises(ValidationError) as error:
        process.full_clean(exclude=["organisation"])
    assert error.value.message_dict["end_year"] == ["Stratejik plan beş yılı kapsar: son yıl 2024 olmalıdır."]


def test_a_phase_cannot_end_before_it_starts(process):
    phase = PhaseFactory.build(process=process, kind="onay", starts_on=dt.date(2020, 2, 1), ends_on=dt.date(2020, 1, 1))
    with pytest.raises(ValidationError) as error:
        phase.full_clean()
    assert "ends_on" in error.value.message_dict


def test_unknown_switches_are_rejected(process):
    phase = PhaseFactory.build(process=process, kind="onay", switches=["proposals", "teleport"])
    with pytest.raises(ValidationError) as error:
        phase.full_clean()
    assert "teleport" in error.value.message_dict["switches"][0]


def test_switches_follow_the_current_phase(process):
    assert process.is_open("proposals") is True
    assert process.is_open("surveys") is False
    process.current_phase = process.phases.get(kind="hazirlik")
    assert process.is_open("proposals") is False


def test_is_open_refuses_a_switch_nobody_declared(process):
    with pytest.raises(KeyError):
        process.is_open("teleport")


def test_a_process_without_current_phase_has_everything_closed(process):
    process.current_phase = None
    assert process.is_open("proposals") is False


def test_task_unit_must_belong_to_the_process_organisation(process):
    foreign_unit = UnitFactory()
    task = PreparationTaskFactory.build(process=process, owner_unit=foreign_unit)
    with pytest.raises(ValidationError) as error:
        task.full_clean()
    assert "owner_unit" in error.value.message_dict


def test_task_overdue_only_when_not_done(process, unit):
    task = PreparationTaskFactory(process=process, owner_unit=unit, due_on=dt.date(2024, 6, 30))
    assert task.is_overdue(dt.date(2024, 7, 1)) is True
    task.status = "done"
    assert task.is_overdue(dt.date(2024, 7, 1)) is False
