"""Writes after the table's discussion (çalıştay sonrası): the facilitator's summary and closing
the table. The reports themselves are read by ``selectors`` and rendered by ``documents``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from ortakakil.core.models import User
from ortakakil.core.services import audited_save, require_perm
from ortakakil.core.validation import clean_optional_text

from .models import WorkshopTable
from .rules import table_open_or_managed

SUMMARY_MAX = 5000


def require_open_or_staff(actor: User, table: WorkshopTable, action: str) -> None:
    """Facilitators change an open table; once it is closed only the staff who manage the
    workshop may correct its record (every change is logged with its author)."""
    require_perm(actor, "workshops.facilitate", table)
    if not table_open_or_managed(actor, table):
        raise PermissionDenied(
            _("The table is closed: only the strategy team can %(action)s now, to correct the record.")
            % {"action": action}
        )


@transaction.atomic
def table_summary_save(*, actor: User, table: WorkshopTable, summary: str) -> WorkshopTable:
    """The facilitator's summary of the table's discussion, printed at the top of its report."""
    require_open_or_staff(actor, table, _("change the summary"))
    table.summary = clean_optional_text(summary, field="summary", label=_("The summary"), max_length=SUMMARY_MAX)
    saved = audited_save(table, actor=actor, update_fields=["summary"])
    report_changed(table)
    return saved


@transaction.atomic
def table_close(*, actor: User, table: WorkshopTable, close: bool = True) -> WorkshopTable:
    """Close a table (no more ideas or dots, no more changes by its facilitators), or reopen it
    (the strategy team only)."""
    require_perm(actor, "workshops.facilitate" if close else "workshops.manage", table if close else table.workshop)
    table.is_closed = close
    saved = audited_save(table, actor=actor, update_fields=["is_closed"])
    if close:
        report_changed(table)
    return saved


def report_changed(table: WorkshopTable) -> None:
    """Once the change is committed, render the workshop's and the table's PDF reports in the
    background, so the evening's downloads do not wait for them (``workshops.tasks``)."""
    from .tasks import reports_warm  # a huey task; imported late so that models load first

    workshop_id, table_id = table.workshop_id, table.pk
    transaction.on_commit(lambda: reports_warm(workshop_id, table_id))
