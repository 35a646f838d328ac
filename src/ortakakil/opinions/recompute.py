"""Recomputing a conversation's opinion map from its votes (the pure ``opinions/math``), stored as
an ``Analysis``; run in the background after vote batches.

* ``recompute(conversation) -> Analysis`` — synchronous: loads the votes in the order they were
  last cast, runs one Pol.is update warm-started from the latest analysis' state (Pol.is reuses
  the previous clustering), and writes a new ``Analysis``. The previous rows stay until the new
  one is saved; then only the latest ``KEEP`` are kept. A failure leaves the previous map in place.
* ``request_recompute(conversation)`` — called after each vote: cheap, never raises, debounced.
  A job starts when ``OPINIONS_RECOMPUTE_MIN_VOTES`` new votes arrived since the latest map, or at
  least one did and the map is ``OPINIONS_RECOMPUTE_SECONDS`` old, and no job is already pending
  (a cache ``add`` per conversation decides that, so two requests never start two jobs). When
  votes arrive while a job runs, the job asks once more when it ends; the periodic task
  ``opinions.tasks.recompute_stale`` picks up the last votes of a burst that asked too early.
* ``analysis_request(actor=, conversation=)`` — the strategy team's "recompute now".
"""

from __future__ import annotations

import json
import logging
import time
from datetime import datetime, timedelta
from itertools import chain
from typing import Any

import numpy as np
from django.conf import settings
from django.db import connections, transaction
from django.db.models import JSONField, Max, TextField, Value
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from ortakakil.core.isolation import run_isolated
from ortakakil.core.jobs import Progress, job_locked, job_runner, job_start_once, job_unlock
from ortakakil.core.models import Job
from ortakakil.core.services import require_perm

from .math.matrix import Votes
from .math.persist import empty_result
from .math.update import MapTexts, update_texts
from .models import Analysis, Conversation, Statement, Vote

logger = logging.getLogger(__name__)

JOB_KIND = "opinions.recompute"
KEEP = 3
"""Analyses kept per conversation (the latest is shown; older ones only help to diagnose)."""
PENDING_SECONDS = 15 * 60
"""How long a requested job holds the per-conversation lock at most (a worker that died)."""
CHUNK = 20_000


def _pending_key(conversation_id: int) -> str:
    return f"opinions:recompute:pending:{conversation_id}"


# Each vote packed by PostgreSQL into one bytea: participant, statement (int8), value (int2), when
# it was last cast (timestamptz, int8 microseconds) and its id (int8), big-endian.
_PACKED_VOTE = np.dtype(
    [("participant", ">i8"), ("statement", ">i8"), ("value", ">i2"), ("time", ">i8"), ("id", ">i8")]
)


