"""Errors of simulate mode: a bad scenario (with file and line) and a function that is not a policy."""

from __future__ import annotations

from pyoombpf.errors import PyoombpfError


class ScenarioError(PyoombpfError):
    """A scenario is malformed.  ``str()`` is ``file:LINE: error: message`` when the place is known."""

    def __init__(self, message: str, file: str | None = None, line: int | None = None) -> None:
        self.message = message
        self.file = file
        self.line = line
        where = file or "<scenario>"
        if line is not None:
            where = f"{where}:{line}"
        super().__init__(f"{where}: error: {message}")


class NotAPolicyError(PyoombpfError, TypeError):
    """``simulate()`` was given something that is not an ``@oom_handler`` policy."""
