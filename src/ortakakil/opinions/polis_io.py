"""Reading and writing Pol.is export directories (pure: no Django).

A Pol.is export holds ``comments.csv`` (timestamp, datetime, comment-id, author-id, agrees,
disagrees, moderated, comment-body), ``votes.csv`` (timestamp, datetime, comment-id, voter-id,
vote) and ``participants-votes.csv`` (participant, [xid,] group-id, n-comments, n-votes, n-agree,
n-disagree, then one column per comment id holding 1, −1, 0 or nothing). We read comments.csv plus
votes.csv, or participants-votes.csv when votes.csv is absent (then the votes have no time).
Bad input raises ``PolisFormatError`` naming the file and line, in Turkish like the rest of the CLI.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .math.matrix import Votes

COMMENTS, VOTES, PARTICIPANT_VOTES = "comments.csv", "votes.csv", "participants-votes.csv"
FIXED_PARTICIPANT_COLUMNS = ("participant", "xid", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree")


class PolisFormatError(ValueError):
    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        self.path, self.line, self.message = str(path), line, message
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Comment:
    id: int
    body: str
    author: int | None = None
    moderated: int = 0  # −1 moderated out, 0 unmoderated, 1 accepted
    timestamp: int | None = None


@dataclass(frozen=True)
class Conversation:
    comments: list[Comment]
    votes: Votes
    groups: dict[int, int] = field(default_factory=dict)  # Pol.is' own group-id, when the file has it

    @property
    def moderated_out(self) -> frozenset[int]:
        return frozenset(c.id for c in self.comments if c.moderated < 0)


def _rows(path: Path, required: Iterable[str]) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PolisFormatError(path, None, f"UTF-8 değil (bayt {error.start}).") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        raise PolisFormatError(path, 1, "dosya boş; başlık satırı yok.")
    header = [h.strip() for h in header]
    missing = [c for c in required if c not in header]
    if missing:
        raise PolisFormatError(path, 1, f"eksik sütun: {', '.join(missing)}.")
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        yield reader.line_num, dict(zip(header, row, strict=False))


def _optional_int(path: Path, line: int, column: str, value: str | None) -> int | None:
    text = (value or "").strip()
    return _int(path, line, column, text) if text else None


def _int(path: Path, line: int, column: str, value: str | None) -> int:
    text = (value or "").strip()
    if not text:
        raise PolisFormatError(path, line, f"'{column}' boş.")
    try:
        return int(text)
    except ValueError:
        try:
            number = float(text)
        except ValueError:
            number = float("nan")
        if number.is_integer():
            return int(number)
    raise PolisFormatError(path, line, f"'{column}' bir tam sayı değil: {text!r}.")


def _vote(path: Path, line: int, column: str, value: str | None) -> int:
    vote = _int(path, line, column, value)
    if vote not in (-1, 0, 1):
        raise PolisFormatError(path, line, f"oy -1, 0 ya da 1 olmalı: {(value or '').strip()!r}.")
    return vote


def read_comments(path: Path) -> list[Comment]:
    comments: dict[int, Comment] = {}
    for line, row in _rows(path, ("comment-id", "comment-body")):
        cid = _int(path, line, "comment-id", row.get("comment-id"))
        if cid in comments:
            raise PolisFormatError(path, line, f"yorum {cid} iki kez var.")
        moderated = _optional_int(path, line, "moderated", row.get("moderated")) or 0
        comments[cid] = Comment(
            id=cid,
            body=row.get("comment-body") or "",
            author=_optional_int(path, line, "author-id", row.get("author-id")),
            moderated=moderated,
            timestamp=_optional_int(path, line, "timestamp", row.get("timestamp")),
        )
    return sorted(comments.values(), key=lambda c: c.id)


def read_votes(path: Path, comments: tuple[int, ...] = (), moderated_out: Iterable[int] = ()) -> Votes:
    """votes.csv in time order (stable, so that of two votes with one timestamp the later line wins)."""
    rows: list[tuple[int, int, int, int]] = []
    for line, row in _rows(path, ("comment-id", "voter-id", "vote")):
        cid = _int(path, line, "comment-id", row.get("comment-id"))
        pid = _int(path, line, "voter-id", row.get("voter-id"))
        vote = _vote(path, line, "vote", row.get("vote"))
        stamp = _optional_int(path, line, "timestamp", row.get("timestamp"))
        rows.append((pid, cid, vote, len(rows) if stamp is None else stamp))
    data = np.array(rows, dtype=np.int64).reshape(-1, 4)
    order = np.argsort(data[:, 3], kind="stable")
    data = data[order]
    return Votes(
        participant=data[:, 0].copy(),
        comment=data[:, 1].copy(),
        vote=data[:, 2].astype(np.int8),
        time=data[:, 3].copy(),
        comments=comments,
        moderated_out=frozenset(moderated_out),
    )


def read_participant_votes(
    path: Path, comments: tuple[int, ...] = (), moderated_out: Iterable[int] = ()
) -> tuple[Votes, dict[int, int]]:
    """participants-votes.csv: the votes (no time; row order) and Pol.is' own groups."""
    rows: list[tuple[int, int, int]] = []
    groups: dict[int, int] = {}
    seen: set[int] = set()
    columns: list[tuple[str, int]] | None = None
    for line, row in _rows(path, ("participant",)):
        if columns is None:
            columns = []
            for name in row:
                if name in FIXED_PARTICIPANT_COLUMNS:
                    continue
                cid = _int(path, 1, "comment-id", name)
                columns.append((name, cid))
        pid = _int(path, line, "participant", row.get("participant"))
        if pid in seen:
            raise PolisFormatError(path, line, f"katılımcı {pid} iki kez var.")
        seen.add(pid)
        group = _optional_int(path, line, "group-id", row.get("group-id"))
        if group is not None:
            groups[pid] = group
        for name, cid in columns:
            if (row.get(name) or "").strip():
                rows.append((pid, cid, _vote(path, line, name, row.get(name))))
    votes = Votes.from_rows(rows, comments=comments, moderated_out=moderated_out)
    return votes, groups


