"""E-mails about proposals: the in-platform notifications (answers, comments, merges) e-mailed
once each by the background worker, and the weekly digest.

* **Kinds** (``core.emails``; each can be turned off on «E-posta tercihlerim» or with the
  one-click link in every e-mail): ``proposal_answer``, ``proposal_comment``, ``proposal_merge``,
  ``proposal_digest``. Notifications of kind «other» are not e-mailed.
* **Each notification once.** ``send_pending`` claims pending notifications (``emailed_at`` null)
  with one ``UPDATE … WHERE emailed_at IS NULL … RETURNING id`` (on PostgreSQL over rows locked
  ``FOR UPDATE SKIP LOCKED``), so two workers running at once never claim the same row, and
  sends only what it claimed: one e-mail per person and kind per run. A notification whose kind
  the person turned off, whose person has no confirmed address or is erased, or whose proposal is
  hidden, is marked without sending. When the mail server refuses, that e-mail's rows are released
  (``emailed_at`` back to null) and go out at the next run.
* **Promptly.** ``schedule_sending`` enqueues the sending task when the transaction that created
  notifications commits (once per transaction); not in huey's immediate mode (the tests), where
  the tests run the task themselves.
* **Weekly digest** (Monday morning, Europe/Istanbul): ``digest_send`` — for each person with the
  digest on, the last seven days on the proposals they follow (their own included): new official
  answers, how many comments by others, and the most supported new proposals of those processes.
  Nothing new on what they follow → no e-mail. ``DigestSent`` (one per person and week) makes it
  once per week however often the task runs.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ortakakil.core import emails
from ortakakil.core.accounts import public_name
from ortakakil.core.models import User

from .models import Answer, Comment, DigestSent, Follow, Notification, Proposal

logger = logging.getLogger(__name__)

ANSWER = "proposal_answer"
COMMENT = "proposal_comment"
MERGE = "proposal_merge"
DIGEST = "proposal_digest"
ASSIGNED = "proposal_assigned"

EMAIL_KIND = {
    Notification.Kind.ANSWER: ANSWER,
    Notification.Kind.COMMENT: COMMENT,
    Notification.Kind.MERGE: MERGE,
    Notification.Kind.ASSIGNED: ASSIGNED,
}
"""The e-mail kind of each kind of notification; «other» is not e-mailed."""

BATCH = 500
MAX_BATCHES = 40
"""One run sends at most ``BATCH × MAX_BATCHES`` notifications; the next run takes the rest."""
DIGEST_TOP = 3


def register() -> None:
    """Called from ``registrations.register``."""
    for order, (key, label) in enumerate(
        [
            (ANSWER, gettext_lazy("An official answer to a proposal I wrote or follow")),
            (COMMENT, gettext_lazy("A comment on a proposal I follow")),
            (MERGE, gettext_lazy("A proposal I follow was merged")),
            (DIGEST, gettext_lazy("A weekly digest of what happened on the proposals I follow")),
            (ASSIGNED, gettext_lazy("A proposal was assigned to me for evaluation")),
        ]
    ):
        emails.register_kind(emails.EmailKind(key=key, label=label, order=10 + order, staff_only=key == ASSIGNED))


# --- scheduling ------------------------------------------------------------------------------------


def _enqueue() -> None:
    from .tasks import send_notification_emails_now

    send_notification_emails_now()


def _immediate() -> bool:
    from huey.contrib.djhuey import HUEY

    return bool(HUEY.immediate)


def schedule_sending() -> None:
    """Send the notifications just created soon after the transaction commits (once per transaction)."""
    if _immediate():
        return
    if any(item[1] is _enqueue for item in connection.run_on_commit):
        return
    transaction.on_commit(_enqueue)


def notify(notifications: Iterable[Notification]) -> int:
    """Store ``notifications`` and have the worker e-mail them once the transaction commits: the
    one way services, triage and bulk jobs create notifications."""
    created = Notification.objects.bulk_create(list(notifications), batch_size=500)
    if created:
        schedule_sending()
    return len(created)


# --- notifications ---------------------------------------------------------------------------------


@dataclass
class SendResult:
    """What one run did: e-mails sent, notifications they carried, notifications marked without
    an e-mail, notifications released after a mail-server error."""

    emails: int = 0
    notifications: int = 0
    skipped: int = 0
    failed: int = 0


def _claim(limit: int, now: dt.datetime) -> list[int]:
    """Mark up to ``limit`` pending notifications as e-mailed and return their ids: only this
    caller's (the ``emailed_at IS NULL`` condition is checked again by the UPDATE itself).

    PostgreSQL picks the rows once in a materialised CTE, locked ``FOR UPDATE SKIP LOCKED`` (an
    ``IN (SELECT … LIMIT n)`` subquery may be run again and claim more than ``n``); SQLite has a
    single writer, so its one statement cannot race."""
    table = connection.ops.quote_name(Notification._meta.db_table)
    if connection.vendor == "postgresql":
        sql = (
            f"WITH picked AS MATERIALIZED (SELECT id FROM {table} WHERE emailed_at IS NULL "  # noqa: S608 (names only)
            f"ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED) "
            f"UPDATE {table} SET emailed_at = %s FROM picked "
            f"WHERE {table}.id = picked.id AND {table}.emailed_at IS NULL RETURNING {table}.id"
        )
        params: list[Any] = [limit, now]
    else:
        sql = (
            f"UPDATE {table} SET emailed_at = %s WHERE emailed_at IS NULL AND id IN ("  # noqa: S608 (names only)
            f"SELECT id FROM {table} WHERE emailed_at IS NULL ORDER BY id LIMIT %s) RETURNING id"
        )
        params = [now, limit]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        return sorted(row[0] for row in cursor.fetchall())


def _absolute(path: str) -> str:
    return emails.absolute(path)


def _subject(kind: str, items: list[Notification]) -> str:
    if len(items) == 1:
        return items[0].text
    count = len(items)
    if kind == ANSWER:
        return ngettext(
            "%(count)d proposal you follow has an official answer",
            "%(count)d proposals you follow have an official answer",
            count,
        ) % {"count": count}
    if kind == COMMENT:
        return ngettext(
            "%(count)d new comment on proposals you follow", "%(count)d new comments on proposals you follow", count
        ) % {"count": count}
    if kind == ASSIGNED:
        return ngettext(
            "%(count)d proposal was assigned to you for evaluation",
            "%(count)d proposals were assigned to you for evaluation",
            count,
        ) % {"count": count}
    return ngettext("%(count)d merge of proposals you follow", "%(count)d merges of proposals you follow", count) % {
        "count": count
    }


def _latest_answers(proposal_ids: set[int]) -> dict[int, Answer]:
    latest: dict[int, Answer] = {}
    for answer in Answer.objects.filter(proposal_id__in=proposal_ids).order_by("proposal_id", "-created_at", "-pk"):
        latest.setdefault(answer.proposal_id, answer)
    return latest


def notification_message(user: User, kind: str, items: list[Notification]) -> EmailMultiAlternatives | None:
    """The e-mail telling ``user`` about ``items`` (notifications of one e-mail ``kind``), in
    Turkish; None when it must not go (``core.emails.message``)."""
    with translation.override(settings.LANGUAGE_CODE):
        answers = _latest_answers({n.proposal_id for n in items}) if kind == ANSWER else {}
        context: dict[str, Any] = {
            "name": public_name(user),
            "kind": kind,
            "items": [
                {
                    "text": n.text,
                    "title": n.proposal.title,
                    "url": _absolute(n.proposal.get_absolute_url()),
                    "answer": answers.get(n.proposal_id),
                }
                for n in items
            ],
            "unsubscribe_url": emails.unsubscribe_url(user, kind),
            "preferences_url": _absolute(reverse("my_emails")),
            "kind_label": str(emails.kind_of(kind).label),  # type: ignore[union-attr]
        }
        return emails.message(
            user=user,
            kind=kind,
            subject=_subject(kind, items),
            text=render_to_string("proposals/emails/notification.txt", context),
            html=render_to_string("proposals/emails/notification.html", context),
        )


def _group(rows: list[Notification]) -> tuple[dict[tuple[int, str], list[Notification]], list[int]]:
    """Notifications by (person, e-mail kind), and the ids that get no e-mail whatever the person chose."""
    groups: dict[tuple[int, str], list[Notification]] = defaultdict(list)
    unsent: list[int] = []
    for n in rows:
        kind = EMAIL_KIND.get(n.kind)  # type: ignore[call-overload]
        if kind is None or n.proposal.is_hidden:
            unsent.append(n.pk)
        else:
            groups[(n.user_id, kind)].append(n)
    return groups, unsent


def _rows(ids: list[int]) -> list[Notification]:
    return list(
        Notification.objects.filter(pk__in=ids).select_related("user", "proposal", "proposal__process").order_by("pk")
    )


def send_pending(*, now: dt.datetime | None = None, limit: int = BATCH, dry_run: bool = False) -> SendResult:
    """E-mail the pending notifications (see the module's docstring). ``dry_run`` claims and
    sends nothing: it counts what would go."""
    result = SendResult()
    if dry_run:
        pending = list(Notification.objects.filter(emailed_at__isnull=True).values_list("pk", flat=True))
        groups, unsent = _group(_rows(pending))
        result.skipped += len(unsent)
        for (_user_id, kind), items in groups.items():
            if notification_message(items[0].user, kind, items) is None:
                result.skipped += len(items)
            else:
                result.emails += 1
                result.notifications += len(items)
        return result
    for _batch in range(MAX_BATCHES):
        ids = _claim(limit, now or timezone.now())
        if not ids:
            break
        groups, unsent = _group(_rows(ids))
        result.skipped += len(unsent)
        for (_user_id, kind), items in groups.items():
            mail = notification_message(items[0].user, kind, items)
            if mail is None:
                result.skipped += len(items)
                continue
            try:
                mail.send()
            except Exception:  # a mail-server hiccup: release these rows for the next run
                logger.exception("notification e-mail to user %s failed", items[0].user_id)
                Notification.objects.filter(pk__in=[n.pk for n in items]).update(emailed_at=None)
                result.failed += len(items)
            else:
                result.emails += 1
                result.notifications += len(items)
        if result.failed:
            break  # the server is refusing: leave the rest for the next run
    return result


# --- weekly digest ---------------------------------------------------------------------------------


@dataclass
class DigestResult:
    sent: int = 0
    already: int = 0
    """People who had this week's digest already."""
    failed: int = 0


def week_of(day: dt.date) -> dt.date:
    """The Monday of ``day``'s week (the key of ``DigestSent``)."""
    return day - dt.timedelta(days=day.weekday())


def digest_content(user: User, *, since: dt.datetime, until: dt.datetime) -> dict[str, Any] | None:
    """What the digest tells ``user`` about ``[since, until)``, or None when nothing happened on
    the proposals they follow."""
    followed = set(Follow.objects.filter(user=user).values_list("proposal_id", flat=True))
    if not followed:
        return None
    answers = _latest_answers(
        set(
            Answer.objects.filter(
                proposal_id__in=followed, created_at__gte=since, created_at__lt=until, proposal__is_hidden=False
            ).values_list("proposal_id", flat=True)
        )
    )
    comment_counts = Counter(
        Comment.objects.filter(
            proposal_id__in=followed,
            created_at__gte=since,
            created_at__lt=until,
            is_hidden=False,
            proposal__is_hidden=False,
        )
        .exclude(author=user)
        .values_list("proposal_id", flat=True)
    )
    if not answers and not comment_counts:
        return None
    proposals = Proposal.objects.select_related("process").in_bulk(set(answers) | set(comment_counts))
    processes = set(Proposal.objects.filter(pk__in=followed).values_list("process_id", flat=True))
    top = list(
        Proposal.objects.filter(
            process_id__in=processes,
            is_hidden=False,
            merged_into__isnull=True,
            created_at__gte=since,
            created_at__lt=until,
            supports_count__gt=0,
        )
        .select_related("process")
        .order_by("-supports_count", "-pk")[:DIGEST_TOP]
    )
    return {
        "answers": [
            {"title": proposals[pk].title, "url": _absolute(proposals[pk].get_absolute_url()), "answer": answer}
            for pk, answer in sorted(answers.items())
        ],
        "comments": [
            {"title": proposals[pk].title, "url": _absolute(proposals[pk].get_absolute_url()), "count": count}
            for pk, count in sorted(comment_counts.items(), key=lambda item: (-item[1], item[0]))
        ],
        "comments_total": sum(comment_counts.values()),
        "top": [{"title": p.title, "url": _absolute(p.get_absolute_url()), "supports": p.supports_count} for p in top],
    }


def digest_message(user: User, content: dict[str, Any]) -> EmailMultiAlternatives | None:
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            **content,
            "name": public_name(user),
            "unsubscribe_url": emails.unsubscribe_url(user, DIGEST),
            "preferences_url": _absolute(reverse("my_emails")),
        }
        return emails.message(
            user=user,
            kind=DIGEST,
            subject=_("Your week on Ortak Akıl"),
            text=render_to_string("proposals/emails/digest.txt", context),
            html=render_to_string("proposals/emails/digest.html", context),
        )


