"""What the portfolio's back office adds to other apps' pages (the process's back-office page)."""

from __future__ import annotations


def register() -> None:
    """Nothing yet."""
