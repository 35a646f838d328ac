"""core.isolation.run_isolated: a computation in a short-lived child process (the worker keeps no
memory of it); its errors and its death come back as IsolatedError."""

from __future__ import annotations

import os

import pytest

from ortakakil.core.isolation import IsolatedError, run_isolated

from . import isolated_functions as f


def _rss() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def test_the_value_is_computed_in_another_process_and_returned():
    pid, total = run_isolated(f.pid_and_total, list(range(1001)))
    assert total == 500_500
    assert pid != os.getpid()
    second, _ = run_isolated(f.pid_and_total, [1])
    assert second != pid  # one child per computation
    assert run_isolated(str.upper, "ağaç") == "AĞAÇ"  # a method descriptor has no module to preload


def test_an_exception_in_the_child_comes_back_with_its_traceback():
    with pytest.raises(IsolatedError) as raised:
        run_isolated(f.fail, "harita hesaplanamadı")
    assert "ValueError: harita hesaplanamadı" in str(raised.value)
    assert "isolated_functions.py" in str(raised.value)


def test_a_child_that_dies_is_an_error_not_a_hang():
    with pytest.raises(IsolatedError, match="exit code 7"):
        run_isolated(f.die)


def test_the_childs_memory_leaves_with_the_child():
    before = _rss()
    child_rss = run_isolated(f.allocate_and_measure, 200)
    assert child_rss > 200 * 2**20  # the child really held the 200 MiB …
    assert _rss() - before < 50 * 2**20  # … and this process did not
