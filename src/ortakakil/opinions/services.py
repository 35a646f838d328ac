"""Writes of the opinion map's back office: conversations, seed statements, moderation and the
Pol.is import.

Every service is keyword-only, checks ``opinions.manage`` on the conversation's process, runs in
one transaction and records the actor in django-simple-history, so the back office and the CLI
behave the same way.

**A closed conversation is a record.** Once closed, nothing of it changes: no votes (the voting
pages refuse them), no new statements, no moderation, no seeding, no import, no edit of its title
or question. Reading and exporting still work, and the strategy team may reopen it (logged in its
history like every change), after which the rules of an open conversation apply again.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import tempfile
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from ortakakil.core.models import User
from ortakakil.core.services import assign, audited_save, require_perm
from ortakakil.core.text import search_fold
from ortakakil.core.validation import clean_optional_text, clean_text
from ortakakil.processes import contributions
from ortakakil.processes.models import Process, Theme
from ortakakil.workshops.models import Workshop

from . import polis_io, recompute
from .models import STATEMENT_MAX, Conversation, Participant, Statement, Vote

TITLE_MAX = 200
DESCRIPTION_MAX = 2000
REASON_MAX = 500

SEED_KINDS = ("workshop_idea", "proposal")
"""What statements are seeded from: the top dot-voted workshop ideas and the most supported proposals."""


def _source_name(kind: str, pk: int) -> str:
    """A seed source as people name it: «öneri #12», «çalıştay fikri #7»."""
    names = {"workshop_idea": _("workshop idea #%(pk)d"), "proposal": _("proposal #%(pk)d")}
    return names.get(kind, f"{kind} #%(pk)d") % {"pk": pk}


MODERATION_STATES = (Statement.Status.ACCEPTED, Statement.Status.REJECTED, Statement.Status.META)


# --------------------------------------------------------------------------------------------
# Conversations
# --------------------------------------------------------------------------------------------


def _locked(conversation: Conversation) -> Conversation:
    """The conversation's row, locked until the transaction ends: writes that check and then
    insert (duplicate sources, the import into an empty conversation) are serialised."""
    return Conversation.objects.select_for_update().get(pk=conversation.pk)


def require_open(conversation: Conversation) -> None:
    """Refuse any change to a closed conversation (see the module's docstring)."""
    if conversation.is_closed:
        raise ValidationError(_("This conversation is closed: nothing in it can be changed. Reopen it first."))


def _clean_place(process: Process, theme: Theme | None, workshop: Workshop | None) -> None:
    if theme is not None and theme.process_id != process.pk:
        raise ValidationError({"theme": _("The theme must belong to this process.")})
    if workshop is not None and workshop.process_id != process.pk:
        raise ValidationError({"workshop": _("The workshop must belong to this process.")})


def _conversation_fields(
    process: Process,
    *,
    title: str,
    description: str,
    theme: Theme | None,
    workshop: Workshop | None,
    accepts_statements: bool,
) -> dict[str, Any]:
    _clean_place(process, theme, workshop)
    return {
        "title": clean_text(title, field="title", label=_("Title"), max_length=TITLE_MAX, min_length=3),
        "description": clean_optional_text(
            description, field="description", label=_("Question to participants"), max_length=DESCRIPTION_MAX
        ),
        "theme": theme,
        "workshop": workshop,
        "accepts_statements": bool(accepts_statements),
    }


@transaction.atomic
def conversation_create(
    *,
    actor: User,
    process: Process,
    title: str,
    description: str = "",
    theme: Theme | None = None,
    workshop: Workshop | None = None,
    accepts_statements: bool = True,
) -> Conversation:
    """A new conversation of ``process`` (of one theme, of one workshop, or of a workshop's theme)."""
    require_perm(actor, "opinions.manage", process)
    conversation = Conversation(process=process, created_by=actor)
    assign(
        conversation,
        _conversation_fields(
            process,
            title=title,
            description=description,
            theme=theme,
            workshop=workshop,
            accepts_statements=accepts_statements,
        ),
    )
    return audited_save(conversation, actor=actor)


