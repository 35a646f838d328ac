"""Writes for processes, phases, themes and the preparation programme.

Each service checks the permission (``processes.rules``), validates, saves inside a
transaction and records the actor in the object's history, so the web back office, the
API and the CLI behave identically.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from ortakakil.core.models import Organisation, User
from ortakakil.core.services import assign, audited_delete, audited_save, require_perm

from .models import Phase, PreparationTask, Process, Theme

MANAGE = "processes.manage_process"


@transaction.atomic
def process_create(*, actor: User, organisation: Organisation, data: Mapping[str, Any]) -> Process:
    require_perm(actor, "processes.create_process", organisation)
    process = Process(organisation=organisation)
    assign(process, data)
    return audited_save(process, actor=actor)


@transaction.atomic
def process_update(*, actor: User, process: Process, data: Mapping[str, Any]) -> Process:
    require_perm(actor, MANAGE, process)
    changed = assign(process, data)
    if not changed:
        return process
    return audited_save(process, actor=actor, update_fields=[*changed, "updated_at"])


@transaction.atomic
def phase_create(*, actor: User, process: Process, data: Mapping[str, Any]) -> Phase:
    require_perm(actor, MANAGE, process)
    phase = Phase(process=process)
    assign(phase, data)
    return audited_save(phase, actor=actor)


@transaction.atomic
def phase_update(*, actor: User, phase: Phase, data: Mapping[str, Any]) -> Phase:
    require_perm(actor, MANAGE, phase.process)
    changed = assign(phase, data)
    if not changed:
        return phase
    return audited_save(phase, actor=actor, update_fields=changed)


@transaction.atomic
def phase_delete(*, actor: User, phase: Phase) -> None:
    require_perm(actor, MANAGE, phase.process)
    if phase.is_current:
        raise ValidationError(_("The current phase cannot be deleted; make another phase current first."))
    audited_delete(phase, actor=actor)


@transaction.atomic
def phase_make_current(*, actor: User, phase: Phase) -> Process:
    """Make ``phase`` the current one: the switches of the new phase take effect at once."""
    process = Process.objects.select_for_update().get(pk=phase.process_id)
    require_perm(actor, MANAGE, process)
    if process.current_phase_id == phase.pk:
        return process
    process.current_phase = phase
    return audited_save(process, actor=actor, update_fields=["current_phase", "updated_at"])


@transaction.atomic
def theme_create(*, actor: User, process: Process, data: Mapping[str, Any]) -> Theme:
    require_perm(actor, MANAGE, process)
    theme = Theme(process=process)
    assign(theme, data)
    if "position" not in data:
        theme.position = process.themes.count() + 1
    return audited_save(theme, actor=actor)


@transaction.atomic
def theme_update(*, actor: User, theme: Theme, data: Mapping[str, Any]) -> Theme:
    require_perm(actor, MANAGE, theme.process)
    changed = assign(theme, data)
    if not changed:
        return theme
    return audited_save(theme, actor=actor, update_fields=changed)


@transaction.atomic
def theme_delete(*, actor: User, theme: Theme) -> None:
    require_perm(actor, MANAGE, theme.process)
    try:
        with transaction.atomic():
            audited_delete(theme, actor=actor)
    except ProtectedError as error:  # proposals and workshop tables keep their theme (PROTECT)
        raise ValidationError(
            _("This theme cannot be deleted: proposals or workshop tables still belong to it.")
        ) from error


@transaction.atomic
def task_create(*, actor: User, process: Process, data: Mapping[str, Any]) -> PreparationTask:
    require_perm(actor, MANAGE, process)
    task = PreparationTask(process=process)
    assign(task, data)
    return audited_save(task, actor=actor)


@transaction.atomic
def task_update(*, actor: User, task: PreparationTask, data: Mapping[str, Any]) -> PreparationTask:
    require_perm(actor, MANAGE, task.process)
    changed = assign(task, data)
    if not changed:
        return task
    return audited_save(task, actor=actor, update_fields=changed)


@transaction.atomic
def task_set_status(*, actor: User, task: PreparationTask, status: str) -> PreparationTask:
    """Unit managers may move their own unit's tasks; the strategy team may move any."""
    require_perm(actor, "processes.update_task_status", task)
    if status not in PreparationTask.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    if task.status == status:
        return task
    task.status = status
    return audited_save(task, actor=actor, update_fields=["status"])


@transaction.atomic
def task_delete(*, actor: User, task: PreparationTask) -> None:
    require_perm(actor, MANAGE, task.process)
    audited_delete(task, actor=actor)