def read_export(directory: Path | str) -> Conversation:
    """Read a Pol.is export directory; raises PolisFormatError (file:line) on bad input."""
    folder = Path(directory)
    if not folder.is_dir():
        raise PolisFormatError(folder, None, "klasör bulunamadı.")
    if not (folder / COMMENTS).is_file():
        raise PolisFormatError(folder / COMMENTS, None, "dosya bulunamadı.")
    comments = read_comments(folder / COMMENTS)
    ids = tuple(c.id for c in comments)
    out = frozenset(c.id for c in comments if c.moderated < 0)
    groups: dict[int, int] = {}
    if (folder / VOTES).is_file():
        votes = read_votes(folder / VOTES, ids, out)
        source = folder / VOTES
        if (folder / PARTICIPANT_VOTES).is_file():
            groups = _groups_only(folder / PARTICIPANT_VOTES)
    elif (folder / PARTICIPANT_VOTES).is_file():
        source = folder / PARTICIPANT_VOTES
        votes, groups = read_participant_votes(source, ids, out)
    else:
        raise PolisFormatError(folder / VOTES, None, f"dosya bulunamadı (ne {VOTES} ne {PARTICIPANT_VOTES} var).")
    if len(votes) == 0:
        raise PolisFormatError(source, None, "konuşma boş: hiç oy yok.")
    return Conversation(comments=comments, votes=votes, groups=groups)


def _groups_only(path: Path) -> dict[int, int]:
    groups: dict[int, int] = {}
    for line, row in _rows(path, ("participant",)):
        pid = _int(path, line, "participant", row.get("participant"))
        group = _optional_int(path, line, "group-id", row.get("group-id"))
        if pid is not None and group is not None:
            groups[pid] = group
    return groups


# ------------------------------------------------------------------------------------------------


def write_export(
    directory: Path | str, conversation: Conversation, groups: Mapping[int, int | None] | None = None
) -> None:
    """Write comments.csv, votes.csv and participants-votes.csv in Pol.is' layout
    (``groups``: participant → group index, default the conversation's own)."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    votes = conversation.votes
    latest: dict[tuple[int, int], int] = {}
    for p, c, v in zip(votes.participant.tolist(), votes.comment.tolist(), votes.vote.tolist(), strict=True):
        latest[(p, c)] = v
    agrees: dict[int, int] = {}
    disagrees: dict[int, int] = {}
    for (_, c), v in latest.items():
        if v == 1:
            agrees[c] = agrees.get(c, 0) + 1
        elif v == -1:
            disagrees[c] = disagrees.get(c, 0) + 1
    with open(folder / COMMENTS, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(
            ["timestamp", "datetime", "comment-id", "author-id", "agrees", "disagrees", "moderated", "comment-body"]
        )
        for c in conversation.comments:
            w.writerow(
                [
                    "" if c.timestamp is None else c.timestamp,
                    "",
                    c.id,
                    "" if c.author is None else c.author,
                    agrees.get(c.id, 0),
                    disagrees.get(c.id, 0),
                    c.moderated,
                    c.body,
                ]
            )
    with open(folder / VOTES, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["timestamp", "datetime", "comment-id", "voter-id", "vote"])
        times = votes.time.tolist() if votes.time is not None else list(range(len(votes)))
        for t, p, c, v in zip(
            times, votes.participant.tolist(), votes.comment.tolist(), votes.vote.tolist(), strict=True
        ):
            w.writerow([t, "", c, p, v])
    group_of = dict(conversation.groups) if groups is None else {p: g for p, g in groups.items() if g is not None}
    comment_ids = [c.id for c in conversation.comments]
    known = set(comment_ids)
    comment_ids += sorted({c for _, c in latest} - known)
    people: dict[int, dict[int, int]] = {}
    for (p, c), v in latest.items():
        people.setdefault(p, {})[c] = v
    with open(folder / PARTICIPANT_VOTES, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree", *comment_ids])
        for p in sorted(people):
            row = people[p]
            authored = sum(1 for c in conversation.comments if c.author == p)
            w.writerow(
                [
                    p,
                    group_of.get(p, ""),
                    authored,
                    len(row),
                    sum(1 for v in row.values() if v == 1),
                    sum(1 for v in row.values() if v == -1),
                    *[row.get(c, "") for c in comment_ids],
                ]
            )


# ------------------------------------------------------------------------------------------------
# Spreadsheet formulas in exported text.
#
# A comment "=HYPERLINK(…)" written raw into comments.csv becomes a formula when staff open the
# file in Excel or LibreOffice. As ``documents/csv_files.py`` does for every CSV the platform
# writes, a text cell that starts with = + - @, a tab or a carriage return gets a leading
# apostrophe (spreadsheets show it as text). To keep export → import exact, a text that already
# starts with apostrophes followed by such a character gets one more apostrophe, and the import
# removes exactly one apostrophe in front of (apostrophes and) such a character. Only text
# cells are treated: the vote column's -1 stays a number.

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def protect_formula(text: str) -> str:
    """``text`` as written into an exported text cell (see above)."""
    return "'" + text if text.lstrip("'").startswith(FORMULA_TRIGGERS) else text


def unprotect_formula(text: str) -> str:
    """The inverse of ``protect_formula``: ``unprotect_formula(protect_formula(t)) == t``."""
    if text.startswith("'") and text.lstrip("'").startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text


_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def polis_datetime(ms: int | None) -> str:
    """Pol.is' ``datetime`` column for a time in milliseconds, in UTC: ``Wed Jul 27 15:09:49 UTC 2022``."""
    import datetime as dt

    if ms is None:
        return ""
    when = dt.datetime.fromtimestamp(ms / 1000, tz=dt.UTC)
    return (
        f"{_DAYS[when.weekday()]} {_MONTHS[when.month - 1]} {when.day:02d} "
        f"{when.hour:02d}:{when.minute:02d}:{when.second:02d} UTC {when.year}"
    )


