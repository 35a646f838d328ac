"""Pabulib .pb files: read and write participatory budgeting elections.

The format (Faliszewski et al., "Participatory Budgeting: Data, Tools and Analysis", IJCAI 2023,
and pabulib.org/format): three sections ``META``, ``PROJECTS`` and ``VOTES``, each a line with the
section's name followed by a header row and ``;``-separated rows (quotes as in CSV). ``META`` holds
``key;value`` rows, among them ``budget`` and ``vote_type`` (``approval``, ``choose-1``,
``cumulative``, ``scoring``, ``ordinal``); the first column of ``PROJECTS`` is the project's id and
``cost`` its cost; in ``VOTES`` the column ``vote`` lists the chosen project ids separated by commas
(and ``points`` the points of cumulative and scoring ballots). Numbers may use a decimal comma, as
pabutools' reader accepts.

Reading follows pabutools' ``parse_pabulib`` (the reference our rules are compared with): the same
project ids (the first column, stripped), exact costs and budget (``fractions.Fraction``), one ballot
per ``VOTES`` row, empty ballots counted as voters. Unlike pabutools it refuses what it cannot
trust, with the line number and a Turkish message (:class:`PabulibError`): a missing section or
budget, a cost that is not a non-negative number, a duplicate project id, a vote for a project the
file does not list.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

VOTE_TYPES = ("approval", "choose-1", "cumulative", "scoring", "ordinal")
SECTIONS = ("meta", "projects", "votes")
MAX_BYTES = 500 * 2**20


class PabulibError(ValueError):
    """A .pb file that cannot be read; ``line`` is 1-based (None: the file as a whole)."""

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        self.path, self.line, self.message = str(path), line, message
        super().__init__(f"{path}:{line}: {message}" if line else f"{path}: {message}")


@dataclass(frozen=True)
class Project:
    id: str
    cost: Fraction
    fields: dict[str, str] = field(default_factory=dict)
    """The row's other columns, by header name (``name``, ``votes``, ``selected`` …)."""


@dataclass(frozen=True)
class Ballot:
    voter_id: str
    projects: tuple[str, ...]
    """The project ids in the order written (duplicates left out)."""
    points: tuple[Fraction, ...] | None = None
    """Cumulative and scoring ballots: the points given to each of ``projects``."""
    fields: dict[str, str] = field(default_factory=dict)


@dataclass
class Election:
    meta: dict[str, str]
    projects: list[Project]
    ballots: list[Ballot]

    @property
    def budget(self) -> Fraction:
        return parse_number(self.meta["budget"])

    @property
    def vote_type(self) -> str:
        return self.meta.get("vote_type", "approval")

    def project_ids(self) -> list[str]:
        return [p.id for p in self.projects]


def parse_number(text: str) -> Fraction:
    """A decimal number as pabutools reads it (``"40000.0"``, ``"1,5"``), exactly."""
    cleaned = text.strip().replace(",", ".")
    if not cleaned:
        raise ValueError("empty")
    value = Fraction(cleaned)
    return value


def _cells(line: str) -> list[str]:
    return next(csv.reader([line], delimiter=";", strict=True), [])


def _read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
    except OSError:
        raise PabulibError(path, None, "dosya okunamadı.") from None
    if size > MAX_BYTES:
        raise PabulibError(path, None, f"dosya çok büyük (en çok {MAX_BYTES // 2**20} MB).")
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise PabulibError(path, line, "UTF-8 olmayan bir karakter var; dosyayı UTF-8 olarak kaydedin.") from None


def read(path: Path | str) -> Election:
    """The election in the .pb file ``path``."""
    path = Path(path)
    return loads(_read_text(path), path=path)


def loads(text: str, *, path: Path | str = "<pb>") -> Election:
    """The election written in ``text`` (the content of a .pb file)."""
    meta: dict[str, str] = {}
    projects: list[Project] = []
    by_id: dict[str, int] = {}
    ballots: list[Ballot] = []
    seen: set[str] = set()
    section = ""
    header: list[str] | None = None
    lines = text.splitlines()
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            row = _cells(raw)
        except csv.Error:
            raise PabulibError(path, number, "satır okunamadı (tırnak işaretleri eşleşmiyor).") from None
        first = row[0].strip().lower() if row else ""
        if len(row) == 1 and first in SECTIONS:
            if first in seen:
                raise PabulibError(path, number, f"{first.upper()} bölümü iki kez var.")
            seen.add(first)
            section, header = first, None
            continue
        if not section:
            raise PabulibError(path, number, "dosya META, PROJECTS ya da VOTES bölüm başlığıyla başlamalı.")
        if header is None:
            header = [h.strip() for h in row]
            if section == "projects" and "cost" not in header:
                raise PabulibError(path, number, "PROJECTS bölümünün başlığında cost sütunu yok.")
            if section == "votes" and "vote" not in header:
                raise PabulibError(path, number, "VOTES bölümünün başlığında vote sütunu yok.")
            continue
        if section == "meta":
            if len(row) < 2:
                raise PabulibError(path, number, "META satırı 'anahtar;değer' biçiminde olmalı.")
            meta[row[0].strip()] = row[1].strip()
        elif section == "projects":
            projects.append(_project(path, number, header, row, by_id))
            by_id[projects[-1].id] = len(projects) - 1
        else:
            if "projects" not in seen:
                raise PabulibError(path, number, "VOTES bölümü PROJECTS bölümünden önce geliyor.")
            ballots.append(_ballot(path, number, header, row, by_id, meta.get("vote_type", "approval")))
    for name in SECTIONS:
        if name not in seen:
            raise PabulibError(path, None, f"{name.upper()} bölümü yok.")
    if "budget" not in meta:
        raise PabulibError(path, None, "META bölümünde budget (bütçe) yok.")
    try:
        budget = parse_number(meta["budget"])
    except (ValueError, ZeroDivisionError):
        raise PabulibError(path, _meta_line(lines, "budget"), "bütçe bir sayı değil.") from None
    if budget < 0:
        raise PabulibError(path, _meta_line(lines, "budget"), "bütçe negatif olamaz.")
    vote_type = meta.get("vote_type", "approval")
    if vote_type not in VOTE_TYPES:
        raise PabulibError(
            path,
            _meta_line(lines, "vote_type"),
            f"bilinmeyen oy türü: {vote_type} (olabilecekler: {', '.join(VOTE_TYPES)}).",
        )
    if not projects:
        raise PabulibError(path, None, "PROJECTS bölümünde proje yok.")
    return Election(meta=meta, projects=projects, ballots=ballots)


