"""Writes for proposals: propose, edit, support, comment, answer, merge, report, moderate.

Every service checks the permission and the process's phase switches, validates, and
runs in one transaction, so the web pages, the API and the CLI behave the same way and
nothing is half-written. Supports are exact under concurrency: a unique constraint
decides who supported, and the counter is recomputed from the rows in the same
transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from ortakakil.core.models import STAFF_ROLES, User
from ortakakil.core.services import audited_save, require_perm
from ortakakil.core.text import search_fold
from ortakakil.core.validation import clean_optional_text, clean_text
from ortakakil.processes import traceability
from ortakakil.processes.models import Process, Theme
from ortakakil.processes.verification import require_verified

from . import emails
from .models import (
    BODY_MAX,
    COMMENT_MAX,
    TITLE_MAX,
    Answer,
    AnswerState,
    Comment,
    Follow,
    ModerationAction,
    Notification,
    Proposal,
    Report,
    Support,
)
from .places import clean_place, clean_point


def edit_window() -> timedelta:
    return timedelta(minutes=getattr(settings, "PROPOSAL_EDIT_MINUTES", 30))


def auto_hide_threshold() -> int:
    return int(getattr(settings, "PROPOSAL_AUTO_HIDE_REPORTS", 3))


def _require_open(process: Process, switch: str, message: str) -> None:
    if not process.is_open(switch):
        raise ValidationError(message)


# Every text people type goes through the one rule of ``core.validation.clean_text``: control
# characters (NUL …) refused, invisible format characters (zero-width spaces …) dropped before the
# length is checked. ``_clean_text`` is the name ``content_report`` uses.
_clean_text = clean_text


def duplicate_window() -> timedelta:
    return timedelta(minutes=int(getattr(settings, "PROPOSAL_DUPLICATE_MINUTES", 24 * 60)))


def _repeats(recent_texts: Iterable[str], text: str) -> bool:
    """Whether ``text`` is one of ``recent_texts`` as a reader compares them: Turkish case,
    spaces and invisible characters aside (``core.text.search_fold``)."""
    folded = search_fold(text)
    return any(search_fold(other) == folded for other in recent_texts)


def _notify(users: Iterable[Any], proposal: Proposal, text: str, *, kind: str, skip: Any = None) -> None:
    """One notification of ``kind`` per person (each once); the worker e-mails them (``emails``)."""
    emails.notify(
        Notification(user_id=u, proposal=proposal, kind=kind, text=text[:300]) for u in set(users) if u != skip
    )


@transaction.atomic
def proposal_create(
    *,
    actor: User,
    process: Process,
    theme: Theme,
    title: str,
    body: str,
    district: str = "",
    neighbourhood: str = "",
    source: str = Proposal.Source.ONLINE,
    latitude: object = None,
    longitude: object = None,
) -> Proposal:
    """Create a proposal while the process's participation phase accepts proposals."""
    require_perm(actor, "proposals.create", process)
    if source == Proposal.Source.ONLINE:
        _require_open(process, "proposals", _("New proposals are not accepted in the current phase."))
    if theme.process_id != process.pk:
        raise ValidationError({"theme": _("This theme does not belong to the process.")})
    proposal = Proposal(
        process=process,
        theme=theme,
        author=actor,
        title=clean_text(title, field="title", label=_("Title"), max_length=TITLE_MAX, min_length=5),
        body=clean_text(body, field="body", label=_("Proposal"), max_length=BODY_MAX, min_length=10),
        source=source,
    )
    proposal.district, proposal.neighbourhood = clean_place(
        clean_optional_text(district, field="district", label=_("District"), max_length=60),
        clean_optional_text(neighbourhood, field="neighbourhood", label=_("Neighbourhood"), max_length=80),
    )
    proposal.latitude, proposal.longitude = clean_point(latitude, longitude)
    recent = Proposal.objects.filter(
        process=process, author=actor, created_at__gte=timezone.now() - duplicate_window()
    ).order_by("-created_at")
    if _repeats(recent.values_list("body", flat=True)[:200], proposal.body):
        raise ValidationError({"body": _("You have already posted this proposal.")})
    audited_save(proposal, actor=actor)
    Follow.objects.create(proposal=proposal, user=actor)
    if proposal.district:
        from .selectors import forget_districts

        transaction.on_commit(lambda: forget_districts(process.pk))  # a new district joins the filter
    return proposal