@transaction.atomic
def conversation_edit(
    *,
    actor: User,
    conversation: Conversation,
    title: str,
    description: str = "",
    theme: Theme | None = None,
    workshop: Workshop | None = None,
    accepts_statements: bool = True,
) -> Conversation:
    require_perm(actor, "opinions.manage", conversation.process)
    conversation = _locked(conversation)
    require_open(conversation)
    changed = assign(
        conversation,
        _conversation_fields(
            conversation.process,
            title=title,
            description=description,
            theme=theme,
            workshop=workshop,
            accepts_statements=accepts_statements,
        ),
    )
    if not changed:
        return conversation
    return audited_save(conversation, actor=actor, update_fields=[*changed, "updated_at"])


@transaction.atomic
def conversation_close(*, actor: User, conversation: Conversation) -> Conversation:
    """Close the conversation: no more votes, statements or changes; its map stays readable."""
    require_perm(actor, "opinions.manage", conversation.process)
    conversation = _locked(conversation)
    if conversation.is_closed:
        raise ValidationError(_("This conversation is already closed."))
    conversation.closed_at = timezone.now()
    return audited_save(conversation, actor=actor, update_fields=["closed_at", "updated_at"])


@transaction.atomic
def conversation_reopen(*, actor: User, conversation: Conversation) -> Conversation:
    require_perm(actor, "opinions.manage", conversation.process)
    conversation = _locked(conversation)
    if not conversation.is_closed:
        raise ValidationError(_("This conversation is open."))
    conversation.closed_at = None
    return audited_save(conversation, actor=actor, update_fields=["closed_at", "updated_at"])


# --------------------------------------------------------------------------------------------
# Statements
# --------------------------------------------------------------------------------------------


def _same_text_exists(conversation: Conversation, text: str) -> bool:
    folded = " ".join(search_fold(text).split())
    return any(
        " ".join(search_fold(existing).split()) == folded
        for existing in conversation.statements.exclude(status=Statement.Status.REJECTED).values_list("text", flat=True)
    )


def _clean_statement(text: str, *, field: str = "text", one_line: bool = True) -> str:
    """A statement's visible text (on one line, as staff write them; imports keep their lines)."""
    cleaned = clean_text(
        text, field=field, label=_("Statement"), max_length=STATEMENT_MAX, min_length=3 if one_line else 1
    )
    return " ".join(cleaned.split()) if one_line else cleaned


@transaction.atomic
def statement_add(*, actor: User, conversation: Conversation, text: str) -> Statement:
    """A seed statement written by the staff: accepted at once."""
    require_perm(actor, "opinions.manage", conversation.process)
    conversation = _locked(conversation)
    require_open(conversation)
    text = _clean_statement(text)
    if _same_text_exists(conversation, text):
        raise ValidationError({"text": _("This conversation already has this statement.")})
    statement = Statement(
        conversation=conversation,
        text=text,
        status=Statement.Status.ACCEPTED,
        is_seed=True,
        author=actor,
        moderated_by=actor,
        moderated_at=timezone.now(),
    )
    audited_save(statement, actor=actor)
    _recompute_after_commit(conversation)
    return statement


_SENTENCE_END = re.compile(r"[.!?…](?=\s)")


def shorten(text: str, limit: int = STATEMENT_MAX) -> str:
    """``text`` on one line, cut to ``limit`` characters where a sentence ends (if that keeps at
    least half of it) or else after a whole word, with "…": a statement people can still read
    as one idea. Staff edit it before adding."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    head = flat[: limit - 1]
    ends = [m.end() for m in _SENTENCE_END.finditer(flat[:limit] + " ")]
    if ends and ends[-1] >= limit // 2:
        return flat[: ends[-1]].rstrip()
    cut = head.rsplit(" ", 1)[0] if " " in head else head
    return cut.rstrip(" ,;:—-") + "…"


def statement_text_for(contribution: contributions.Contribution) -> str:
    """The statement a contribution suggests: a proposal's title and the start of its text, an
    idea's text; shortened to ``STATEMENT_MAX``."""
    if contribution.kind == "proposal" and contribution.title:
        title = contribution.title.strip().rstrip(".")
        return shorten(f"{title}. {contribution.text}")
    return shorten(contribution.text)


