"""The census list (seçmen / nüfus listesi) that verifies people by their ID number and birth date.

The strategy team (or a platform administrator) of an organisation uploads a CSV or XLSX file
(``/manage/organisations/<org_slug>/census/``) with the columns ``tc_kimlik_no``,
``dogum_tarihi`` (GG.AA.YYYY or ISO) and optionally ``ilce``. Every row is checked (the T.C.
kimlik numarası checksum, a plausible date, no person twice in the file) and the errors are
listed with their line numbers; the import is **all or nothing**. The dry run turns the rows into
their keyed hashes at once: what waits in the session for the confirmation, and what the table
stores, holds no ID number (``CheckedRow`` keeps it masked for the preview). Uploading a person
again updates their birth date and district.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import CensusEntry, Organisation, User
from .tabular import ImportFileError, aliases, read_table
from .verification import census_hash, parse_birth_date, valid_tc_kimlik

__all__ = ["MAX_BYTES", "MAX_ROWS", "CensusReport", "ImportFileError", "census_check", "census_import"]

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
"""A list is uploaded in parts (per district) beyond this: the checked hashes wait in the session."""
DISTRICT_MAX = 60
COLUMNS = {
    "id_number": aliases("tc_kimlik_no", "tc kimlik no", "tc kimlik numarası", "tckn", "kimlik no", "id number"),
    "birth_date": aliases("dogum_tarihi", "doğum tarihi", "birth date", "date of birth"),
    "district": aliases("ilce", "ilçe", "district"),
}
REQUIRED = ("id_number", "birth_date")
LABELS = {"id_number": "tc_kimlik_no", "birth_date": "dogum_tarihi"}


def mask(number: str) -> str:
    """``12345678950`` → ``123******50``: enough to find the row in the file, not the number."""
    return f"{number[:3]}{'*' * max(0, len(number) - 5)}{number[-2:]}" if len(number) > 5 else "*" * len(number)


@dataclass
class CheckedRow:
    line: int
    masked: str
    birth_date: date | None = None
    district: str = ""
    id_hash: str = ""
    action: str = ""
    """"new" or "update" for a valid row."""
    errors: list[str] = field(default_factory=list)


@dataclass
class CensusReport:
    rows: list[CheckedRow]
    created: int = 0
    updated: int = 0

    @property
    def errors(self) -> list[CheckedRow]:
        return [row for row in self.rows if row.errors]

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.errors

    @property
    def new(self) -> int:
        return sum(1 for row in self.rows if row.action == "new")

    @property
    def updates(self) -> int:
        return sum(1 for row in self.rows if row.action == "update")

    def kept(self) -> bytes:
        """What the confirmation step needs, without any ID number: the hashes and dates."""
        return json.dumps(
            [[row.id_hash, row.birth_date.isoformat() if row.birth_date else "", row.district] for row in self.rows]
        ).encode()


def require_manager(actor: Any, organisation: Organisation) -> None:
    if not actor.has_perm("core.manage_organisation", organisation):
        raise PermissionDenied(_("Only the strategy team of the organisation uploads its census list."))


def _check_size(name: str, content: bytes) -> None:
    if len(content) > MAX_BYTES:
        raise ImportFileError(_("The file is larger than %(mb)d MB.") % {"mb": MAX_BYTES // (1024 * 1024)})
    suffix = Path(name).suffix.lower()
    if suffix == ".xlsx" and not content.startswith(b"PK\x03\x04"):
        raise ImportFileError(_("This is not a readable XLSX file."))
    if suffix in {".csv", ".txt"} and b"\x00" in content:
        raise ImportFileError(_("The CSV file must be UTF-8 (or Windows Turkish) text."))


def census_check(*, actor: User, organisation: Organisation, name: str, content: bytes) -> CensusReport:
    """The dry run: every row checked and hashed, nothing written. ``ImportFileError`` when the
    file as a whole cannot be read."""
    require_manager(actor, organisation)
    _check_size(name, content)
    rows: list[CheckedRow] = []
    seen: dict[str, int] = {}
    for line, values in read_table(name, content, columns=COLUMNS, required=REQUIRED, max_rows=MAX_ROWS, labels=LABELS):
        number = "".join(values["id_number"].split()).removesuffix(".0")  # an XLSX number cell reads 1.0e10 so
        row = CheckedRow(line=line, masked=mask(number))
        if not number:
            row.errors.append(_("the ID number is missing"))
        elif not valid_tc_kimlik(number):
            row.errors.append(
                _("the ID number %(masked)s is not a valid T.C. identity number") % {"masked": row.masked}
            )
        else:
            row.id_hash = census_hash(number)
            if row.id_hash in seen:
                row.errors.append(
                    _("the same ID number is already on line %(line)d of the file") % {"line": seen[row.id_hash]}
                )
            else:
                seen[row.id_hash] = line
        try:
            row.birth_date = parse_birth_date(values["birth_date"])
        except ValidationError as error:
            row.errors.append(" ".join(error.messages))
        row.district = " ".join(values.get("district", "").split())
        if len(row.district) > DISTRICT_MAX:
            row.errors.append(_("the district is longer than %(n)d characters") % {"n": DISTRICT_MAX})
        if any(ord(c) < 32 for c in "".join(values.values())):
            row.errors.append(_("the row contains characters that cannot be stored"))
        rows.append(row)
    existing = set(
        CensusEntry.objects.filter(organisation=organisation, id_hash__in=list(seen)).values_list("id_hash", flat=True)
    )
    for row in rows:
        if not row.errors:
            row.action = "update" if row.id_hash in existing else "new"
    return CensusReport(rows=rows)


def census_import(*, actor: User, organisation: Organisation, kept: bytes) -> CensusReport:
    """Store the rows a dry run checked (``CensusReport.kept()``), all or nothing: new people are
    added, people already on the list get the uploaded birth date and district."""
    require_manager(actor, organisation)
    try:
        data = json.loads(kept)
        parsed = [(str(h), date.fromisoformat(d), str(district)[:DISTRICT_MAX]) for h, d, district in data]
    except (ValueError, TypeError) as error:
        raise ValidationError(_("The uploaded file has expired; please upload it again.")) from error
    if not parsed or any(len(h) != 64 for h, _d, _district in parsed):
        raise ValidationError(_("The uploaded file has expired; please upload it again."))
    batch = str(uuid.uuid4())
    report = CensusReport(rows=[])
    with transaction.atomic():
        existing = {
            entry.id_hash: entry
            for entry in CensusEntry.objects.select_for_update().filter(
                organisation=organisation, id_hash__in=[h for h, _d, _district in parsed]
            )
        }
        new = []
        changed = []
        for id_hash, born, district in parsed:
            entry = existing.get(id_hash)
            if entry is None:
                new.append(
                    CensusEntry(
                        organisation=organisation, id_hash=id_hash, birth_date=born, district=district, batch=batch
                    )
                )
            else:
                entry.birth_date, entry.district, entry.batch = born, district, batch
                changed.append(entry)
        CensusEntry.objects.bulk_create(new, batch_size=1000)
        CensusEntry.objects.bulk_update(changed, ["birth_date", "district", "batch"], batch_size=1000)
    report.created, report.updated = len(new), len(changed)
    return report


def census_count(organisation: Organisation) -> dict[str, int]:
    entries = CensusEntry.objects.filter(organisation=organisation)
    return {"entries": entries.count(), "claimed": entries.filter(claimed_by__isnull=False).count()}
