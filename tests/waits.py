"""Waiting in tests, shared by the host and the VM tests: for a condition, or for a process to be gone.

Every bound here is a liveness bound (a test must fail, not hang), never a speed claim: the suite runs on a loaded
2-core machine and under QEMU/TCG (10-50x slower), where things that take milliseconds alone take seconds.
Waiting costs nothing when the condition comes quickly, so the default is generous.
"""

from __future__ import annotations

import os
import select
import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import IO, AnyStr

PATIENCE_S = 60.0


def wait_until(predicate: Callable[[], object], timeout: float = PATIENCE_S, step: float = 0.02) -> bool:
    """Poll ``predicate()`` until true or ``timeout`` s passed; whether it became true."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(step)
    return bool(predicate())


def readline_within(stream: IO[AnyStr], timeout: float = PATIENCE_S) -> AnyStr:
    """The next line of a child's output (empty at its end), or an AssertionError when none comes within
    ``timeout`` s: a test fails instead of hanging.  (A reader thread, not select: select on the fd cannot see a
    line the stream has already buffered.  Once timed out, the thread ends when the caller's teardown kills the
    child.)"""
    got: list[AnyStr] = []
    reader = threading.Thread(target=lambda: got.append(stream.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    if reader.is_alive():
        raise AssertionError(f"no line within {timeout:.0f} s")
    assert got, "reading the line failed (see the thread's exception above)"
    return got[0]


def proc_state(pid: int) -> str | None:
    """The state letter of ``pid`` in /proc (``Z`` for a zombie), None when there is no such process.  A process
    reaped between the open and the read of its stat file makes the read fail with ESRCH: gone as well."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return None


class Exits:
    """A process (a child or any other) watched through a pidfd opened now, while the caller knows it runs:
    :meth:`gone` turns true once it has exited (a zombie counts), and a later process given the same pid (pids
    wrap around on a busy machine) cannot make it look alive again."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        try:
            self._fd: int | None = os.pidfd_open(pid)
        except ProcessLookupError:  # already reaped
            self._fd = None

    def gone(self) -> bool:
        return self._fd is None or bool(select.select([self._fd], [], [], 0)[0])

    def reaped(self) -> bool:
        """For a child of this process: it has exited and its parent reaped it (no zombie left behind)."""
        if self._fd is None:
            return True
        try:
            os.waitid(os.P_PIDFD, self._fd, os.WEXITED | os.WNOHANG | os.WNOWAIT)
        except ChildProcessError:  # no longer a child to wait for: reaped
            return True
        return False  # still running (None) or a zombie waiting for us (its status)

    def wait(self, timeout: float = PATIENCE_S) -> bool:
        """Whether it exits within ``timeout`` s."""
        return wait_until(self.gone, timeout)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> Exits:
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None) -> None:
        self.close()