def can_still_edit(proposal: Proposal, *, now: Any = None) -> bool:
    now = now or timezone.now()
    return (
        not proposal.is_hidden
        and not proposal.is_merged
        and not proposal.answer_state
        and now - proposal.created_at <= edit_window()
    )


@transaction.atomic
def proposal_edit(
    *,
    actor: User,
    proposal: Proposal,
    title: str,
    body: str,
    district: str = "",
    neighbourhood: str = "",
    latitude: object = None,
    longitude: object = None,
) -> Proposal:
    """Authors may edit their proposal for a short while after posting (``PROPOSAL_EDIT_MINUTES``)."""
    require_perm(actor, "proposals.edit", proposal)
    if not can_still_edit(proposal):
        raise ValidationError(_("This proposal can no longer be edited."))
    proposal.title = clean_text(title, field="title", label=_("Title"), max_length=TITLE_MAX, min_length=5)
    proposal.body = clean_text(body, field="body", label=_("Proposal"), max_length=BODY_MAX, min_length=10)
    proposal.district, proposal.neighbourhood = clean_place(
        clean_optional_text(district, field="district", label=_("District"), max_length=60),
        clean_optional_text(neighbourhood, field="neighbourhood", label=_("Neighbourhood"), max_length=80),
    )
    proposal.latitude, proposal.longitude = clean_point(latitude, longitude)
    return audited_save(
        proposal,
        actor=actor,
        update_fields=["title", "body", "district", "neighbourhood", "latitude", "longitude", "updated_at"],
    )


def _recount_supports(proposal_id: int) -> int:
    count = Support.objects.filter(proposal_id=proposal_id).count()
    Proposal.objects.filter(pk=proposal_id).update(supports_count=count)
    return count


def _check_supportable(proposal: Proposal) -> None:
    if proposal.is_hidden:
        raise ValidationError(_("This proposal is hidden and cannot be supported."))
    if proposal.is_merged:
        raise ValidationError(_("This proposal was merged into another one; support that one instead."))
    _require_open(proposal.process, "supports", _("Supporting proposals is closed in the current phase."))


def _insert_support(proposal_id: int, user_id: int) -> bool:
    """Insert the support unless it exists; True when a row was inserted.

    One statement (``INSERT … ON CONFLICT DO NOTHING RETURNING``, PostgreSQL and SQLite ≥ 3.35)
    instead of a savepoint and a caught ``IntegrityError``: the support endpoint is the
    platform's hottest write.
    """
    table = connection.ops.quote_name(Support._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (proposal_id, user_id, created_at) VALUES (%s, %s, %s) "  # noqa: S608 — table name from the model
            "ON CONFLICT (proposal_id, user_id) DO NOTHING RETURNING id",
            [proposal_id, user_id, timezone.now()],
        )
        return cursor.fetchone() is not None


def _bump_supports(proposal_id: int, delta: int) -> int:
    """Move the counter by ``delta`` and return the new value, in one statement."""
    table = connection.ops.quote_name(Proposal._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET supports_count = supports_count + %s WHERE id = %s RETURNING supports_count",  # noqa: S608
            [delta, proposal_id],
        )
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def _supports_count(proposal_id: int) -> int:
    return Proposal.objects.values_list("supports_count", flat=True).get(pk=proposal_id)


def proposal_support(*, actor: User, proposal: Proposal) -> tuple[bool, int]:
    """Support ``proposal``. Idempotent: a second call changes nothing.

    Exact under concurrency: the unique (proposal, user) constraint decides who supported,
    and the counter moves only when a row was inserted, in the same transaction.
    Returns ``(created, supports_count)``.
    """
    require_perm(actor, "proposals.support", proposal)
    _check_supportable(proposal)
    require_verified(actor, proposal.process, "supports")
    with transaction.atomic(savepoint=False):  # inside a request's transaction: no savepoint round trips
        if _insert_support(proposal.pk, actor.pk):
            return True, _bump_supports(proposal.pk, +1)
    return False, _supports_count(proposal.pk)