@dataclass(frozen=True)
class SeedCandidate:
    contribution: contributions.Contribution
    text: str
    """The suggested statement (shortened)."""
    already: bool
    """A statement of this conversation already comes from it."""


def _source_contributions(conversation: Conversation, kind: str, pks: list[int]) -> dict[int, Any]:
    found = contributions.lookup(conversation.process, kind, pks)
    if conversation.theme_id is not None:
        found = {pk: c for pk, c in found.items() if c.theme_id == conversation.theme_id}
    if conversation.workshop_id is not None and kind == "workshop_idea":
        allowed = set(
            contributions.kind(kind)
            .public(conversation.process, theme=conversation.theme)
            .filter(table__workshop_id=conversation.workshop_id, pk__in=list(found))
            .values_list("pk", flat=True)
        )
        found = {pk: c for pk, c in found.items() if pk in allowed}
    return found


@transaction.atomic
def statements_seed_from(
    *,
    actor: User,
    conversation: Conversation,
    sources: Iterable[tuple[str, int]],
    texts: Mapping[tuple[str, int], str] | None = None,
) -> list[Statement]:
    """Seed statements picked from workshop ideas and proposals of the conversation's process (and
    theme, and workshop): each keeps its source (``source_kind``/``source_id``) for the plan's
    traceability; its text is ``texts[(kind, pk)]`` as the staff edited it, else the suggested
    shortening. All or nothing: an unknown or already used source refuses the whole pick."""
    require_perm(actor, "opinions.manage", conversation.process)
    conversation = _locked(conversation)
    require_open(conversation)
    picked = [(str(kind), int(pk)) for kind, pk in sources]
    if not picked:
        raise ValidationError(_("Choose at least one idea or proposal."))
    if len(set(picked)) != len(picked):
        raise ValidationError(_("The same source was chosen twice."))
    texts = texts or {}
    by_kind: dict[str, list[int]] = {}
    for kind, pk in picked:
        if kind not in SEED_KINDS:
            raise ValidationError(_("Statements are seeded from workshop ideas and proposals only."))
        by_kind.setdefault(kind, []).append(pk)
    found: dict[tuple[str, int], contributions.Contribution] = {}
    for kind, pks in by_kind.items():
        for pk, contribution in _source_contributions(conversation, kind, pks).items():
            found[(kind, pk)] = contribution
    missing = [key for key in picked if key not in found]
    if missing:
        raise ValidationError(
            _("%(source)s is not a contribution of this conversation's process, theme or workshop.")
            % {"source": _source_name(*missing[0])}
        )
    used = set(
        conversation.statements.filter(source_kind__in=list(by_kind), source_id__isnull=False).values_list(
            "source_kind", "source_id"
        )
    )
    repeated = [key for key in picked if key in used]
    if repeated:
        raise ValidationError(
            _("A statement of this conversation already comes from %(source)s.")
            % {"source": _source_name(*repeated[0])}
        )
    now = timezone.now()
    created = []
    for key in picked:
        edited = texts.get(key)
        text = _clean_statement(edited if edited is not None else statement_text_for(found[key]))
        if _same_text_exists(conversation, text):
            raise ValidationError(_("This conversation already has the statement “%(text)s”.") % {"text": text})
        statement = Statement(
            conversation=conversation,
            text=text,
            status=Statement.Status.ACCEPTED,
            is_seed=True,
            author=actor,
            source_kind=key[0],
            source_id=key[1],
            moderated_by=actor,
            moderated_at=now,
        )
        created.append(audited_save(statement, actor=actor))
    _recompute_after_commit(conversation)
    return created


def _moderation_reason(status: str, reason: str) -> str:
    if status not in MODERATION_STATES:
        raise ValidationError({"status": _("Choose accept, reject or meta.")})
    reason = clean_optional_text(reason, field="reason", label=_("Reason"), max_length=REASON_MAX)
    if status == Statement.Status.REJECTED and len(reason) < 3:
        raise ValidationError({"reason": _("A rejection needs a reason.")})
    return reason


