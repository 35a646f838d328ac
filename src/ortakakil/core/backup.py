"""Backup and restore of the whole database, portable between SQLite and PostgreSQL.

``ortakakil backup -o FILE`` writes a ZIP archive:

* ``backup.json`` — what it is: format version, when, from which kind of database, the applied
  migrations, and per table its model, columns and number of rows;
* ``data.jsonl`` — per table (every concrete model's, the automatic many-to-many tables included),
  a line ``{"table": …}`` and then one JSON array per row, ordered by primary key. Each value is
  written by its field's kind, the same way from either engine (date-times in UTC ISO 8601,
  decimals as strings, binary data in base64, JSON documents with sorted keys), so a database
  restored elsewhere backs up to the very same ``data.jsonl``;
* ``media/…`` — the uploaded files under ``MEDIA_ROOT`` (pictures, documents, evidence).

``ortakakil restore FILE`` loads it into a freshly migrated database of either kind that holds no
accounts or organisations yet: the applied migrations must match; every table is
emptied (what ``migrate`` created — content types, permissions — comes back from the archive with
its original ids) and refilled in one transaction, the foreign keys checked at its end; sequences
then continue after the highest id. Any error rolls everything back (``RestoreError`` names the
archive member and line); the media files are written only after the database commits.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "ortakakil-backup"
VERSION = 1
BATCH = 1000
MEDIA_PREFIX = "media/"


class RestoreError(Exception):
    """A refusal in Turkish; ``where`` names the archive member and line when there is one."""

    def __init__(self, message: str, where: str = "") -> None:
        super().__init__(f"{where}: {message}" if where else message)


@dataclass(frozen=True)
class Summary:
    tables: int
    rows: int
    media_files: int


def backed_up_models() -> list[type[models.Model]]:
    """Every concrete model with a table of its own, automatic many-to-many tables included, in
    a stable order."""
    found = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and not model._meta.swapped
    ]
    return sorted(found, key=lambda model: model._meta.db_table)


# --- values ----------------------------------------------------------------------------------------


def _encode(field: models.Field[Any, Any], value: Any) -> Any:
    if value is None:
        return None
    kind = field.get_internal_type()
    if kind == "DateTimeField":
        return value.astimezone(dt.UTC).isoformat()
    if kind in {"DateField", "TimeField"}:
        return value.isoformat()
    if kind == "DecimalField":
        return str(value)
    if kind == "DurationField":
        return value // dt.timedelta(microseconds=1)
    if kind == "BinaryField":
        return base64.b64encode(bytes(value)).decode("ascii")
    if kind == "UUIDField":
        return str(value)
    if isinstance(field, models.FileField):
        return str(value)
    return value


def _decode(field: models.Field[Any, Any], value: Any) -> Any:
    if value is None:
        return None
    kind = field.get_internal_type()
    if kind == "DateTimeField":
        parsed = dt.datetime.fromisoformat(value)
        return parsed if settings.USE_TZ else timezone.make_naive(parsed, dt.UTC)
    if kind == "DateField":
        return dt.date.fromisoformat(value)
    if kind == "TimeField":
        return dt.time.fromisoformat(value)
    if kind == "DecimalField":
        return Decimal(value)
    if kind == "DurationField":
        return dt.timedelta(microseconds=value)
    if kind == "BinaryField":
        return base64.b64decode(value)
    if kind == "UUIDField":
        return uuid.UUID(value)
    return value


# --- backup ----------------------------------------------------------------------------------------


def _rows(model: type[models.Model], using: str) -> Iterator[list[Any]]:
    fields = model._meta.concrete_fields
    queryset = model._base_manager.using(using).order_by("pk").values_list(*(f.attname for f in fields))
    for values in queryset.iterator(chunk_size=BATCH):
        yield [_encode(field, value) for field, value in zip(fields, values, strict=True)]


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file())


def backup(path: Path, *, using: str = DEFAULT_DB_ALIAS) -> Summary:
    """Write the database (and the media files) to the ZIP archive ``path``, read in one
    transaction so that the tables agree with each other."""
    connection = connections[using]
    tables: list[dict[str, Any]] = []
    total = 0
    partial = path.with_name(path.name + ".partial")
    outermost = not connection.in_atomic_block
    try:
        with (
            zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive,
            transaction.atomic(using=using),
        ):
            if connection.vendor == "postgresql" and outermost:  # one snapshot for every table
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            with archive.open("data.jsonl", "w", force_zip64=True) as out:
                for model in backed_up_models():
                    fields = model._meta.concrete_fields
                    columns = [field.column for field in fields]
                    out.write(_line({"table": model._meta.db_table}))
                    count = 0
                    for row in _rows(model, using):
                        out.write(_line(row))
                        count += 1
                    tables.append(
                        {"table": model._meta.db_table, "model": model._meta.label, "columns": columns, "rows": count}
                    )
                    total += count
            media = _media_files()
            root = Path(settings.MEDIA_ROOT)
            for file in media:
                archive.write(file, MEDIA_PREFIX + file.relative_to(root).as_posix())
            manifest = {
                "format": FORMAT,
                "version": VERSION,
                "created_at": timezone.now().astimezone(dt.UTC).isoformat(),
                "vendor": connection.vendor,
                "migrations": _applied_migrations(using),
                "tables": tables,
                "media_files": len(media),
            }
            archive.writestr("backup.json", json.dumps(manifest, ensure_ascii=False, indent=1))
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return Summary(tables=len(tables), rows=total, media_files=len(media))


def _line(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode()


def _applied_migrations(using: str) -> list[str]:
    recorder = MigrationRecorder(connections[using])
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


# --- restore ---------------------------------------------------------------------------------------


def _read_manifest(archive: zipfile.ZipFile) -> dict[str, Any]:
    try:
        manifest = json.loads(archive.read("backup.json"))
    except KeyError:
        raise RestoreError("Bu dosya bir Ortak Akıl yedeği değil (backup.json yok).") from None
    except ValueError:
        raise RestoreError("backup.json okunamadı.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise RestoreError("Bu dosya bir Ortak Akıl yedeği değil.")
    if manifest.get("version") != VERSION:
        raise RestoreError(f"Yedeğin biçim sürümü {manifest.get('version')!r}; bu sürüm yalnızca {VERSION} okur.")
    return manifest


def _require_empty(using: str) -> None:
    from ortakakil.core.models import Organisation, User

    # every process belongs to an organisation: no account and no organisation means nothing else
    # was entered either (what `migrate` itself writes is replaced by the archive's rows)
    for model, name in ((User, "hesap"), (Organisation, "kurum")):
        if model._base_manager.using(using).exists():
            raise RestoreError(
                f"Veritabanı boş değil (en az bir {name} var): yedek, yeni oluşturulup "
                "`ortakakil migrate` ile hazırlanmış boş bir veritabanına yüklenir."
            )


def _media_name(member: str) -> PurePosixPath | None:
    if not member.startswith(MEDIA_PREFIX) or member.endswith("/"):
        return None
    relative = PurePosixPath(member[len(MEDIA_PREFIX) :])
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise RestoreError("Yedekteki bir dosya adı medya klasörünün dışını gösteriyor.", member)
    return relative


def restore(path: Path, *, using: str = DEFAULT_DB_ALIAS) -> Summary:
    """Load the archive ``path`` into the (freshly migrated, empty) database, all or nothing."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as error:
        raise RestoreError(f"Yedek dosyası açılamadı: {error}") from None
    with archive:
        manifest = _read_manifest(archive)
        missing = sorted(set(manifest.get("migrations", [])) ^ set(_applied_migrations(using)))
        if missing:
            raise RestoreError(
                "Yedeğin ve bu veritabanının uygulanmış göçleri (migrations) farklı: "
                + ", ".join(missing[:5])
                + (" …" if len(missing) > 5 else "")
                + ". Yedeği aldığınız sürümle aynı sürümü kurup `ortakakil migrate` çalıştırın."
            )
        _require_empty(using)
        media = [(member, _media_name(member)) for member in archive.namelist()]
        by_table = {model._meta.db_table: model for model in backed_up_models()}
        expected = {entry["table"]: entry for entry in manifest.get("tables", [])}
        if set(expected) != set(by_table):
            unknown = sorted(set(expected) ^ set(by_table))
            raise RestoreError("Yedekteki tablolar bu sürümün tablolarıyla uyuşmuyor: " + ", ".join(unknown[:5]))
        rows = _load(archive, by_table, expected, using)
        _write_media(archive, [(member, name) for member, name in media if name is not None])
    return Summary(tables=len(by_table), rows=rows, media_files=sum(1 for _, name in media if name is not None))