def _vote_rows(conversation: Conversation) -> np.ndarray[Any, np.dtype[np.int64]]:
    """(participant, statement, value) of every vote, in the order they were last cast.

    The ORM's row objects cost more than the mathematics on large conversations. On PostgreSQL
    the votes come back as one packed bytea (one message instead of one per vote; measured
    faster than a binary ``COPY``, whose client reads a message per row) and are put in order by
    numpy, which also spares the database an on-disk sort; elsewhere the query Django compiles is
    read with the cursor in chunks straight into numpy."""
    rows = (
        Vote.objects.filter(conversation=conversation)
        .order_by("updated_at", "pk")
        .values_list("participant_id", "statement_id", "value")
    )
    connection = connections[rows.db]
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(Vote._meta.db_table)
        query = (
            "SELECT string_agg(int8send(participant_id) || int8send(statement_id) || int2send(value::int2)"  # noqa: S608
            f" || timestamptz_send(updated_at) || int8send(id), ''::bytea) FROM {table} WHERE conversation_id = %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(query, [conversation.pk])
            packed = cursor.fetchone()[0]
        packed_votes = np.frombuffer(bytes(packed or b""), dtype=_PACKED_VOTE)
        order = np.lexsort((packed_votes["id"], packed_votes["time"]))
        return np.stack(
            [packed_votes[name][order].astype(np.int64) for name in ("participant", "statement", "value")], axis=1
        ).reshape(-1, 3)
    sql, params = rows.query.sql_with_params()
    chunks: list[np.ndarray[Any, np.dtype[np.int64]]] = [np.zeros((0, 3), np.int64)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(CHUNK):
            flat = np.fromiter(chain.from_iterable(batch), dtype=np.int64, count=3 * len(batch))
            chunks.append(flat.reshape(-1, 3))
    return np.concatenate(chunks).reshape(-1, 3)


def load_votes(conversation: Conversation) -> tuple[Votes, int, datetime | None]:
    """The conversation's votes on moderated statements, in the order they were last cast, as the
    pure pipeline's ``Votes``; with the number of votes and the time of the latest.

    Rejected statements are moderated out (their columns count as neutral, Pol.is'
    ``zero-out-columns``); meta statements (about the conversation itself) too, as the model says:
    shown, with their counts, but left out of the mathematics, of representativeness and of
    consensus. Votes on statements still waiting for moderation are left out.
    One query, read in chunks straight into numpy."""
    statuses = dict(Statement.objects.filter(conversation=conversation).values_list("pk", "status"))
    shown = sorted(pk for pk, s in statuses.items() if s in (Statement.Status.ACCEPTED, Statement.Status.META))
    out = frozenset(pk for pk, s in statuses.items() if s in (Statement.Status.REJECTED, Statement.Status.META))
    counted = np.array(sorted(pk for pk, s in statuses.items() if s != Statement.Status.PENDING), dtype=np.int64)
    data = _vote_rows(conversation)
    data = data[np.isin(data[:, 1], counted)]
    last = Vote.objects.filter(conversation=conversation).aggregate(last=Max("updated_at"))["last"]
    votes = Votes(
        participant=data[:, 0].copy(),
        comment=data[:, 1].copy(),
        vote=data[:, 2].astype(np.int8),
        comments=tuple(shown),
        moderated_out=out,
    )
    return votes, len(data), last


def _stored_json(text: str) -> Cast:
    """A JSON text written as it is into a ``JSONField`` (no parsing into Python objects first)."""
    return Cast(Value(text, output_field=TextField()), output_field=JSONField())


def recompute(conversation: Conversation) -> Analysis:
    """Compute the conversation's opinion map now and store it as a new ``Analysis``.

    The mathematics runs on JSON text in and out (``math.update.update_texts``), in a short-lived
    child process when ``OPINIONS_RECOMPUTE_ISOLATED`` is on (production's default): the worker's
    memory then does not keep the high-water mark of the largest map it computed. The returned
    analysis loads its ``result`` and ``state`` from the database when they are read."""
    started = time.perf_counter()
    votes, n_votes, last_vote_at = load_votes(conversation)
    previous_state = (
        Analysis.objects.filter(conversation=conversation)
        .order_by("-created_at", "-pk")
        .values_list(Cast("state", output_field=TextField()), flat=True)
        .first()
    )
    if n_votes == 0:
        texts = MapTexts(result=json.dumps(empty_result()), state="{}", participants=0)
    elif settings.OPINIONS_RECOMPUTE_ISOLATED:
        texts = run_isolated(update_texts, votes, conversation.pk, previous_state)
    else:
        texts = update_texts(votes, conversation.pk, previous_state)
    with transaction.atomic():
        analysis = Analysis.objects.create(
            conversation=conversation,
            votes_count=n_votes,
            participants_count=texts.participants,
            last_vote_at=last_vote_at,
            result=_stored_json(texts.result),
            state=_stored_json(texts.state),
            seconds=round(time.perf_counter() - started, 3),
        )
        stale = Analysis.objects.filter(conversation=conversation).order_by("-created_at", "-pk")[KEEP:]
        Analysis.objects.filter(pk__in=[a.pk for a in stale]).delete()
    for name in ("result", "state"):  # deferred: read from the database if and when asked for
        del analysis.__dict__[name]
    return analysis


def recompute_pending(conversation: Conversation) -> bool:
    """Whether a newer map is being computed (pages say so)."""
    return job_locked(_pending_key(conversation.pk))


def _is_due(conversation: Conversation, latest: Analysis | None) -> bool:
    if latest is None:
        return Vote.objects.filter(conversation=conversation).exists()
    new = Vote.objects.filter(conversation=conversation)
    if latest.last_vote_at is not None:
        new = new.filter(updated_at__gt=latest.last_vote_at)
    threshold = max(1, settings.OPINIONS_RECOMPUTE_MIN_VOTES)
    arrived = new[:threshold].count()  # stops counting at the threshold, however many votes came
    if arrived >= threshold:
        return True
    old = timezone.now() - latest.created_at >= timedelta(seconds=settings.OPINIONS_RECOMPUTE_SECONDS)
    return arrived > 0 and old


def _start(conversation: Conversation, *, actor: Any = None, again: bool = True) -> Job | None:
    """Start a recomputation job unless one is pending (the cache ``add`` is the lock)."""
    return job_start_once(
        _pending_key(conversation.pk),
        kind=JOB_KIND,
        label=_("Opinion map: %(title)s") % {"title": conversation.title},
        actor=actor,
        params={"conversation": conversation.pk, "again": again},
        timeout=PENDING_SECONDS,
    )


def request_recompute(conversation: Conversation) -> None:
    """After a vote: start a background recomputation when it is due. Never blocks or fails the
    vote (a problem here is logged, the periodic task catches up)."""
    try:
        if recompute_pending(conversation):
            return
        # Only the dates: a large map's result and state are megabytes, and this runs on every vote.
        latest = (
            Analysis.objects.filter(conversation=conversation)
            .only("pk", "created_at", "last_vote_at")
            .order_by("-created_at", "-pk")
            .first()
        )
        if _is_due(conversation, latest):
            _start(conversation)
    except Exception:
        logger.exception("could not request a recomputation of conversation %s", conversation.pk)


def analysis_request(*, actor: Any, conversation: Conversation) -> Job | None:
    """The strategy team's "recompute now": starts a job at once, whatever the thresholds say;
    ``None`` when one is already pending (its map is on its way)."""
    require_perm(actor, "opinions.manage", conversation)
    return _start(conversation, actor=actor)


@job_runner(JOB_KIND)
def recompute_job(progress: Progress, *, conversation: int, again: bool = True) -> None:
    """The background job: recompute, release the lock, and ask once more if votes arrived
    meanwhile (the last votes of a burst are not left out)."""
    found = Conversation.objects.filter(pk=conversation).first()
    try:
        if found is None:
            return
        progress(0, 1, _("Computing the opinion map"))
        analysis = recompute(found)
        progress(1, 1, _("Opinion map ready"))
    finally:
        job_unlock(_pending_key(conversation))
    newer = Vote.objects.filter(conversation=found)
    if analysis.last_vote_at is not None:
        newer = newer.filter(updated_at__gt=analysis.last_vote_at)
    if again and newer.exists():
        _start(found, again=False)


def recompute_stale(*, within: timedelta = timedelta(hours=6)) -> int:
    """Start a recomputation for every conversation whose recent votes are newer than its map and
    that is due (the periodic task); returns how many were started."""
    since = timezone.now() - within
    recent = Vote.objects.filter(updated_at__gte=since).values_list("conversation_id", flat=True).distinct()
    started = 0
    for conversation in Conversation.objects.filter(pk__in=list(recent)):
        if recompute_pending(conversation):
            continue
        latest = Analysis.objects.filter(conversation=conversation).order_by("-created_at", "-pk").first()
        if _is_due(conversation, latest) and _start(conversation) is not None:
            started += 1
    return started