def _moderate(actor: User, statement: Statement, status: str, reason: str, now: dt.datetime) -> bool:
    if statement.status == status and statement.moderation_reason == reason:
        return False
    statement.status = status
    statement.moderation_reason = reason
    statement.moderated_by = actor
    statement.moderated_at = now
    audited_save(
        statement,
        actor=actor,
        update_fields=["status", "moderation_reason", "moderated_by", "moderated_at", "updated_at"],
    )
    return True


@transaction.atomic
def statement_moderate(*, actor: User, statement: Statement, status: str, reason: str = "") -> Statement:
    """Accept, reject (with a reason) or mark as meta a statement. Nothing is deleted: who, when
    and why stay on the statement and in its history; a rejected statement leaves the vote."""
    conversation = statement.conversation
    require_perm(actor, "opinions.manage", conversation.process)
    conversation = _locked(conversation)
    require_open(conversation)
    reason = _moderation_reason(status, reason)
    statement = Statement.objects.get(pk=statement.pk)
    if _moderate(actor, statement, status, reason, timezone.now()):
        _recompute_after_commit(conversation)
    return statement


@transaction.atomic
def statements_moderate(
    *, actor: User, conversation: Conversation, statement_ids: Iterable[int], status: str, reason: str = ""
) -> int:
    """The same decision for several statements of one conversation (the view asks for a
    confirmation first); returns how many changed. All or nothing."""
    require_perm(actor, "opinions.manage", conversation.process)
    conversation = _locked(conversation)
    require_open(conversation)
    reason = _moderation_reason(status, reason)
    ids = sorted({int(pk) for pk in statement_ids})
    if not ids:
        raise ValidationError(_("Choose at least one statement."))
    statements = list(conversation.statements.filter(pk__in=ids).order_by("pk"))
    if len(statements) != len(ids):
        raise ValidationError(_("Some of the chosen statements are not in this conversation."))
    now = timezone.now()
    changed = sum(_moderate(actor, statement, status, reason, now) for statement in statements)
    if changed:
        _recompute_after_commit(conversation)
    return changed


def _recompute_after_commit(conversation: Conversation) -> None:
    transaction.on_commit(lambda: recompute.request_recompute(conversation))


# --------------------------------------------------------------------------------------------
# Pol.is import
# --------------------------------------------------------------------------------------------

POLIS_FILES = (polis_io.COMMENTS, polis_io.VOTES, polis_io.PARTICIPANT_VOTES, "summary.csv")
POLIS_MAX_FILE_BYTES = 20 * 1024 * 1024
"""One file of an export, uploaded or unpacked from the zip (Pol.is' largest public exports are a
few megabytes)."""
POLIS_MAX_TOTAL_BYTES = 40 * 1024 * 1024
POLIS_MAX_ZIP_MEMBERS = 20


class PolisImportError(ValidationError):
    """Bad Pol.is input, in Turkish, naming the file (and line)."""


def _polis_error(error: polis_io.PolisFormatError, *, bare_names: bool) -> PolisImportError:
    path = Path(error.path).name if bare_names else error.path
    where = f"{path}:{error.line}" if error.line else path
    return PolisImportError(f"{where}: {error.message}")


def polis_files_from_upload(uploads: Mapping[str, bytes]) -> dict[str, bytes]:
    """The export's files from what was uploaded: the CSV files themselves, or one .zip of the
    export directory (members may sit in one folder). Bounded: member count, each member's and
    the total unpacked size are checked while reading, never trusted from the zip's directory."""
    files: dict[str, bytes] = {}
    for name, content in uploads.items():
        base = PurePosixPath(name.replace("\\", "/")).name
        if base.lower().endswith(".zip"):
            files.update(_unzip(base, content))
        elif base in POLIS_FILES:
            files[base] = content
        else:
            raise PolisImportError(
                _("%(name)s: not a Pol.is export file (comments.csv, votes.csv, participants-votes.csv, .zip).")
                % {"name": base}
            )
    total = sum(len(content) for content in files.values())
    if any(len(content) > POLIS_MAX_FILE_BYTES for content in files.values()) or total > POLIS_MAX_TOTAL_BYTES:
        raise PolisImportError(_("The files are too large to import here; use the command line."))
    return files


