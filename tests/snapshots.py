"""A test database's rows, taken once and put back in well under a second.

The browser tests each start from the whole Ankara demo in a committed database (the live server's
threads must see it), and each ends with Django's flush. Loading the demo for every one of them
cost seconds per test, minutes per run; ``DatabaseSnapshot`` takes the database right after one
load and puts it back before each test instead:

* SQLite (the tests' in-memory database): a copy through SQLite's online backup, and back;
* PostgreSQL: every table of the project's models copied out in binary (``COPY … TO STDOUT``),
  then, to restore, emptied in one ``TRUNCATE`` and copied back in one transaction (the foreign
  keys are deferred to its end), with the sequences set past the restored ids.

It restores rows only: a snapshot taken after migrations stays valid while the schema does, which
is the whole test session.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from django.apps import apps
from django.core.management.color import no_style
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper


class DatabaseSnapshot:
    """The rows of ``connection``'s database at the time of ``take``, for ``restore``."""

    def restore(self) -> None:
        raise NotImplementedError

    @staticmethod
    def take(connection: BaseDatabaseWrapper) -> DatabaseSnapshot:
        if connection.vendor == "sqlite":
            return _SqliteSnapshot(connection)
        if connection.vendor == "postgresql":
            return _PostgresSnapshot(connection)
        raise NotImplementedError(f"no snapshot for {connection.vendor}")


class _SqliteSnapshot(DatabaseSnapshot):
    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        if not connection.is_in_memory_db():
            raise NotImplementedError("snapshots of SQLite are taken of the tests' in-memory database only")
        connection.ensure_connection()
        self.connection = connection
        self.copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(self.copy)

    def restore(self) -> None:
        if self.connection.in_atomic_block:
            raise RuntimeError("an SQLite snapshot is restored outside any transaction")
        self.connection.ensure_connection()
        self.copy.backup(self.connection.connection)


class _PostgresSnapshot(DatabaseSnapshot):
    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        self.connection = connection
        self.tables = sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))
        self.rows: dict[str, bytes] = {}
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            raw: Any = cursor.cursor
            for table in self.tables:
                with raw.copy(f"COPY {quote(table)} TO STDOUT (FORMAT binary)") as copy:
                    self.rows[table] = b"".join(bytes(block) for block in copy)

    def restore(self) -> None:
        connection = self.connection
        quote = connection.ops.quote_name
        models = apps.get_models(include_auto_created=True)
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            raw: Any = cursor.cursor
            cursor.execute("TRUNCATE " + ", ".join(quote(table) for table in self.tables) + " RESTART IDENTITY CASCADE")
            for table in self.tables:
                with raw.copy(f"COPY {quote(table)} FROM STDIN (FORMAT binary)") as copy:
                    copy.write(self.rows[table])
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
