"""A conversation of the opinion map as a Pol.is export (comments.csv, votes.csv,
participants-votes.csv, summary.csv), as files or one .zip — the format ``ortakakil polis
import`` and the back office's import read back (export → import → export keeps every vote).

Ids: a statement or participant imported from Pol.is keeps its Pol.is id; the others get the next
free ids after the largest Pol.is id, in the order they were created, so the ids never collide
and an export read back names the same people and statements. Statements: rejected →
``moderated`` −1, accepted and meta → 1, waiting for moderation → 0. Each vote is written once,
at the time it was last cast (``Vote.updated_at``, milliseconds). Text cells that a spreadsheet
would run as a formula get a leading apostrophe (``polis_io.protect_formula``; the import removes
exactly that apostrophe). Group ids come from the latest computed map, when there is one.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable

import numpy as np
from django.urls import NoReverseMatch

from ortakakil.opinions import polis_io, selectors
from ortakakil.opinions.math.matrix import Votes
from ortakakil.opinions.models import Conversation, Participant, Statement, Vote

MODERATED = {
    Statement.Status.REJECTED: -1,
    Statement.Status.ACCEPTED: 1,
    Statement.Status.META: 1,
    Statement.Status.PENDING: 0,
}


def _ids(rows: Iterable[tuple[int, int | None]]) -> dict[int, int]:
    """Our primary key → Pol.is id: the kept Pol.is id, else the next free one."""
    rows = list(rows)
    taken = [polis for _, polis in rows if polis is not None]
    following = max(taken, default=-1) + 1
    out: dict[int, int] = {}
    for pk, polis in sorted(rows):
        if polis is None:
            out[pk] = following
            following += 1
        else:
            out[pk] = polis
    return out


def _ms(when: dt.datetime) -> int:
    return int(when.timestamp() * 1000)


def polis_conversation(conversation: Conversation) -> tuple[polis_io.Conversation, dict[int, int | None]]:
    """The conversation in ``polis_io``'s terms, and each Pol.is participant id's group."""
    statements = list(
        Statement.objects.filter(conversation=conversation).values_list(
            "pk", "polis_id", "text", "status", "author_participant_id", "created_at"
        )
    )
    people = list(Participant.objects.filter(conversation=conversation).values_list("pk", "polis_id"))
    statement_id = _ids((pk, polis) for pk, polis, *_ in statements)
    person_id = _ids(people)
    comments = [
        polis_io.Comment(
            id=statement_id[pk],
            body=text,
            author=person_id.get(author) if author is not None else None,
            moderated=MODERATED[Statement.Status(status)],
            timestamp=_ms(created),
        )
        for pk, _polis, text, status, author, created in sorted(statements, key=lambda s: statement_id[s[0]])
    ]
    rows = list(
        Vote.objects.filter(conversation=conversation)
        .order_by("updated_at", "pk")
        .values_list("participant_id", "statement_id", "value", "updated_at")
    )
    data = np.array([(person_id[p], statement_id[s], v, _ms(t)) for p, s, v, t in rows], dtype=np.int64).reshape(-1, 4)
    votes = Votes(
        participant=data[:, 0].copy(),
        comment=data[:, 1].copy(),
        vote=data[:, 2].astype(np.int8),
        time=data[:, 3].copy(),
        comments=tuple(c.id for c in comments),
    )
    groups: dict[int, int | None] = {}
    analysis = selectors.latest_analysis(conversation)
    if analysis is not None:
        for group in analysis.result.get("groups", []):
            for member in group.get("members", []):
                if member in person_id:
                    groups[person_id[member]] = int(group["id"])
    return polis_io.Conversation(comments=comments, votes=votes), groups


def polis_export(conversation: Conversation) -> dict[str, bytes]:
    """``{filename: bytes}`` of the conversation's Pol.is export."""
    export, groups = polis_conversation(conversation)
    analysis = selectors.latest_analysis(conversation)
    voters = len(set(export.votes.participant.tolist()))
    summary: list[tuple[str, str | int]] = [
        ("topic", conversation.title),
        ("url", _public_url(conversation)),
        ("views", voters),
        ("voters", voters),
        ("voters-in-conv", int(analysis.result.get("in_conversation", 0)) if analysis else 0),
        ("commenters", len({c.author for c in export.comments if c.author is not None})),
        ("comments", len(export.comments)),
        ("groups", len(analysis.result.get("groups", [])) if analysis else 0),
        ("conversation-description", conversation.description),
    ]
    return polis_io.export_files(export, groups=groups, summary=summary)


def _public_url(conversation: Conversation) -> str:
    try:
        return conversation.get_absolute_url()
    except NoReverseMatch:  # the public pages are not wired
        return ""


def polis_export_zip(conversation: Conversation) -> bytes:
    """The export as one .zip (a folder named after the conversation's id)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in polis_export(conversation).items():
            archive.writestr(f"{zip_folder(conversation)}/{name}", content)
    return buffer.getvalue()


def zip_folder(conversation: Conversation) -> str:
    return f"polis-{conversation.process.slug}-{conversation.pk}"