def _load(
    archive: zipfile.ZipFile,
    by_table: dict[str, type[models.Model]],
    expected: dict[str, dict[str, Any]],
    using: str,
) -> int:
    connection = connections[using]
    quote = connection.ops.quote_name
    total = 0
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # checks still pending in the transaction first (TRUNCATE refuses to run past them),
            # then every foreign key checked once, at the end of the load
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("TRUNCATE " + ", ".join(quote(t) for t in sorted(by_table)) + " RESTART IDENTITY CASCADE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            cursor.execute("PRAGMA defer_foreign_keys = ON")
            for table in sorted(by_table):
                cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608 — our models' tables
        model: type[models.Model] | None = None
        fields: list[Any] = []
        sql = ""
        batch: list[list[Any]] = []
        count = 0

        def flush() -> None:
            if batch:
                cursor.executemany(sql, batch)
                batch.clear()

        def finish_table(line_number: int) -> None:
            if model is not None and count != expected[model._meta.db_table]["rows"]:
                raise RestoreError(
                    f"{model._meta.db_table} tablosunda {count} satır var, backup.json "
                    f"{expected[model._meta.db_table]['rows']} diyor (dosya eksik ya da bozuk).",
                    f"data.jsonl:{line_number}",
                )

        line_number = 0
        seen: set[str] = set()
        with archive.open("data.jsonl") as data:
            for line_number, raw in enumerate(data, start=1):
                where = f"data.jsonl:{line_number}"
                try:
                    value = json.loads(raw)
                except ValueError:
                    raise RestoreError("Satır JSON olarak okunamadı.", where) from None
                if isinstance(value, dict):
                    flush()
                    finish_table(line_number)
                    name = value.get("table")
                    if not isinstance(name, str) or name not in by_table:
                        raise RestoreError(f"Bilinmeyen tablo: {name!r}.", where)
                    if name in seen:
                        raise RestoreError(f"{name} tablosu ikinci kez geçiyor.", where)
                    seen.add(name)
                    model = by_table[name]
                    fields = list(model._meta.concrete_fields)
                    if [f.column for f in fields] != expected[name]["columns"]:
                        raise RestoreError(f"{name} tablosunun sütunları bu sürümdekilerle aynı değil.", where)
                    columns = ", ".join(quote(f.column) for f in fields)
                    placeholders = ", ".join(["%s"] * len(fields))
                    # the table and columns are our models' (the file's name was checked against them)
                    sql = f"INSERT INTO {quote(name)} ({columns}) VALUES ({placeholders})"  # noqa: S608
                    count = 0
                    continue
                if model is None or not isinstance(value, list) or len(value) != len(fields):
                    raise RestoreError("Beklenmeyen satır (tablo başlığı yok ya da sütun sayısı yanlış).", where)
                try:
                    batch.append(
                        [
                            field.get_db_prep_save(_decode(field, item), connection)
                            for field, item in zip(fields, value, strict=True)
                        ]
                    )
                except (TypeError, ValueError) as error:
                    raise RestoreError(f"Değer okunamadı: {error}", where) from None
                count += 1
                total += 1
                if len(batch) >= BATCH:
                    flush()
            flush()
            finish_table(line_number + 1)
        absent = sorted(set(by_table) - seen)
        if absent:
            raise RestoreError(
                "Yedekte bu tablolar yok (dosya eksik ya da bozuk): " + ", ".join(absent[:5]),
                f"data.jsonl:{line_number + 1}",
            )
        for statement in connection.ops.sequence_reset_sql(no_style(), list(by_table.values())):
            cursor.execute(statement)
    return total


def _write_media(archive: zipfile.ZipFile, files: list[tuple[str, PurePosixPath]]) -> None:
    root = Path(settings.MEDIA_ROOT)
    for member, relative in files:
        target = root.joinpath(*relative.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        with archive.open(member) as source, target.open("wb") as out:
            while chunk := source.read(1 << 20):
                out.write(chunk)