def _csv(rows: Iterable[Iterable[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow(["" if cell is None else cell for cell in row])
    return buffer.getvalue().encode("utf-8")


def export_files(
    conversation: Conversation,
    *,
    groups: Mapping[int, int | None] | None = None,
    summary: Iterable[tuple[str, str | int]] = (),
) -> dict[str, bytes]:
    """A Pol.is export as files: comments.csv, votes.csv (every vote in time order; ``votes.time``
    in milliseconds), participants-votes.csv (each participant's latest votes, with ``groups``)
    and summary.csv (``summary``'s key, value lines). Text cells go through ``protect_formula``;
    no byte-order mark (Pol.is' own files have none; ``read_export`` accepts both)."""
    votes = conversation.votes
    order = list(range(len(votes)))
    times: list[int] | None = votes.time.tolist() if votes.time is not None else None
    if times is not None:
        order.sort(key=lambda n: times[n])
    participant, comment, value = votes.participant.tolist(), votes.comment.tolist(), votes.vote.tolist()
    latest: dict[tuple[int, int], int] = {}
    for n in order:
        latest[(participant[n], comment[n])] = value[n]
    agrees: dict[int, int] = {}
    disagrees: dict[int, int] = {}
    for (_, c), v in latest.items():
        if v == 1:
            agrees[c] = agrees.get(c, 0) + 1
        elif v == -1:
            disagrees[c] = disagrees.get(c, 0) + 1
    files: dict[str, bytes] = {}
    files[COMMENTS] = _csv(
        [
            ["timestamp", "datetime", "comment-id", "author-id", "agrees", "disagrees", "moderated", "comment-body"],
            *(
                [
                    c.timestamp,
                    polis_datetime(c.timestamp),
                    c.id,
                    c.author,
                    agrees.get(c.id, 0),
                    disagrees.get(c.id, 0),
                    c.moderated,
                    protect_formula(c.body),
                ]
                for c in conversation.comments
            ),
        ]
    )
    files[VOTES] = _csv(
        [
            ["timestamp", "datetime", "comment-id", "voter-id", "vote"],
            *(
                [
                    times[n] if times is not None else None,
                    polis_datetime(times[n]) if times is not None else "",
                    comment[n],
                    participant[n],
                    value[n],
                ]
                for n in order
            ),
        ]
    )
    group_of = dict(conversation.groups) if groups is None else {p: g for p, g in groups.items() if g is not None}
    comment_ids = [c.id for c in conversation.comments]
    people: dict[int, dict[int, int]] = {}
    for (p, c), v in latest.items():
        people.setdefault(p, {})[c] = v
    authored: dict[int, int] = {}
    for written in conversation.comments:
        if written.author is not None:
            authored[written.author] = authored.get(written.author, 0) + 1
            people.setdefault(written.author, {})
    files[PARTICIPANT_VOTES] = _csv(
        [
            ["participant", "xid", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree", *comment_ids],
            *(
                [
                    p,
                    "",
                    group_of.get(p),
                    authored.get(p, 0),
                    len(people[p]),
                    sum(1 for v in people[p].values() if v == 1),
                    sum(1 for v in people[p].values() if v == -1),
                    *(people[p].get(c) for c in comment_ids),
                ]
                for p in sorted(people)
            ),
        ]
    )
    files["summary.csv"] = _csv([key, protect_formula(str(text))] for key, text in summary)
    return files