def _unzip(name: str, content: bytes) -> dict[str, bytes]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise PolisImportError(_("%(name)s: not a valid zip file.") % {"name": name}) from None
    if len(members) > POLIS_MAX_ZIP_MEMBERS:
        raise PolisImportError(
            _("%(name)s: too many files in the zip (at most %(n)d).") % {"name": name, "n": POLIS_MAX_ZIP_MEMBERS}
        )
    files: dict[str, bytes] = {}
    unpacked = 0
    for member in members:
        if member.is_dir():
            continue
        path = PurePosixPath(member.filename.replace("\\", "/"))
        if path.name not in POLIS_FILES:
            continue
        if path.name in files:
            raise PolisImportError(
                _("%(name)s: %(file)s appears twice in the zip.") % {"name": name, "file": path.name}
            )
        try:
            with archive.open(member) as stream:
                data = stream.read(POLIS_MAX_FILE_BYTES + 1)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError):
            raise PolisImportError(
                _("%(name)s: %(file)s cannot be unpacked.") % {"name": name, "file": path.name}
            ) from None
        unpacked += len(data)
        if len(data) > POLIS_MAX_FILE_BYTES or unpacked > POLIS_MAX_TOTAL_BYTES:
            raise PolisImportError(_("%(name)s: the files in the zip are too large once unpacked.") % {"name": name})
        files[path.name] = data
    if not files:
        raise PolisImportError(_("%(name)s: the zip holds no Pol.is export files.") % {"name": name})
    return files


@dataclass(frozen=True)
class ImportReport:
    statements: int
    participants: int
    votes: int


EPOCH_MS_FLOOR = 10**11
"""Pol.is times are milliseconds since 1970 (about 1.6e12 today); smaller numbers are line
numbers that ``polis_io`` gives votes without a timestamp, not times."""


def _ms_to_datetime(ms: int | None) -> dt.datetime | None:
    if ms is None or ms < EPOCH_MS_FLOOR:
        return None
    try:
        return dt.datetime.fromtimestamp(ms / 1000, tz=dt.UTC)
    except (OverflowError, OSError, ValueError):
        return None


@transaction.atomic
def polis_import(
    *,
    actor: User,
    conversation: Conversation,
    directory: Path | str | None = None,
    files: Mapping[str, bytes] | None = None,
) -> ImportReport:
    """Import a Pol.is export (a ``directory``, or ``files`` by name) into an empty conversation,
    all or nothing.

    * Participants by their Pol.is id (``Participant.polis_id``; no stakeholder type is known).
    * Statements by their comment id (``Statement.polis_id``): moderated −1 becomes rejected,
      0 and 1 accepted; the author is the participant with ``author-id``. A body that our export
      neutralised against spreadsheet formulas (``'=…``) gets its text back (``polis_io.unprotect_formula``).
    * Votes with their times (``timestamp`` in milliseconds): of repeated votes on one statement
      the latest wins, ``created_at`` is the first and ``updated_at`` the latest time. Without
      votes.csv (participants-votes.csv only) the votes have no time and get the import's.

    Refused, with the file and line in Turkish: bad files (``polis_io``), a comment over
    ``STATEMENT_MAX`` characters or with control characters, a vote on a comment that is not in
    comments.csv, and a conversation that is closed or already has statements or votes (an import
    never mixes with what people did here). A recomputation of the map is requested afterwards.
    """
    require_perm(actor, "opinions.manage", conversation.process)
    if (directory is None) == (files is None):
        raise ValueError("give a directory or files")
    conversation = _locked(conversation)
    require_open(conversation)
    if conversation.statements.exists() or conversation.votes.exists():
        raise PolisImportError(
            _("A Pol.is export is imported only into an empty conversation (no statements, no votes yet).")
        )
    try:
        if files is not None:
            with tempfile.TemporaryDirectory(prefix="polis-") as folder:
                for name, content in files.items():
                    (Path(folder) / PurePosixPath(name).name).write_bytes(content)
                export = polis_io.read_export(folder)
                comments_path: str = polis_io.COMMENTS
        else:
            export = polis_io.read_export(directory)  # type: ignore[arg-type]
            comments_path = str(Path(directory) / polis_io.COMMENTS)  # type: ignore[arg-type]
    except polis_io.PolisFormatError as error:
        raise _polis_error(error, bare_names=files is not None) from None
    return _store_export(actor, conversation, export, comments_path)


