import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ortakakil.core.models import Role
from ortakakil.processes import services
from ortakakil.processes.models import Process, Theme
from tests.factories import OrganisationFactory, PreparationTaskFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_strategy_team_updates_its_process_and_history_records_who(process, strategist):
    services.process_update(actor=strategist, process=process, data={"slogan": "Kenti birlikte planlayalım"})
    process.refresh_from_db()
    assert process.slogan == "Kenti birlikte planlayalım"
    assert process.history.first().history_user == strategist


@pytest.mark.parametrize("role", [Role.CITIZEN, Role.STAKEHOLDER_REP, Role.FACILITATOR, Role.UNIT_MANAGER])
def test_other_roles_cannot_update_a_process_and_nothing_changes(process, make_user, unit, role):
    actor = make_user(role, unit=unit)
    with pytest.raises(PermissionDenied):
        services.process_update(actor=actor, process=process, data={"slogan": "Değişti"})
    assert Process.objects.get(pk=process.pk).slogan == process.slogan


def test_strategy_team_of_another_organisation_is_denied(process):
    outsider = UserFactory(role=Role.STRATEGY_TEAM, organisation=OrganisationFactory())
    with pytest.raises(PermissionDenied):
        services.theme_create(actor=outsider, process=process, data={"code": "YENI", "name": "Yeni"})
    assert not Theme.objects.filter(code="YENI").exists()


def test_platform_admin_may_manage_any_process(process):
    admin = UserFactory(role=Role.PLATFORM_ADMIN)
    theme = services.theme_create(actor=admin, process=process, data={"code": "YENI", "name": "Yeni Tema"})
    assert theme.position == 3


def test_theme_code_must_be_unique_in_the_process(process, strategist):
    with pytest.raises(ValidationError):
        services.theme_create(actor=strategist, process=process, data={"code": "AFET", "name": "İkinci afet"})
    assert process.themes.filter(code="AFET").count() == 1


def test_make_current_switches_what_is_open(process, strategist):
    preparation = process.phases.get(kind="hazirlik")
    services.phase_make_current(actor=strategist, phase=preparation)
    process.refresh_from_db()
    assert process.current_phase == preparation
    assert process.is_open("proposals") is False


def test_the_current_phase_cannot_be_deleted(process, strategist):
    with pytest.raises(ValidationError):
        services.phase_delete(actor=strategist, phase=process.current_phase)
    assert process.phases.count() == 2


def test_unit_manager_moves_own_unit_tasks_only(process, make_user, unit, other_unit):
    manager = make_user(Role.UNIT_MANAGER, unit=unit)
    own = PreparationTaskFactory(process=process, owner_unit=unit)
    foreign = PreparationTaskFactory(process=process, owner_unit=other_unit)

    services.task_set_status(actor=manager, task=own, status="done")
    with pytest.raises(PermissionDenied):
        services.task_set_status(actor=manager, task=foreign, status="done")

    own.refresh_from_db()
    foreign.refresh_from_db()
    assert (own.status, foreign.status) == ("done", "planned")


def test_unknown_task_status_is_refused(process, strategist, unit):
    task = PreparationTaskFactory(process=process, owner_unit=unit)
    with pytest.raises(ValidationError):
        services.task_set_status(actor=strategist, task=task, status="uzayda")
    task.refresh_from_db()
    assert task.status == "planned"


def test_task_create_validates_dates(process, strategist, unit):
    with pytest.raises(ValidationError) as error:
        services.task_create(
            actor=strategist,
            process=process,
            data={"title": "Ters", "owner_unit": unit, "starts_on": dt.date(2024, 5, 2), "due_on": dt.date(2024, 5, 1)},
        )
    assert "due_on" in error.value.message_dict
    assert not process.preparation_tasks.exists()
