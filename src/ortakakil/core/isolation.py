"""Running a memory-hungry pure computation in a short-lived child process.

A long-lived process keeps the high-water mark of the largest job it ever ran: neither glibc nor
Python's small-object allocator gives most freed memory back to the system. Once one opinion map
had grown by 9,000 participants, a process recomputing the maps stayed 28 MiB (17 %) larger for
good (docs/benchmarks.md, "Soak, 30.11.2026"). ``run_isolated(function,
*args)`` runs ``function(*args)`` in a child process forked from multiprocessing's *forkserver* (a
clean, single-threaded process that imported the function's module once, so a child starts in
milliseconds, not the second numpy, scipy and scikit-learn take to import), returns its value, and
the child's memory leaves with the child.

The function and its arguments travel by pickle: a module-level function of a pure core, numpy
arrays, JSON text; the child opens no database connection and touches no Django state. An exception
in the child comes back as ``IsolatedError`` carrying the child's traceback; a child that dies
(killed, out of memory) raises ``IsolatedError`` with its exit code. Safe from several threads at
once (the forkserver serves each request on its own). As with every child multiprocessing starts
by *spawn* or *forkserver*, each child imports the main script as ``__mp_main__`` (Python 3.11's
forkserver does not preload it): a script that reaches this must keep its work under
``if __name__ == "__main__":`` and its imports light. The ``ortakakil`` command's script imports
in 2 ms; a child then costs about 25 ms on the 2-core machine.
"""

from __future__ import annotations

import multiprocessing
import threading
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

T = TypeVar("T")

_CONTEXT = multiprocessing.get_context("forkserver")
_STARTED = threading.Lock()
_preloaded = False


class IsolatedError(RuntimeError):
    """The isolated computation raised, or its process died."""


def _child(connection: Connection, function: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        outcome: tuple[bool, Any] = (True, function(*args))
    except BaseException as error:  # whatever happened is reported to the parent
        outcome = (False, "".join(traceback.format_exception(error)))
    try:
        connection.send(outcome)
    finally:
        connection.close()


def _preload(module: str | None) -> None:
    """Before the forkserver starts: have it import the first function's module (and with it
    numpy, scipy …) once, instead of every child importing them again. Later calls change
    nothing."""
    global _preloaded
    with _STARTED:
        if not _preloaded:
            _CONTEXT.set_forkserver_preload([module] if module else [])
            _preloaded = True


def run_isolated(function: Callable[..., T], *args: Any) -> T:
    """``function(*args)`` computed in a fresh child process; its return value."""
    _preload(getattr(function, "__module__", None))
    receiver, sender = _CONTEXT.Pipe(duplex=False)
    process = _CONTEXT.Process(target=_child, args=(sender, function, args), daemon=True)
    process.start()
    sender.close()  # the child holds its own end; EOF here then means the child is gone
    try:
        ok, value = receiver.recv()
    except EOFError:
        process.join()
        raise IsolatedError(f"the child process ended without an answer (exit code {process.exitcode})") from None
    finally:
        receiver.close()
    process.join()
    if not ok:
        raise IsolatedError(f"the isolated computation failed in its child process:\n{value}")
    return value
