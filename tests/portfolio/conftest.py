"""The workplace's real Pabulib files, found next to the project (../shared/data/pabulib)."""

from __future__ import annotations

from pathlib import Path

import pytest

PABULIB = (Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "pabulib").resolve()


@pytest.fixture(scope="session")
def pabulib_files() -> list[Path]:
    files = sorted(PABULIB.glob("*.pb"))
    assert files, f"no .pb files in {PABULIB}: the shared data must sit next to the project"
    return files
