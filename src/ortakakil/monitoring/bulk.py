"""Bulk upload of measurements from a CSV or XLSX file, with a dry run (toplu değer yükleme).

Units that keep their figures in a spreadsheet upload it instead of typing each value. The file
has a header row with these columns (Turkish or English names, any case, with or without Turkish
letters): «Gösterge kodu» (the indicator's code, e.g. PG1.1.1), «Dönem» (2025-H1 or 2025),
«Değer» (a number; a Turkish decimal comma and thousands dots are accepted: «1.234,5»), and
optionally «Not», «Kanıt bağlantısı» and «Onaya gönder» (evet/hayır: submit the value to the
strategy team at once).

The dry run checks every row as the services would (the indicator is in the approved plan, the
uploader may enter it — a unit manager only their unit's indicators —, the period has a target,
the value is a finite number, the existing value is not locked or awaiting review) and says what
each row would do: a new value or a correction of a draft or returned one. The upload then
writes through ``services.measurement_enter`` / ``measurement_submit`` (the only writers), all
rows or none.

Bounds: the file at most ``MAX_BYTES``, at most ``MAX_ROWS`` data rows, an XLSX archive
unpacking to at most ``MAX_XLSX_UNPACKED_BYTES`` (a ZIP bomb is refused before it is parsed),
and the content must be what the name says (an XLSX starts as a ZIP archive, a CSV holds no NUL
bytes). Cells are read as text and never evaluated: a note «=HYPERLINK(…)» is stored as typed.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from ortakakil.core.tabular import ImportFileError, ImportReport, ImportRow, aliases, fold, read_table
from ortakakil.planning.models import Indicator, Plan

from . import realisation, services
from .models import NOTE_MAX, Measurement
from .permissions import ENTER

if TYPE_CHECKING:
    from ortakakil.core.models import User

__all__ = [
    "COLUMNS",
    "MAX_BYTES",
    "MAX_ROWS",
    "BulkReport",
    "BulkRow",
    "ImportFileError",
    "check_upload",
    "measurements_upload",
    "parse_number",
]

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5_000
MAX_XLSX_UNPACKED_BYTES = 20 * 1024 * 1024
EVIDENCE_MAX = 500

COLUMNS = {
    "indicator": aliases("gösterge kodu", "gösterge", "kod", "indicator code", "indicator", "code"),
    "period": aliases("dönem", "period"),
    "value": aliases("değer", "gerçekleşme", "gerçekleşme değeri", "value", "actual value"),
    "note": aliases("not", "açıklama", "note"),
    "evidence_link": aliases("kanıt bağlantısı", "kanıt", "evidence link", "evidence"),
    "submit": aliases("onaya gönder", "submit"),
}
REQUIRED = ("indicator", "period", "value")
LABELS = {"indicator": "Gösterge kodu", "period": "Dönem", "value": "Değer"}
#: The header of the template download, in the order of ``COLUMNS``.
HEADERS = ["Gösterge kodu", "Dönem", "Değer", "Not", "Kanıt bağlantısı", "Onaya gönder"]
YES = {fold(word) for word in ("evet", "e", "yes", "y", "true", "1", "x")}
NO = {fold(word) for word in ("hayır", "h", "no", "n", "false", "0", "")}

_COMMA_DECIMAL = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(\.\d{3}){2,}$")
_DOT_DECIMAL = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d{1,3})?$")


def parse_number(text: str) -> float | None:
    """A number as people type it in Turkey, or as an XLSX number cell reads: «40,2», «1.234,5»,
    «1.234.567», «40.2», «-3», «1e3». A single dot without a comma is a decimal point (an XLSX
    cell's 1.234 reads so). ``None`` when it is not a finite number (text, «NaN», «inf», empty)."""
    # A leading apostrophe is how a spreadsheet (and our CSV files: «'-3») keeps a cell as text.
    text = text.strip().removeprefix("'").replace(" ", "").replace("\u00a0", "")
    if "," in text:
        if not _COMMA_DECIMAL.match(text):
            return None
        text = text.replace(".", "").replace(",", ".")
    elif _THOUSANDS.match(text):
        text = text.replace(".", "")
    elif not _DOT_DECIMAL.match(text):
        return None
    number = float(text)
    return number if math.isfinite(number) and abs(number) <= services.VALUE_LIMIT else None


@dataclass
class BulkRow(ImportRow):
    """A checked row; ``action`` is "new" (no value yet) or "correction" (a draft or returned
    value replaced) for a valid row."""

    action: str = ""
    indicator: Indicator | None = None
    value: float | None = None
    submit: bool = False


@dataclass
class BulkReport(ImportReport):
    """What the upload wrote (or, in a dry run, would write)."""

    dry_run: bool = True
    new: int = 0
    corrections: int = 0
    submitted: int = 0


def check_upload(name: str, content: bytes) -> None:
    """Refuse a file by its bytes before any parsing: too big, an XLSX that is not a ZIP archive
    or unpacks to more than ``MAX_XLSX_UNPACKED_BYTES``, a CSV that is binary."""
    if len(content) > MAX_BYTES:
        raise ImportFileError(_("The file is larger than 2 MB."))
    suffix = Path(name).suffix.lower()
    if suffix == ".xlsx":
        if not content.startswith(b"PK\x03\x04"):
            raise ImportFileError(_("This is not a readable XLSX file."))
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                unpacked = sum(member.file_size for member in archive.infolist())
        except (zipfile.BadZipFile, ValueError, OSError) as error:
            raise ImportFileError(_("This is not a readable XLSX file.")) from error
        if unpacked > MAX_XLSX_UNPACKED_BYTES:
            raise ImportFileError(
                _("The XLSX file unpacks to more than %(mb)d MB; split it into smaller files.")
                % {"mb": MAX_XLSX_UNPACKED_BYTES // (1024 * 1024)}
            )
    elif suffix in {".csv", ".txt"}:
        if b"\x00" in content or content.startswith(b"PK\x03\x04"):
            raise ImportFileError(_("The CSV file must be UTF-8 (or Windows Turkish) text."))
    else:
        raise ImportFileError(_("Upload a .csv or .xlsx file."))


def _plan_indicators(plan: Plan) -> dict[str, Indicator]:
    indicators = Indicator.objects.filter(goal__aim__plan=plan).select_related("goal__aim__plan__process")
    return {fold(indicator.code): indicator for indicator in indicators}


def _check_row(
    row: BulkRow,
    *,
    actor: User,
    indicators: dict[str, Indicator],
    existing: dict[tuple[int, str], Measurement],
    seen: dict[tuple[int, str], int],
) -> None:
    values, errors = row.values, row.errors
    code, period = values["indicator"], values["period"]
    indicator = indicators.get(fold(code)) if code else None
    if not code:
        errors.append(_("the indicator code is missing"))
    elif indicator is None:
        errors.append(_("unknown indicator code “%(code)s” in the approved plan") % {"code": code})
    elif not actor.has_perm(ENTER, indicator):
        errors.append(_("the indicator %(code)s belongs to another unit") % {"code": indicator.code})
        indicator = None
    row.indicator = indicator
    period_ok = False
    if not period:
        errors.append(_("the period is missing"))
    else:
        try:
            realisation.period_year(period)
        except ValueError:
            errors.append(_("“%(period)s” is not a period; write 2025-H1 or 2025") % {"period": period})
        else:
            if indicator is not None and period not in services.plan_periods(indicator):
                errors.append(
                    _("the indicator %(code)s has no target for the year of %(period)s")
                    % {"code": indicator.code, "period": period}
                )
            else:
                period_ok = True
    row.value = parse_number(values["value"])
    if not values["value"]:
        errors.append(_("the value is missing"))
    elif row.value is None:
        errors.append(_("“%(value)s” is not a number") % {"value": values["value"][:50]})
    if len(values.get("note", "")) > NOTE_MAX:
        errors.append(_("the note is longer than %(n)d characters") % {"n": NOTE_MAX})
    if link := values.get("evidence_link", ""):
        try:
            if len(link) > EVIDENCE_MAX:
                raise ValidationError("too long")
            URLValidator(schemes=["http", "https"])(link)
        except ValidationError:
            errors.append(_("the evidence link is not a web address (http:// or https://, at most 500 characters)"))
    submit = fold(values.get("submit", ""))
    if submit in YES:
        row.submit = True
    elif submit not in NO:
        errors.append(
            _("write “evet” or “hayır” in the column «Onaya gönder», not “%(value)s”")
            % {"value": values["submit"][:50]}
        )
    if indicator is None or not period_ok:
        return
    key = (indicator.pk, period)
    first = seen.setdefault(key, row.line)
    if first != row.line:
        errors.append(
            _("the value of %(code)s in %(period)s is already on line %(line)d")
            % {"code": indicator.code, "period": period, "line": first}
        )
    current = existing.get(key)
    if current is None:
        row.action = "new"
    elif current.state == Measurement.State.APPROVED:
        errors.append(
            _("the value of %(code)s in %(period)s is approved and locked") % {"code": indicator.code, "period": period}
        )
    elif current.state == Measurement.State.SUBMITTED:
        errors.append(
            _("the value of %(code)s in %(period)s awaits the strategy team's review")
            % {"code": indicator.code, "period": period}
        )
    else:
        row.action = "correction"


def _read(actor: User, plan: Plan, name: str, content: bytes) -> BulkReport:
    check_upload(name, content)
    table = read_table(name, content, columns=COLUMNS, required=REQUIRED, max_rows=MAX_ROWS, labels=LABELS)
    indicators = _plan_indicators(plan)
    existing = {(m.indicator_id, m.period): m for m in Measurement.objects.filter(indicator__goal__aim__plan=plan)}
    seen: dict[tuple[int, str], int] = {}
    rows: list[BulkRow] = []
    for line, values in table:
        values.setdefault("note", "")
        values.setdefault("evidence_link", "")
        values.setdefault("submit", "")
        row = BulkRow(line=line, values=values)
        _check_row(row, actor=actor, indicators=indicators, existing=existing, seen=seen)
        rows.append(row)
    report = BulkReport(rows=list(rows))
    report.new = sum(1 for row in rows if row.action == "new" and not row.errors)
    report.corrections = sum(1 for row in rows if row.action == "correction" and not row.errors)
    report.submitted = sum(1 for row in rows if row.submit and not row.errors)
    return report


def measurements_upload(*, actor: User, plan: Plan, name: str, content: bytes, dry_run: bool) -> BulkReport:
    """Check every row of the file; unless ``dry_run``, enter (and submit, when asked) every
    value through the services, or — on any error, even one the services find late — none.

    ``ImportFileError`` for a file that cannot be read as a whole; ``ValidationError`` when the
    plan is not approved (values are entered only for the plan in force)."""
    if plan.status != Plan.Status.APPROVED:
        raise ValidationError(_("Values are entered for an approved plan; this plan is not approved yet."))
    report = _read(actor, plan, name, content)
    report.dry_run = dry_run
    if dry_run or not report.ok:
        return report
    with transaction.atomic():
        for row in report.rows:
            assert isinstance(row, BulkRow) and row.indicator is not None  # noqa: S101 — report.ok
            data: dict[str, Any] = {
                "value": row.value,
                "note": row.values["note"],
                "evidence_link": row.values["evidence_link"],
            }
            try:
                measurement = services.measurement_enter(
                    actor=actor, indicator=row.indicator, period=row.values["period"], data=data
                )
                if row.submit:
                    services.measurement_submit(actor=actor, measurement=measurement)
            except ValidationError as error:
                row.errors.extend(error.messages)
        if not report.ok:
            transaction.set_rollback(True)
    report.created = report.new
    return report
