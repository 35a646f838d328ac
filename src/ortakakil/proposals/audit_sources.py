"""What proposals add to the audit log (``core.audit``).

* answers: every official answer (``Answer``: single or from the bulk answer job, with its author),
  and the triage's assignments and state changes (``TriageEntry``; its answer and hide lines repeat
  an ``Answer`` or a ``ModerationAction`` and are left out);
* moderation: every hide and restore, by a moderator or after reports (``ModerationAction``), and
  every merge (the merged proposal's first version, made by the person who merged).
"""

from __future__ import annotations

from typing import Any

from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ortakakil.core import audit

from .models import Answer, AnswerState, ModerationAction, Proposal, TriageEntry


def _proposal_label(proposal: Proposal | Any) -> str:
    """A proposal or one of its historical versions (whose ``pk`` is the version's, not the proposal's)."""
    return f"{_('Proposal')} #{proposal.id}: {proposal.title}"


def _answers(ids: list[int]) -> dict[int, audit.Detail]:
    rows = Answer.objects.filter(pk__in=ids).select_related("proposal__process")
    return {
        answer.pk: audit.Detail(
            action=_("answered"),
            object=_proposal_label(answer.proposal),
            url=answer.proposal.get_absolute_url(),
            process=str(answer.proposal.process),
            note=str(AnswerState(answer.state).label) + (f" — {answer.reason}" if answer.reason else ""),
        )
        for answer in rows
    }


TRIAGE_ACTIONS = {
    TriageEntry.Action.ASSIGN: gettext_lazy("assigned"),
    TriageEntry.Action.STATE: gettext_lazy("answer state changed"),
}


def _triage(ids: list[int]) -> dict[int, audit.Detail]:
    rows = TriageEntry.objects.filter(pk__in=ids).select_related("proposal__process")
    return {
        entry.pk: audit.Detail(
            action=str(TRIAGE_ACTIONS.get(TriageEntry.Action(entry.action), entry.get_action_display())),
            object=_proposal_label(entry.proposal),
            url=entry.proposal.get_absolute_url(),
            process=str(entry.proposal.process),
            note=entry.detail,
        )
        for entry in rows
    }


MODERATION_ACTIONS = {
    ModerationAction.Action.HIDE: gettext_lazy("was hidden"),
    ModerationAction.Action.RESTORE: gettext_lazy("was restored"),
    ModerationAction.Action.AUTO_HIDE: gettext_lazy("was hidden automatically after reports"),
}


def _moderation(ids: list[int]) -> dict[int, audit.Detail]:
    rows = ModerationAction.objects.filter(pk__in=ids).select_related("proposal__process", "comment__proposal__process")
    out = {}
    for action in rows:
        proposal = action.proposal if action.proposal is not None else action.comment.proposal  # type: ignore[union-attr]
        label = _proposal_label(proposal)
        if action.comment is not None:
            label = f"{_('Comment')} #{action.comment.pk} — {label}"
        out[action.pk] = audit.Detail(
            action=str(MODERATION_ACTIONS[ModerationAction.Action(action.action)]),
            object=label,
            url=proposal.get_absolute_url(),
            process=str(proposal.process),
            note=action.reason,
        )
    return out


def _merges(ids: list[int]) -> dict[int, audit.Detail]:
    records = list(Proposal.history.filter(history_id__in=ids).select_related("process"))
    merged_ids = {record.id for record in records}
    live = Proposal.objects.select_related("process").in_bulk(merged_ids)
    originals: dict[int, list[int]] = {}
    for pk, into in (
        Proposal.objects.filter(merged_into_id__in=merged_ids).order_by("pk").values_list("pk", "merged_into_id")
    ):
        originals.setdefault(into, []).append(pk)
    out = {}
    for record in records:
        proposal = live.get(record.id)
        out[record.history_id] = audit.Detail(
            action=_("merged"),
            object=_proposal_label(record),
            url=proposal.get_absolute_url() if proposal is not None else "",
            process=str(record.process) if record.process_id else "",
            note=_("Merged proposals: %(numbers)s")
            % {"numbers": ", ".join(f"#{pk}" for pk in originals.get(record.id, []))},
        )
    return out


def register() -> None:
    audit.register(
        audit.AuditSource(
            key="proposals.answer",
            area=audit.Area.ANSWERS,
            queryset=lambda: Answer.objects.all(),
            describe=_answers,
            when="created_at",
            actor="author_id",
            process="proposal__process_id",
            organisation="proposal__process__organisation_id",
            search=("proposal__title", "text"),
        )
    )
    audit.register(
        audit.AuditSource(
            key="proposals.triage",
            area=audit.Area.ANSWERS,
            queryset=lambda: TriageEntry.objects.filter(
                action__in=[TriageEntry.Action.ASSIGN, TriageEntry.Action.STATE]
            ),
            describe=_triage,
            when="created_at",
            actor="actor_id",
            process="proposal__process_id",
            organisation="proposal__process__organisation_id",
            search=("proposal__title", "detail"),
        )
    )
    audit.register(
        audit.AuditSource(
            key="proposals.moderation",
            area=audit.Area.MODERATION,
            queryset=lambda: ModerationAction.objects.annotate(
                a_process_id=Coalesce("proposal__process_id", "comment__proposal__process_id"),
                a_organisation_id=Coalesce(
                    "proposal__process__organisation_id", "comment__proposal__process__organisation_id"
                ),
            ),
            describe=_moderation,
            when="created_at",
            actor="moderator_id",
            process="a_process_id",
            organisation="a_organisation_id",
            search=("proposal__title", "comment__proposal__title", "reason"),
        )
    )
    audit.register(
        audit.AuditSource(
            key="proposals.merge",
            area=audit.Area.MODERATION,
            queryset=lambda: Proposal.history.filter(source=Proposal.Source.MERGE, history_type="+"),
            describe=_merges,
            when="history_date",
            actor="history_user_id",
            pk="history_id",
            process="process_id",
            organisation="process__organisation_id",
            search=("title",),
        )
    )