def _store_export(
    actor: User, conversation: Conversation, export: polis_io.Conversation, comments_path: str
) -> ImportReport:
    now = timezone.now()
    known = {c.id for c in export.comments}
    unknown = sorted(set(export.votes.comment.tolist()) - known)
    if unknown:
        raise PolisImportError(
            _("%(file)s: comment %(id)d has votes but is not in the file.") % {"file": comments_path, "id": unknown[0]}
        )
    # Latest vote per (participant, comment), with its first and latest time.
    times = export.votes.time.tolist() if export.votes.time is not None else None
    latest: dict[tuple[int, int], tuple[int, int | None, int | None]] = {}
    for n, (pid, cid, value) in enumerate(
        zip(export.votes.participant.tolist(), export.votes.comment.tolist(), export.votes.vote.tolist(), strict=True)
    ):
        stamp = times[n] if times is not None else None
        first = latest[(pid, cid)][1] if (pid, cid) in latest else stamp
        latest[(pid, cid)] = (int(value), first, stamp)
    people = sorted({pid for pid, _ in latest} | {c.author for c in export.comments if c.author is not None})
    participants = Participant.objects.bulk_create(
        [Participant(conversation=conversation, polis_id=pid) for pid in people]
    )
    participant_of = {p.polis_id: p for p in participants}
    statements: list[Statement] = []
    created_times: list[dt.datetime | None] = []
    for comment in export.comments:
        body = polis_io.unprotect_formula(comment.body)
        try:
            text = _clean_statement(body, field="comment-body", one_line=False)
        except ValidationError as error:
            raise PolisImportError(
                f"{comments_path}: {_('comment %(id)d') % {'id': comment.id}}: {' '.join(error.messages)}"
            ) from None
        statements.append(
            Statement(
                conversation=conversation,
                text=text,
                status=Statement.Status.REJECTED if comment.moderated < 0 else Statement.Status.ACCEPTED,
                polis_id=comment.id,
                author_participant=participant_of.get(comment.author) if comment.author is not None else None,
                moderated_by=actor,
                moderated_at=now,
                moderation_reason=_("Imported from Pol.is") if comment.moderated < 0 else "",
            )
        )
        created_times.append(_ms_to_datetime(comment.timestamp))
    bulk_create_with_history(statements, Statement, default_user=actor)
    dated = []
    for statement, when in zip(statements, created_times, strict=True):
        if when is not None:
            statement.created_at = statement.updated_at = when
            dated.append(statement)
    Statement.objects.bulk_update(dated, ["created_at", "updated_at"], batch_size=500)
    statement_of = {s.polis_id: s for s in statements}
    votes = [
        Vote(
            conversation=conversation,
            statement=statement_of[cid],
            participant=participant_of[pid],
            value=value,
        )
        for (pid, cid), (value, _first, _last) in latest.items()
    ]
    Vote.objects.bulk_create(votes, batch_size=2000)
    if times is not None:
        for vote, (_value, first, last) in zip(votes, latest.values(), strict=True):
            vote.created_at = _ms_to_datetime(first) or now
            vote.updated_at = _ms_to_datetime(last) or now
        Vote.objects.bulk_update(votes, ["created_at", "updated_at"], batch_size=1000)
    _recompute_after_commit(conversation)
    return ImportReport(statements=len(statements), participants=len(participants), votes=len(votes))
