"""Writes of the staff triage («Öneri değerlendirme»): assign proposals to a unit and an evaluator,
change their answer state, hide them with a reason, answer them with a template (a background job,
``triage_jobs``), and keep saved views of the list.

Every action writes one ``TriageEntry`` per proposal; the lines of one bulk action share its
``batch``. Each action checks the permission on every proposal it touches and runs in one
transaction. The bulk answer runs in chunks (so its progress shows) and is idempotent per batch:
a proposal that already has an answer line of the batch is never answered twice.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ortakakil.core.models import STAFF_ROLES, Unit, User
from ortakakil.core.services import require_perm
from ortakakil.core.validation import clean_optional_text, clean_text
from ortakakil.processes.models import Process

from . import emails
from .models import (
    BODY_MAX,
    Answer,
    AnswerState,
    Follow,
    ModerationAction,
    Notification,
    Proposal,
    SavedView,
    TriageEntry,
)

TRIAGE_SCOPE = "proposal_triage"
"""Rate-limit scope of the triage writes (``core.ratelimit``)."""
BULK_MAX = 5000
"""Proposals one bulk action changes at most (the page says so when a filter matches more)."""
ANSWER_CHUNK = 100
SAVED_VIEWS_MAX = 50


def new_batch() -> str:
    return str(uuid.uuid4())


def _checked(actor: User, process: Process, proposals: Sequence[Proposal], perm: str) -> None:
    if not proposals:
        raise ValidationError(_("Choose at least one proposal."))
    if len(proposals) > BULK_MAX:
        raise ValidationError(_("At most %(n)d proposals can be changed at once.") % {"n": BULK_MAX})
    for proposal in proposals:
        if proposal.process_id != process.pk:
            raise PermissionDenied(_("You are not allowed to do this."))
        require_perm(actor, perm, proposal)


@dataclass(frozen=True)
class BulkResult:
    changed: int
    skipped: int
    batch: str


@transaction.atomic
def triage_assign(
    *,
    actor: User,
    process: Process,
    proposals: Sequence[Proposal],
    unit: Unit | None,
    evaluator: User | None,
    batch: str = "",
) -> BulkResult:
    """Assign proposals to a unit (an active unit of the process's organisation) and an evaluator
    (a staff member of it); ``None`` clears that side. Strategy team only (``proposals.assign``)."""
    _checked(actor, process, proposals, "proposals.assign")
    if unit is not None and (unit.organisation_id != process.organisation_id or not unit.is_active):
        raise ValidationError({"unit": _("Choose an active unit of this municipality.")})
    if evaluator is not None and (
        evaluator.organisation_id != process.organisation_id
        or evaluator.role not in STAFF_ROLES
        or not evaluator.is_active
    ):
        raise ValidationError({"evaluator": _("Choose a staff member of this municipality.")})
    batch = batch or new_batch()
    now = timezone.now()
    ids = [p.pk for p in proposals]
    Proposal.objects.filter(pk__in=ids).update(
        assigned_unit=unit, evaluator=evaluator, assigned_at=now if unit or evaluator else None, updated_at=now
    )
    detail = _("Unit: %(unit)s; evaluator: %(evaluator)s") % {
        "unit": unit.name if unit else "—",
        "evaluator": evaluator.display_name if evaluator else "—",
    }
    _log(actor, ids, TriageEntry.Action.ASSIGN, detail, batch)
    if evaluator is not None and evaluator.pk != actor.pk:
        _tell_evaluator(evaluator, proposals)
    return BulkResult(changed=len(ids), skipped=0, batch=batch)


def _tell_evaluator(evaluator: User, proposals: Sequence[Proposal]) -> None:
    """One notification per proposal (the worker e-mails them together: «N proposals were
    assigned to you»), unless it is the proposal's own author."""
    emails.notify(
        Notification(
            user=evaluator,
            proposal=proposal,
            kind=Notification.Kind.ASSIGNED,
            text=(_("Assigned to you for evaluation: %(title)s") % {"title": proposal.title})[:300],
        )
        for proposal in proposals
        if proposal.author_id != evaluator.pk
    )


@transaction.atomic
def triage_change_state(
    *, actor: User, process: Process, proposals: Sequence[Proposal], state: str, batch: str = ""
) -> BulkResult:
    """Set the answer state (e.g. «under review») without a new official answer; merged
    proposals are skipped (their state is their merged proposal's)."""
    _checked(actor, process, proposals, "proposals.answer")
    if state not in AnswerState.values:
        raise ValidationError({"state": _("Choose an answer state.")})
    batch = batch or new_batch()
    ids = [p.pk for p in proposals if p.merged_into_id is None]
    Proposal.objects.filter(pk__in=ids).update(answer_state=state, updated_at=timezone.now())
    label = AnswerState(state).label
    _log(actor, ids, TriageEntry.Action.STATE, str(label), batch)
    return BulkResult(changed=len(ids), skipped=len(proposals) - len(ids), batch=batch)


@transaction.atomic
def triage_hide(
    *, actor: User, process: Process, proposals: Sequence[Proposal], reason: str, batch: str = ""
) -> BulkResult:
    """Hide proposals with a reason (moderation: each also gets its moderation-log line);
    proposals hidden already are skipped."""
    _checked(actor, process, proposals, "proposals.moderate")
    reason = clean_text(reason, field="reason", label=_("Reason"), max_length=300, min_length=3)
    batch = batch or new_batch()
    ids = [p.pk for p in proposals if not p.is_hidden]
    Proposal.objects.filter(pk__in=ids).update(is_hidden=True)
    ModerationAction.objects.bulk_create(
        [
            ModerationAction(proposal_id=pk, action=ModerationAction.Action.HIDE, reason=reason, moderator=actor)
            for pk in ids
        ]
    )
    _log(actor, ids, TriageEntry.Action.HIDE, reason, batch)
    from .selectors import forget_districts

    transaction.on_commit(lambda: forget_districts(process.pk))
    return BulkResult(changed=len(ids), skipped=len(proposals) - len(ids), batch=batch)


@dataclass(frozen=True)
class AnswerTemplate:
    state: str
    text: str
    reason: str


def answer_template_clean(*, state: str, text: str, reason: str = "") -> AnswerTemplate:
    """The rules of ``services.proposal_answer`` for a template answer given to many proposals."""
    if state not in AnswerState.values or state == AnswerState.NONE:
        raise ValidationError({"state": _("Choose an answer state.")})
    reason = clean_optional_text(reason, field="reason", label=_("Reason for rejection"), max_length=300)
    if state == AnswerState.REJECTED and not reason:
        raise ValidationError({"reason": _("A rejection needs a reason.")})
    text = clean_text(text, field="text", label=_("Answer"), max_length=BODY_MAX, min_length=5)
    return AnswerTemplate(state=state, text=text, reason=reason)


def answerable(proposals: Sequence[Proposal]) -> tuple[list[Proposal], int]:
    """The proposals a bulk answer answers, and how many it skips (merged or hidden ones)."""
    kept = [p for p in proposals if p.merged_into_id is None and not p.is_hidden]
    return kept, len(proposals) - len(kept)


def triage_answer_check(*, actor: User, process: Process, proposals: Sequence[Proposal]) -> None:
    """Before the job starts: the actor may answer every chosen proposal."""
    _checked(actor, process, proposals, "proposals.answer")


@transaction.atomic
def triage_answer_chunk(
    *, actor: User, process: Process, proposal_ids: Sequence[int], template: AnswerTemplate, batch: str
) -> int:
    """Answer one chunk of a bulk answer (one transaction); returns how many were answered.

    Each proposal gets a new ``Answer`` (earlier ones stay: the history), its state, an audit line,
    and every person concerned — its author and its followers — exactly one notification of kind
    ``answer``, even when the author also follows it. Proposals merged or hidden since the job
    started, or already answered by this batch (a job run again), are left alone."""
    done = set(
        TriageEntry.objects.filter(
            batch=batch, action=TriageEntry.Action.ANSWER, proposal_id__in=proposal_ids
        ).values_list("proposal_id", flat=True)
    )
    proposals = list(
        Proposal.objects.select_for_update()
        .filter(process=process, pk__in=proposal_ids, merged_into__isnull=True, is_hidden=False)
        .exclude(pk__in=done)
        .select_related("process")
        .order_by("pk")
    )
    for proposal in proposals:
        require_perm(actor, "proposals.answer", proposal)
    if not proposals:
        return 0
    ids = [p.pk for p in proposals]
    Answer.objects.bulk_create(
        [
            Answer(proposal=p, state=template.state, text=template.text, reason=template.reason, author=actor)
            for p in proposals
        ]
    )
    Proposal.objects.filter(pk__in=ids).update(answer_state=template.state, updated_at=timezone.now())
    recipients: dict[int, set[int]] = {p.pk: ({p.author_id} if p.author_id else set()) for p in proposals}
    for proposal_id, user_id in Follow.objects.filter(proposal_id__in=ids).values_list("proposal_id", "user_id"):
        recipients[proposal_id].add(user_id)
    titles = {p.pk: p.title for p in proposals}
    emails.notify(
        Notification(
            user_id=user_id,
            proposal_id=proposal_id,
            kind=Notification.Kind.ANSWER,
            text=(_("“%(title)s” has an official answer.") % {"title": titles[proposal_id]})[:300],
        )
        for proposal_id, users in recipients.items()
        for user_id in sorted(users)
    )
    _log(actor, ids, TriageEntry.Action.ANSWER, str(AnswerState(template.state).label), batch)
    return len(ids)


def _log(actor: User, ids: Sequence[int], action: str, detail: str, batch: str) -> None:
    TriageEntry.objects.bulk_create(
        [TriageEntry(proposal_id=pk, actor=actor, action=action, detail=detail[:300], batch=batch) for pk in ids]
    )


@transaction.atomic
def saved_view_save(*, actor: User, process: Process, name: str, query: str) -> SavedView:
    """Save the triage list's current filter under ``name`` (the same name replaces it)."""
    require_perm(actor, "proposals.triage", process)
    name = clean_text(name, field="name", label=_("Name"), max_length=80, min_length=1)
    query = (query or "").strip().lstrip("?")
    if len(query) > 2000:
        raise ValidationError({"query": _("This filter is too long to be saved.")})
    existing = SavedView.objects.filter(user=actor, process=process, name=name).first()
    if existing is not None:
        existing.query = query
        existing.save(update_fields=["query"])
        return existing
    if SavedView.objects.filter(user=actor, process=process).count() >= SAVED_VIEWS_MAX:
        raise ValidationError(_("You have %(n)d saved views; delete one first.") % {"n": SAVED_VIEWS_MAX})
    try:
        with transaction.atomic():
            return SavedView.objects.create(user=actor, process=process, name=name, query=query)
    except IntegrityError:  # the same name saved twice at once
        raise ValidationError({"name": _("A saved view with this name exists.")}) from None


@transaction.atomic
def saved_view_delete(*, actor: User, view: SavedView) -> None:
    if view.user_id != actor.pk:
        raise PermissionDenied(_("You are not allowed to do this."))
    view.delete()
