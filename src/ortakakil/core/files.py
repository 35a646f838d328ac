"""Files stored during a database transaction: gone again when the transaction rolls back, and
deleted only once a deletion is committed.

A file written to storage is not part of the database transaction: a request that saves an
upload and then fails (a validation error, an integrity error, a crash) would leave the file on
disk with no row pointing to it. ``atomic_with_files()`` is ``transaction.atomic()`` with a list
of the files stored inside it; when the block raises, the files are deleted before the error
goes on. ``delete_on_commit()`` is the other direction: a row deleted in a transaction loses its
file only when the deletion is committed (a rolled back erasure keeps its files).

Use ``atomic_with_files()`` as the request's outermost transaction: Django has no hook for the
rollback of an enclosing block, so files stored in a savepoint that succeeded are kept if an
outer block later rolls back.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.core.files.base import File
from django.core.files.storage import Storage, default_storage
from django.db import transaction

logger = logging.getLogger(__name__)


class StoredFiles:
    """The files stored inside one ``atomic_with_files()`` block."""

    def __init__(self, storage: Storage | None = None) -> None:
        self.storage = storage or default_storage
        self.names: list[str] = []

    def save(self, name: str, content: File[bytes]) -> str:
        """Store ``content`` under ``name`` (or a free variant of it) and remember it; returns the
        name it was stored under."""
        stored = self.storage.save(name, content)
        self.names.append(stored)
        return stored

    def remember(self, name: str) -> None:
        """A file stored by other means (e.g. a ``FileField``'s ``save``) inside the block."""
        if name:
            self.names.append(name)

    def delete_all(self) -> None:
        for name in self.names:
            _delete(self.storage, name)
        self.names.clear()


def _delete(storage: Storage, name: str) -> None:
    try:
        storage.delete(name)
    except OSError:  # the file is already gone or the disk refuses: log, never fail the request
        logger.warning("could not delete stored file %s", name, exc_info=True)


@contextmanager
def atomic_with_files(storage: Storage | None = None, using: str | None = None) -> Iterator[StoredFiles]:
    """``transaction.atomic()`` that deletes the files stored through it when it rolls back."""
    stored = StoredFiles(storage)
    try:
        with transaction.atomic(using=using):
            yield stored
    except BaseException:
        stored.delete_all()
        raise


def delete_on_commit(names: Iterable[str], storage: Storage | None = None, using: str | None = None) -> None:
    """Delete the stored files ``names`` when the current transaction commits (at once outside
    one); a rollback keeps them."""
    chosen = storage or default_storage
    wanted = [name for name in names if name]
    if not wanted:
        return

    def delete() -> None:
        for name in wanted:
            _delete(chosen, name)

    transaction.on_commit(delete, using=using)