def proposal_unsupport(*, actor: User, proposal: Proposal) -> tuple[bool, int]:
    """Withdraw ``actor``'s support. Idempotent. Returns ``(removed, supports_count)``."""
    require_perm(actor, "proposals.support", proposal)
    if proposal.is_hidden or proposal.is_merged:
        raise ValidationError(_("This proposal is closed; its supports can no longer change."))
    _require_open(proposal.process, "supports", _("Supporting proposals is closed in the current phase."))
    with transaction.atomic(savepoint=False):
        deleted, _rows = Support.objects.filter(proposal=proposal, user=actor).delete()
        if deleted:
            return True, _bump_supports(proposal.pk, -1)
    return False, _supports_count(proposal.pk)


@transaction.atomic
def comment_create(
    *, actor: User, proposal: Proposal, body: str, stance: str = Comment.Stance.NEUTRAL, parent: Comment | None = None
) -> Comment:
    require_perm(actor, "proposals.comment", proposal)
    if proposal.is_hidden:
        raise ValidationError(_("This proposal is hidden; it cannot be commented on."))
    _require_open(proposal.process, "comments", _("Comments are closed in the current phase."))
    if stance not in Comment.Stance.values:
        raise ValidationError({"stance": _("Choose in favour, against or neutral.")})
    if parent is not None and parent.proposal_id != proposal.pk:
        raise ValidationError({"parent": _("You can only reply to a comment on the same proposal.")})
    comment = Comment(
        proposal=proposal,
        author=actor,
        parent=parent,
        stance=stance,
        body=clean_text(body, field="body", label=_("Comment"), max_length=COMMENT_MAX, min_length=2),
    )
    recent = Comment.objects.filter(
        proposal=proposal, author=actor, created_at__gte=timezone.now() - duplicate_window()
    ).order_by("-created_at")
    if _repeats(recent.values_list("body", flat=True)[:200], comment.body):
        raise ValidationError({"body": _("You have already posted this comment on this proposal.")})
    audited_save(comment, actor=actor)
    Proposal.objects.filter(pk=proposal.pk).update(comments_count=F("comments_count") + 1)
    followers = Follow.objects.filter(proposal=proposal).values_list("user_id", flat=True)
    _notify(
        followers,
        proposal,
        _("New comment on “%(title)s”.") % {"title": proposal.title},
        kind=Notification.Kind.COMMENT,
        skip=actor.pk,
    )
    return comment


@transaction.atomic
def proposal_follow(*, actor: User, proposal: Proposal, follow: bool = True) -> None:
    """Follow (or stop following) a proposal: its answers, comments and merges are notified."""
    if not actor.is_authenticated:
        raise PermissionDenied(_("Log in to follow proposals."))
    require_perm(actor, "proposals.follow", proposal)
    if follow:
        Follow.objects.get_or_create(proposal=proposal, user=actor)
    else:
        Follow.objects.filter(proposal=proposal, user=actor).delete()


@transaction.atomic
def notifications_mark_read(*, actor: User) -> int:
    """Mark every unread notification of ``actor`` as read; returns how many changed."""
    if not actor.is_authenticated:
        raise PermissionDenied(_("Please log in first."))
    return Notification.objects.filter(user=actor, is_read=False).update(is_read=True)