def _meta_line(lines: list[str], key: str) -> int | None:
    for number, raw in enumerate(lines, start=1):
        if raw.split(";", 1)[0].strip() == key:
            return number
    return None


def _project(path: Path | str, number: int, header: list[str], row: list[str], by_id: dict[str, int]) -> Project:
    project_id = row[0].strip()
    if not project_id:
        raise PabulibError(path, number, "proje kimliği (ilk sütun) boş.")
    if project_id in by_id:
        raise PabulibError(path, number, f"{project_id} proje kimliği iki kez kullanılmış.")
    fields = {key: row[i].strip() for i, key in enumerate(header) if i < len(row)}
    raw_cost = fields.pop("cost", "")
    fields.pop(header[0], None)
    try:
        cost = parse_number(raw_cost)
    except (ValueError, ZeroDivisionError):
        raise PabulibError(path, number, f"{project_id} projesinin maliyeti bir sayı değil: {raw_cost!r}.") from None
    if cost < 0:
        raise PabulibError(path, number, f"{project_id} projesinin maliyeti negatif: {raw_cost}.")
    return Project(id=project_id, cost=cost, fields=fields)


def _ballot(
    path: Path | str, number: int, header: list[str], row: list[str], by_id: dict[str, int], vote_type: str
) -> Ballot:
    fields = {key: row[i].strip() for i, key in enumerate(header) if i < len(row)}
    vote = fields.pop("vote", "")
    chosen: list[str] = []
    for name in vote.split(","):
        name = name.strip()
        if not name:
            continue
        if name not in by_id:
            raise PabulibError(path, number, f"oy, listede olmayan bir projeye verilmiş: {name}.")
        if name not in chosen:
            chosen.append(name)
    points: tuple[Fraction, ...] | None = None
    if vote_type in ("cumulative", "scoring"):
        raw_points = [p for p in fields.pop("points", "").split(",") if p.strip()]
        written = [n.strip() for n in vote.split(",") if n.strip()]
        if len(raw_points) != len(written):
            raise PabulibError(
                path, number, "points sütunundaki puan sayısı vote sütunundaki proje sayısına eşit değil."
            )
        try:
            values = [parse_number(p) for p in raw_points]
        except (ValueError, ZeroDivisionError):
            raise PabulibError(path, number, "puanlardan biri bir sayı değil.") from None
        first: dict[str, Fraction] = {}
        for name, value in zip(written, values, strict=True):
            first.setdefault(name, value)
        points = tuple(first[name] for name in chosen)
    voter_id = fields.pop("voter_id", str(number))
    return Ballot(voter_id=voter_id, projects=tuple(chosen), points=points, fields=fields)


def _number_text(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    return repr(float(value))


def dumps(election: Election) -> str:
    """The .pb text of ``election`` (META, PROJECTS, VOTES; every field the election carries)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    out.write("META\n")
    writer.writerow(["key", "value"])
    meta = dict(election.meta)
    meta.setdefault("num_projects", str(len(election.projects)))
    meta["num_votes"] = str(len(election.ballots))
    meta.setdefault("vote_type", "approval")
    for key, value in meta.items():
        writer.writerow([key, value])
    out.write("PROJECTS\n")
    extra = [k for p in election.projects for k in p.fields if k not in ("project_id", "cost")]
    columns = ["project_id", "cost", *dict.fromkeys(extra)]
    writer.writerow(columns)
    for p in election.projects:
        writer.writerow([p.id, _number_text(p.cost), *(p.fields.get(c, "") for c in columns[2:])])
    out.write("VOTES\n")
    scored = election.vote_type in ("cumulative", "scoring")
    ballot_extra = [k for b in election.ballots for k in b.fields]
    ballot_columns = ["voter_id", "vote", *(["points"] if scored else []), *dict.fromkeys(ballot_extra)]
    writer.writerow(ballot_columns)
    for b in election.ballots:
        cells = [b.voter_id, ",".join(b.projects)]
        if scored:
            cells.append(",".join(_number_text(x) for x in (b.points or ())))
        cells.extend(b.fields.get(c, "") for c in ballot_columns[len(cells) :])
        writer.writerow(cells)
    return out.getvalue()


def write(election: Election, path: Path | str) -> None:
    Path(path).write_text(dumps(election), encoding="utf-8")