def digest_candidates(*, since: dt.datetime, until: dt.datetime) -> list[int]:
    """People following a proposal that got an answer or a comment in ``[since, until)``."""
    active = set(
        Answer.objects.filter(created_at__gte=since, created_at__lt=until).values_list("proposal_id", flat=True)
    ) | set(
        Comment.objects.filter(created_at__gte=since, created_at__lt=until, is_hidden=False).values_list(
            "proposal_id", flat=True
        )
    )
    users = set(Follow.objects.filter(proposal_id__in=active).values_list("user_id", flat=True))
    return sorted(emails.wanting(users, DIGEST))


def digest_send(*, now: dt.datetime | None = None, dry_run: bool = False) -> DigestResult:
    """The weekly digest of the week ``now`` falls in, for the seven days before ``now`` (see the
    module's docstring); ``dry_run`` records and sends nothing and counts what would go."""
    now = now or timezone.now()
    since = now - dt.timedelta(days=7)
    week = week_of(timezone.localdate(now))
    result = DigestResult()
    done = set(DigestSent.objects.filter(week=week).values_list("user_id", flat=True))
    for user in User.objects.filter(pk__in=digest_candidates(since=since, until=now), erased_at__isnull=True):
        if user.pk in done:
            result.already += 1
            continue
        content = digest_content(user, since=since, until=now)
        mail = digest_message(user, content) if content else None
        if mail is None:
            continue
        if dry_run:
            result.sent += 1
            continue
        try:
            with transaction.atomic():
                record = DigestSent.objects.create(user=user, week=week)
        except IntegrityError:  # another run sent it a moment ago
            result.already += 1
            continue
        try:
            mail.send()
        except Exception:
            logger.exception("weekly digest to user %s failed", user.pk)
            record.delete()  # try again at the next run this week
            result.failed += 1
        else:
            result.sent += 1
    return result