@transaction.atomic
def proposal_answer(
    *, actor: User, proposal: Proposal, state: str, text: str, reason: str = "", plan_item_code: str = ""
) -> Answer:
    """Give the municipality's official answer; the followers are notified.

    The answer may cite a goal of the process's plan (``plan_item_code``, e.g. "H3.2"): the plan
    is told through ``processes.traceability`` and records the proposal as a source of that goal
    while the plan is a draft."""
    require_perm(actor, "proposals.answer", proposal)
    if state not in AnswerState.values or state == AnswerState.NONE:
        raise ValidationError({"state": _("Choose an answer state.")})
    reason = clean_optional_text(reason, field="reason", label=_("Reason for rejection"), max_length=300)
    if state == AnswerState.REJECTED and not reason:
        raise ValidationError({"reason": _("A rejection needs a reason.")})
    code = (plan_item_code or "").strip()
    if code and code not in {item.code for item in traceability.plan_items(proposal.process)}:
        raise ValidationError({"plan_item_code": _("The plan of this process has no such goal.")})
    answer = Answer.objects.create(
        proposal=proposal,
        state=state,
        text=clean_text(text, field="text", label=_("Answer"), max_length=BODY_MAX, min_length=5),
        reason=reason,
        plan_item_code=code,
        author=actor,
    )
    proposal.answer_state = state
    audited_save(proposal, actor=actor, update_fields=["answer_state", "updated_at"])
    if code:
        traceability.cite(actor=actor, process=proposal.process, code=code, kind="proposal", object_id=proposal.pk)
    followers = set(Follow.objects.filter(proposal=proposal).values_list("user_id", flat=True))
    if proposal.author_id is not None:
        followers.add(proposal.author_id)  # the author hears of the answer even after unfollowing
    _notify(
        followers,
        proposal,
        _("“%(title)s” has an official answer.") % {"title": proposal.title},
        kind=Notification.Kind.ANSWER,
    )
    return answer


@transaction.atomic
def proposal_merge(
    *, actor: User, originals: list[Proposal], title: str, body: str, theme: Theme | None = None
) -> Proposal:
    """Merge duplicate proposals into a new one.

    The new proposal is supported by the union of the originals' supporters (each person
    once) and links its originals, which stay readable but closed.
    """
    if len(originals) < 2:
        raise ValidationError(_("Choose at least two proposals to merge."))
    process = originals[0].process
    require_perm(actor, "proposals.merge", process)
    if any(p.process_id != process.pk for p in originals):
        raise ValidationError(_("Only proposals of the same process can be merged."))
    if any(p.is_merged for p in originals):
        raise ValidationError(_("A proposal that was already merged cannot be merged again."))
    merged = Proposal(
        process=process,
        theme=theme or originals[0].theme,
        author=None,
        title=clean_text(title, field="title", label=_("Title"), max_length=TITLE_MAX, min_length=5),
        body=clean_text(body, field="body", label=_("Proposal"), max_length=BODY_MAX, min_length=10),
        district=originals[0].district if len({p.district for p in originals}) == 1 else "",
        source=Proposal.Source.MERGE,
    )
    audited_save(merged, actor=actor)
    ids = [p.pk for p in originals]
    supporters = set(Support.objects.filter(proposal_id__in=ids).values_list("user_id", flat=True))
    Support.objects.bulk_create([Support(proposal=merged, user_id=user_id) for user_id in supporters])
    followers = set(Follow.objects.filter(proposal_id__in=ids).values_list("user_id", flat=True))
    Follow.objects.bulk_create([Follow(proposal=merged, user_id=user_id) for user_id in followers])
    for original in originals:
        # Saved one by one (not a queryset update) so each original's history names the merge and who made it.
        original.merged_into = merged
        original._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
        original.save(update_fields=["merged_into", "updated_at"])
    _recount_supports(merged.pk)
    merged.refresh_from_db()
    _notify(
        followers,
        merged,
        _("Proposals you follow were merged into “%(title)s”.") % {"title": merged.title},
        kind=Notification.Kind.MERGE,
    )
    return merged


def _target(proposal: Proposal | None, comment: Comment | None) -> Proposal | Comment:
    if (proposal is None) == (comment is None):
        raise ValueError("report exactly one proposal or one comment")
    return proposal if proposal is not None else comment  # type: ignore[return-value]


def trusted_reports(*, proposal: Proposal | None = None, comment: Comment | None = None) -> int:
    """Reports that count toward hiding: from verified accounts at least
    ``PROPOSAL_REPORT_TRUSTED_AFTER_DAYS`` days old. Three throwaway sign-ups cannot hide anything;
    their reports wait for a moderator."""
    cutoff = timezone.now() - timedelta(days=int(getattr(settings, "PROPOSAL_REPORT_TRUSTED_AFTER_DAYS", 7)))
    reports = (
        Report.objects.filter(proposal=proposal) if proposal is not None else Report.objects.filter(comment=comment)
    )
    return (
        reports.filter(reporter__is_active=True, reporter__date_joined__lte=cutoff)
        .filter(
            Q(reporter__verified_at__isnull=False) | Q(reporter__role__in=STAFF_ROLES) | Q(reporter__is_superuser=True)
        )
        .count()
    )


