"""Bulk import of proposals that arrived by e-mail or on paper (CSV or XLSX).

The file has a header row with these columns (Turkish or English names):
``tema``/``theme`` (theme code, required), ``başlık``/``title`` (required),
``öneri``/``body`` (required), ``ilçe``/``district``, ``mahalle``/``neighbourhood``.
A dry run reports every row's errors; a commit writes all rows or none.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ortakakil.core.models import User
from ortakakil.core.services import require_perm
from ortakakil.core.tabular import ImportFileError, ImportReport, ImportRow, aliases, fold, read_table
from ortakakil.core.text import visible
from ortakakil.processes.models import Process

from .models import BODY_MAX, TITLE_MAX, Proposal
from .places import clean_place

__all__ = ["COLUMNS", "MAX_ROWS", "ImportFileError", "ImportReport", "ImportRow", "parse", "proposals_import"]

MAX_ROWS = 20_000
COLUMNS = {
    "theme": aliases("theme", "tema", "tema kodu"),
    "title": aliases("title", "başlık"),
    "body": aliases("body", "öneri", "metin"),
    "district": aliases("district", "ilçe"),
    "neighbourhood": aliases("neighbourhood", "mahalle"),
}
REQUIRED = ("theme", "title", "body")
# How the error message names a missing column: as the municipality's spreadsheets head it.
LABELS = {"theme": "tema", "title": "başlık", "body": "öneri"}


def _theme_keys(process: Process) -> dict[str, int]:
    """Each theme by its code and by its name, in any letter case and with or without Turkish
    letters ("ULASIM", "Ulaşım Hizmetleri Yönetimi", "ulasim hizmetleri yonetimi")."""
    keys: dict[str, int] = {}
    for code, name, pk in process.themes.values_list("code", "name", "pk"):
        keys[fold(code)] = pk
        keys[fold(name)] = pk
    return keys


def parse(name: str, content: bytes, *, process: Process) -> ImportReport:
    """Read and validate every row; nothing is written."""
    rows = read_table(name, content, columns=COLUMNS, required=REQUIRED, max_rows=MAX_ROWS, labels=LABELS)
    themes = _theme_keys(process)
    report = ImportReport(rows=[])
    for line, values in rows:
        # What a reader sees: zero-width and other format characters do not count as a title.
        values = {key: visible(value) for key, value in values.items()}
        row = ImportRow(line=line, values=values)
        if fold(values["theme"]) not in themes:
            row.errors.append(_("unknown theme “%(code)s” (write its code or its name)") % {"code": values["theme"]})
        if len(values["title"]) < 5:
            row.errors.append(_("the title is empty or shorter than 5 characters"))
        elif len(values["title"]) > TITLE_MAX:
            row.errors.append(_("the title is longer than %(n)d characters") % {"n": TITLE_MAX})
        if len(values["body"]) < 10:
            row.errors.append(_("the proposal is empty or shorter than 10 characters"))
        elif len(values["body"]) > BODY_MAX:
            row.errors.append(_("the proposal is longer than %(n)d characters") % {"n": BODY_MAX})
        try:  # an unknown district, or a neighbourhood not in the district
            row.values["district"], row.values["neighbourhood"] = clean_place(
                values.get("district", "")[:60], values.get("neighbourhood", "")[:80]
            )
        except ValidationError as error:
            row.errors.extend(error.messages)
        report.rows.append(row)
    return report


@transaction.atomic
def proposals_import(*, actor: User, process: Process, name: str, content: bytes, dry_run: bool) -> ImportReport:
    """Validate the file; unless ``dry_run``, create every proposal or, on any error, none."""
    require_perm(actor, "proposals.import", process)
    report = parse(name, content, process=process)
    if dry_run or not report.ok:
        return report
    keys = _theme_keys(process)
    themes = {theme.pk: theme for theme in process.themes.all()}
    proposals = [
        Proposal(
            process=process,
            theme=themes[keys[fold(row.values["theme"])]],
            author=None,
            title=row.values["title"],
            body=row.values["body"],
            district=row.values.get("district", ""),
            neighbourhood=row.values.get("neighbourhood", ""),
            source=Proposal.Source.IMPORT,
        )
        for row in report.rows
    ]
    Proposal.objects.bulk_create(proposals, batch_size=1000)
    report.created = len(proposals)
    return report
