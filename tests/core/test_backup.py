"""``ortakakil backup`` / ``ortakakil restore``: a database round-trips with nothing lost, primary
keys included, between SQLite and PostgreSQL; a bad archive or a database in use is refused in
Turkish with nothing written (``core/backup.py``)."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from ortakakil.core import backup
from ortakakil.core.models import Organisation, Unit

from ..factories import OrganisationFactory, UnitFactory

CLI = [sys.executable, "-m", "ortakakil"]
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"


def _run(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([*CLI, *args], env=env, capture_output=True, text=True, timeout=600)
    if check:
        assert result.returncode == 0, result.stderr[-3000:]
    return result


class Databases:
    """Fresh databases for the CLI: SQLite files, or PostgreSQL databases dropped afterwards."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.postgres: list[str] = []

    def env(self, name: str, kind: str) -> dict[str, str]:
        var = self.tmp_path / name
        var.mkdir()
        env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
        env.update(ORTAKAKIL_VAR_DIR=str(var), TEXTMINE_EMBED_IN_BACKGROUND="0")
        if kind == "postgresql":
            database = f"oa_backup_{uuid.uuid4().hex[:10]}"
            with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
                admin.execute(f'CREATE DATABASE "{database}"')
            self.postgres.append(database)
            env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{database}"
        _run(env, "migrate", "--noinput")
        return env

    def drop(self) -> None:
        if self.postgres:
            with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
                for database in self.postgres:
                    admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def _data(archive: Path) -> bytes:
    with zipfile.ZipFile(archive) as opened:
        return opened.read("data.jsonl")


def _media(archive: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(archive) as opened:
        return {name: opened.read(name) for name in opened.namelist() if name.startswith("media/")}


@pytest.mark.slow
def test_the_demo_round_trips_between_engines_with_every_row_and_id(tmp_path):
    """The run's engine first (SQLite under `make test`, PostgreSQL under DATABASE_URL), then the
    other kind where PostgreSQL is the run's engine, then back: each backup is byte for byte the
    first one's data, and ids continue after the highest restored one."""
    here = connection.vendor
    chain = ["sqlite", "sqlite"] if here == "sqlite" else ["postgresql", "sqlite", "postgresql"]
    databases = Databases(tmp_path)
    try:
        source = databases.env("a", chain[0])
        _run(source, "demo")
        first = tmp_path / "a.zip"
        printed = _run(source, "backup", "-o", str(first)).stdout
        assert "tablo" in printed and "satır" in printed
        previous = first
        for step, kind in enumerate(chain[1:], start=1):
            target = databases.env(f"t{step}", kind)
            _run(target, "restore", str(previous))
            again = tmp_path / f"t{step}.zip"
            _run(target, "backup", "-o", str(again))
            assert _data(again) == _data(first), f"{chain[0]} → {kind}: the data differ"
            assert _media(again) == _media(first) and _media(first)  # the demo's pictures
            previous = again
        code = (
            "from ortakakil.core.models import Organisation as O; m = O.objects.order_by('-pk').first().pk; "
            "print(O.objects.create(slug='yeni-kurum', name='Yeni Kurum').pk > m)"
        )
        assert _run(target, "shell", "--no-imports", "-c", code).stdout.strip() == "True"
        refused = _run(target, "restore", str(first), check=False)  # not empty any more
        assert refused.returncode == 2 and "boş değil" in refused.stderr
    finally:
        databases.drop()


def _archive(tmp_path, settings) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    organisation = OrganisationFactory(slug="ornek", name="Örnek Büyükşehir")
    UnitFactory(organisation=organisation, code="SGD", name="Strateji Geliştirme")
    path = tmp_path / "yedek.zip"
    backup.backup(path)
    return path


def _rewrite(path: Path, member: str, change) -> None:
    with zipfile.ZipFile(path) as opened:
        contents = {name: opened.read(name) for name in opened.namelist()}
    contents[member] = change(contents[member])
    with zipfile.ZipFile(path, "w") as out:
        for name, data in contents.items():
            out.writestr(name, data)


def test_restore_refuses_a_database_in_use(db, tmp_path, settings):
    path = _archive(tmp_path, settings)
    with pytest.raises(backup.RestoreError, match="Veritabanı boş değil"):
        backup.restore(path)
    assert Unit.objects.count() == 1


@pytest.mark.parametrize(
    ("member", "change", "message"),
    [
        ("data.jsonl", lambda data: data.rsplit(b"\n", 2)[0] + b"\n", "Yedekte bu tablolar yok"),
        (
            "data.jsonl",
            lambda data: b"\n".join(line for line in data.split(b"\n") if b"Strateji Geli" not in line),
            "satır var, backup.json 1 diyor",
        ),
        ("data.jsonl", lambda data: data.replace(b'"Strateji Geli', b'"X"]\n["Strateji Geli', 1), "Beklenmeyen satır"),
        ("data.jsonl", lambda data: data.replace(b"\n", b"\n{bozuk\n", 1), "data.jsonl:2: Satır JSON olarak okunamadı"),
        ("backup.json", lambda data: data.replace(b'"ortakakil-backup"', b'"baska-bir-sey"'), "yedeği değil"),
        (
            "backup.json",
            lambda data: json.dumps({**json.loads(data), "migrations": ["core.9999_gelecek"]}).encode(),
            "göçleri (migrations) farklı",
        ),
    ],
)
def test_a_damaged_archive_is_refused_and_nothing_changes(db, tmp_path, settings, member, change, message):
    path = _archive(tmp_path, settings)
    _rewrite(path, member, change)
    Unit.objects.all().delete()
    Organisation.objects.all().delete()  # «empty» again, as after migrate
    with pytest.raises(backup.RestoreError, match=re.escape(message)):
        backup.restore(path)
    assert not Organisation.objects.exists() and not Unit.objects.exists()


def test_a_media_name_outside_the_folder_is_refused(db, tmp_path, settings):
    path = _archive(tmp_path, settings)
    with zipfile.ZipFile(path, "a") as opened:
        opened.writestr("media/../../etc/x", b"x")
    Unit.objects.all().delete()
    Organisation.objects.all().delete()
    with pytest.raises(backup.RestoreError, match="medya klasörünün dışını"):
        backup.restore(path)
    assert not Organisation.objects.exists()


def test_an_archive_restores_in_process_with_its_ids(db, tmp_path, settings):
    path = _archive(tmp_path, settings)
    ids = list(Unit.objects.values_list("pk", "organisation_id", "name"))
    Unit.objects.all().delete()
    Organisation.objects.all().delete()
    summary = backup.restore(path)
    assert summary.rows >= 2
    assert list(Unit.objects.values_list("pk", "organisation_id", "name")) == ids


def test_the_cli_names_a_missing_file_with_exit_code_2(tmp_path):
    result = subprocess.run(
        [*CLI, "restore", str(tmp_path / "yok.zip")],
        env={**os.environ, "ORTAKAKIL_VAR_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2 and "dosya yok" in result.stderr
    assert io.StringIO(result.stderr).read().count("yok.zip") == 1
