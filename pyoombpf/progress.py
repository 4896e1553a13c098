"""Where a compile is, for the one error the failing code cannot locate itself.

Deeply nested source (a few hundred chained operators, a long chain of calls) can exhaust Python's recursion
limit in any stage.  The ``RecursionError`` carries no position, and catching it deep in the stage would need the
stack it has just run out of; so each stage registers here how to find the position it is working on, and the
compiler asks after the error has unwound (``compiler._guarded``).
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from pyoombpf.errors import Loc

#: returns (the position being worked on, a note saying what was nested too deeply or "")
Locator = Callable[[], tuple[Loc | None, str]]

_current: ContextVar[Locator | None] = ContextVar("pyoombpf_progress", default=None)


def working_on(locator: Locator) -> None:
    """Called by a stage when it starts: ``locator`` will say where it is."""
    _current.set(locator)


def reset() -> None:
    _current.set(None)


def where() -> tuple[Loc | None, str]:
    locator = _current.get()
    if locator is None:
        return None, ""
    try:
        return locator()
    except Exception:  # noqa: BLE001 - only an error message's location is at stake
        return None, ""
