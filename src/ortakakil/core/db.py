"""Turkish case folding and alphabetical order inside the database, the same on PostgreSQL and SQLite.

* ``Q(name__tr_contains="ÇÖP")`` — a lookup on every text field: contains, ignoring case by the
  Turkish rules (İ/i, I/ı). On PostgreSQL it lowers with the ICU collation for Turkish; on
  SQLite with the same Python function as the rest of the platform (``core.text``).
* ``turkish_order("name")`` — an ``order_by`` expression that sorts by the Turkish alphabet
  (Ç after C, Ş after S, İ after I …): the ICU collation ``ortakakil_tr`` on PostgreSQL (created by
  migration ``core/0002``), a SQLite collation of the same name that calls ``core.text.compare``.

SQLite learns the function and the collation on every new connection (``register_sqlite``,
connected in ``CoreConfig.ready``).
"""

from __future__ import annotations

from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import CharField, F, Lookup, TextField
from django.db.models.expressions import Combinable
from django.db.models.functions import Collate

from . import text

COLLATION = "ortakakil_tr"
"""The name of the Turkish collation on both databases."""
FOLD_FUNCTION = "ortakakil_tr_fold"
"""SQLite's Turkish lower-case function (PostgreSQL uses LOWER with the Turkish collation)."""


def register_sqlite(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """Teach a new SQLite connection the Turkish fold function and collation."""
    if connection.vendor != "sqlite":
        return
    raw = connection.connection
    raw.create_function(FOLD_FUNCTION, 1, _fold_or_none, deterministic=True)
    raw.create_collation(COLLATION, text.compare)


def _fold_or_none(value: str | None) -> str | None:
    return None if value is None else text.turkish_lower(value)


def fold_sql(connection: BaseDatabaseWrapper, sql: str) -> str:
    """SQL that lowers the text expression ``sql`` by the Turkish rules."""
    if connection.vendor == "postgresql":
        return f'LOWER(({sql})::text COLLATE "{COLLATION}")'
    return f"{FOLD_FUNCTION}({sql})"


class TurkishContains(Lookup):
    """``field__tr_contains=value``: the field contains ``value``, ignoring case the Turkish way.

    Not for big tables on PostgreSQL (no index can serve ``LIKE '%…%'``): proposals search
    through their folded full-text column instead.
    """

    lookup_name = "tr_contains"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: BaseDatabaseWrapper) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        needle = connection.ops.prep_for_like_query(text.search_fold(str(self.rhs)))
        escape = "" if connection.vendor == "postgresql" else " ESCAPE '\\'"
        return f"{fold_sql(connection, lhs)} LIKE %s{escape}", [*lhs_params, f"%{needle}%"]


CharField.register_lookup(TurkishContains)
TextField.register_lookup(TurkishContains)


def turkish_order(field: str | Combinable) -> Collate:
    """Order by ``field`` in Turkish alphabetical order: ``qs.order_by(turkish_order("name"))``;
    ``turkish_order("name").desc()`` for the reverse."""
    return Collate(F(field) if isinstance(field, str) else field, COLLATION)
