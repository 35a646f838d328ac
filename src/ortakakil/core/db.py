"""Turkish search folding and alphabetical order inside the database, the same on PostgreSQL and SQLite.

* ``Q(name__tr_contains="ÇÖP")`` — a lookup on every text field: contains, ignoring case by the
  Turkish rules (İ/i, I/ı) and accents ("cop" finds "Çöp", "Kızılay" finds "KIZILAY" and
  "kizilay"): both sides are folded by ``core.text.search_fold``. On SQLite the database calls
  that Python function; on PostgreSQL ``fold_sql`` takes the same steps in SQL (the ICU
  collation for Turkish lowers), and a test checks that both give the same text.
* ``turkish_order("name")`` — an ``order_by`` expression that sorts by the Turkish alphabet
  (Ç after C, Ş after S, İ after I …): the ICU collation ``ortakakil_tr`` on PostgreSQL (created by
  migration ``core/0002``), a SQLite collation of the same name that calls ``core.text.compare``.

SQLite learns the function and the collation on every new connection (``register_sqlite``,
connected in ``CoreConfig.ready``).

* ``returned_datetime`` — a timestamp read back by raw SQL (``… RETURNING created_at``) as an
  aware datetime on both databases (SQLite hands back its stored text).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import CharField, F, Lookup, TextField
from django.db.models.expressions import Combinable
from django.db.models.functions import Collate

from . import text

COLLATION = "ortakakil_tr"
"""The name of the Turkish collation on both databases."""
FOLD_FUNCTION = "ortakakil_tr_fold"
"""SQLite's search fold function (``core.text.search_fold``; PostgreSQL computes it in SQL)."""


def register_sqlite(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """Teach a new SQLite connection the Turkish fold function and collation."""
    if connection.vendor != "sqlite":
        return
    raw = connection.connection
    raw.create_function(FOLD_FUNCTION, 1, _fold_or_none, deterministic=True)
    raw.create_collation(COLLATION, text.compare)


def _fold_or_none(value: str | None) -> str | None:
    return None if value is None else text.search_fold(value)


# core.text.search_fold, step by step, innermost first: format characters out, NFKC, Turkish lower
# case (ICU), NFD, combining marks out, ı → i, NFC, white space runs to one space, trimmed.
_PG_FOLD = (
    "btrim(regexp_replace(normalize(translate(regexp_replace(normalize(LOWER(normalize("
    "regexp_replace(({sql})::text, %s, '', 'g'), NFKC) COLLATE \"{collation}\"), NFD), %s, '', 'g'), "
    "'ı', 'i'), NFC), %s, ' ', 'g'), ' ')"
)


def fold_sql(connection: BaseDatabaseWrapper, sql: str) -> tuple[str, list[str]]:
    """SQL (and its parameters, to follow those of ``sql``) that folds the text expression ``sql``
    as ``core.text.search_fold`` does."""
    if connection.vendor == "postgresql":
        return _PG_FOLD.format(sql=sql, collation=COLLATION), [text.FORMAT_CHARACTERS, text.DIACRITICS, text.SPACES]
    return f"{FOLD_FUNCTION}({sql})", []


class TurkishContains(Lookup):
    """``field__tr_contains=value``: the field contains ``value``, ignoring case the Turkish way
    and accents (``core.text.search_fold`` on both sides).

    Not for big tables on PostgreSQL (no index can serve ``LIKE '%…%'``): proposals search
    through their folded full-text column instead.
    """

    lookup_name = "tr_contains"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: BaseDatabaseWrapper) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        folded, fold_params = fold_sql(connection, lhs)
        needle = connection.ops.prep_for_like_query(text.search_fold(str(self.rhs)))
        escape = "" if connection.vendor == "postgresql" else " ESCAPE '\\'"
        return f"{folded} LIKE %s{escape}", [*lhs_params, *fold_params, f"%{needle}%"]


CharField.register_lookup(TurkishContains)
TextField.register_lookup(TurkishContains)


def turkish_order(field: str | Combinable) -> Collate:
    """Order by ``field`` in Turkish alphabetical order: ``qs.order_by(turkish_order("name"))``;
    ``turkish_order("name").desc()`` for the reverse."""
    return Collate(F(field) if isinstance(field, str) else field, COLLATION)


def returned_datetime(value: Any) -> dt.datetime:
    """A timestamp column read back by a raw query: aware, in UTC when the database gave it naive."""
    from django.utils import timezone
    from django.utils.dateparse import parse_datetime

    if isinstance(value, str):  # SQLite hands back the stored text (UTC)
        value = parse_datetime(value)
    if not isinstance(value, dt.datetime):
        raise ValueError(f"not a timestamp: {value!r}")
    return timezone.make_aware(value, dt.UTC) if timezone.is_naive(value) else value
