"""Module-level functions for tests/core/test_isolation.py (a child process imports them by name)."""

from __future__ import annotations

import os


def pid_and_total(numbers: list[int]) -> tuple[int, int]:
    return os.getpid(), sum(numbers)


def fail(message: str) -> None:
    raise ValueError(message)


def die() -> None:
    os._exit(7)


def allocate_and_measure(megabytes: int) -> int:
    """Touch this many MiB and return this process' resident memory in bytes."""
    block = bytearray(megabytes * 2**20)
    for index in range(0, len(block), 4096):
        block[index] = 1
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