@transaction.atomic
def content_report(
    *, actor: User, reason: str, proposal: Proposal | None = None, comment: Comment | None = None
) -> bool:
    """Report a proposal or comment; every report puts it in the moderators' queue. When
    ``PROPOSAL_AUTO_HIDE_REPORTS`` reports come from trusted accounts (``trusted_reports``), it
    hides itself until a moderator decides. Returns whether it is now hidden."""
    target = _target(proposal, comment)
    require_perm(actor, "proposals.report", target)
    reason = _clean_text(reason, field="reason", label=_("Reason"), max_length=300, min_length=3)
    try:
        with transaction.atomic():
            Report.objects.create(proposal=proposal, comment=comment, reporter=actor, reason=reason)
    except IntegrityError:
        raise ValidationError(_("You have already reported this.")) from None
    model = type(target)
    model.objects.filter(pk=target.pk).update(reports_count=F("reports_count") + 1)
    target.refresh_from_db(fields=["reports_count", "is_hidden"])
    if target.is_hidden:
        return True
    trusted = trusted_reports(proposal=proposal, comment=comment)
    if trusted >= auto_hide_threshold():
        model.objects.filter(pk=target.pk).update(is_hidden=True)
        ModerationAction.objects.create(
            proposal=proposal,
            comment=comment,
            action=ModerationAction.Action.AUTO_HIDE,
            reason=_("%(n)d reports") % {"n": trusted},
        )
        _after_visibility_change(proposal=proposal, comment=comment)
        return True
    return False


@transaction.atomic
def content_moderate(
    *, actor: User, hide: bool, reason: str, proposal: Proposal | None = None, comment: Comment | None = None
) -> None:
    """Hide or restore a proposal or comment, with a reason. Nothing is ever deleted."""
    target = _target(proposal, comment)
    process = proposal.process if proposal is not None else comment.proposal.process  # type: ignore[union-attr]
    require_perm(actor, "proposals.moderate", process)
    reason = clean_text(reason, field="reason", label=_("Reason"), max_length=300, min_length=3)
    type(target).objects.filter(pk=target.pk).update(is_hidden=hide)
    ModerationAction.objects.create(
        proposal=proposal,
        comment=comment,
        action=ModerationAction.Action.HIDE if hide else ModerationAction.Action.RESTORE,
        reason=reason,
        moderator=actor,
    )
    _after_visibility_change(proposal=proposal, comment=comment)


def _after_visibility_change(*, proposal: Proposal | None, comment: Comment | None) -> None:
    """A comment hidden or restored moves its proposal's comment count (it counts what the public
    sees); a proposal hidden or restored may change the district filter's list."""
    if comment is not None:
        _recount_comments(comment.proposal_id)
    if proposal is not None:
        from .selectors import forget_districts

        transaction.on_commit(lambda: forget_districts(proposal.process_id))


def _recount_comments(proposal_id: int) -> int:
    count = Comment.objects.filter(proposal_id=proposal_id, is_hidden=False).count()
    Proposal.objects.filter(pk=proposal_id).update(comments_count=count)
    return count


def recount_all(process: Process) -> None:
    """Recompute the denormalised counters of every proposal of ``process`` from the rows (comments
    the public sees: hidden ones do not count)."""
    supports = Support.objects.filter(proposal=OuterRef("pk")).values("proposal").annotate(n=Count("pk")).values("n")
    comments = (
        Comment.objects.filter(proposal=OuterRef("pk"), is_hidden=False)
        .values("proposal")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Proposal.objects.filter(process=process).update(
        supports_count=Coalesce(Subquery(supports), 0), comments_count=Coalesce(Subquery(comments), 0)
    )
