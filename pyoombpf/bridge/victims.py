"""The processes a policy killed, followed through pidfds until they are gone.

A SIGKILLed process frees its memory while it exits; its pidfd becomes readable once the exit is complete
(the address space is released before that).  The relay uses this to tell "the victim is still exiting" (wait
for it, as the kernel's OOM killer does) from "the OOM goes on" (run the policy again).
"""

from __future__ import annotations

import contextlib
import os
import select
import time

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator


@contextlib.contextmanager
def _idle_priority() -> Iterator[None]:
    """``SCHED_IDLE`` for the block, then the thread's previous policy back.  Reaping a victim is help, not the
    decision: on a busy machine a real-time relay that unmaps a victim's whole address space holds a CPU for
    milliseconds that the woken allocator and the victim's own exit need; at idle priority it uses only what nobody
    else wants.  (``process_mrelease`` and the victim's exit free the same pages, whoever comes first.)"""
    try:
        before = os.sched_getscheduler(0), os.sched_getparam(0).sched_priority
        os.sched_setscheduler(0, os.SCHED_IDLE | os.SCHED_RESET_ON_FORK, os.sched_param(0))
    except OSError:
        yield
        return
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.sched_setscheduler(0, before[0] | os.SCHED_RESET_ON_FORK, os.sched_param(before[1]))


class Victims:
    def __init__(self) -> None:
        self._fds: dict[int, int] = {}
        self._poller = select.poll()  # kept in step with _fds: the relay asks exiting() every poll step

    def add(self, pids: list[int], *, reap: bool = False) -> dict[int, bool]:
        """Follow ``pids``; with ``reap``, free each one's memory right away (``process_mrelease``, as the kernel's
        OOM reaper does for its victims).  Returns ``{pid: reaped}`` (False: gone already, not dying, or the kernel
        lacks the call)."""
        from pyoombpf.runtime.process import process_mrelease

        reaped: dict[int, bool] = {}
        new = []
        for pid in pids:
            if pid <= 0 or pid in self._fds:
                continue
            try:
                fd = os.pidfd_open(pid)
            except OSError:
                reaped[pid] = False
                continue  # already gone (or never existed): nothing to wait for
            self._fds[pid] = fd
            self._poller.register(fd, select.POLLIN)
            new.append((pid, fd))
        if reap and new:
            with _idle_priority():
                for pid, fd in new:
                    reaped[pid] = process_mrelease(fd) is None
        for pid, _fd in new:
            reaped.setdefault(pid, False)
        return reaped

    def _prune(self, timeout_s: float) -> None:
        if not self._fds:
            return
        exited = {fd for fd, _ in self._poller.poll(max(0.0, timeout_s) * 1000)}
        for pid, fd in list(self._fds.items()):
            if fd in exited:
                self._forget(pid, fd)

    def wait_any(self, timeout_s: float) -> None:
        """Sleep until a victim is gone or ``timeout_s`` passed."""
        self._prune(timeout_s)

    def exiting(self) -> bool:
        """Whether a victim is still on its way out."""
        self._prune(0)
        return bool(self._fds)

    def wait(self, timeout_s: float) -> bool:
        """Wait until every victim is gone (True) or ``timeout_s`` passed (False)."""
        end = time.monotonic() + timeout_s
        while self._fds:
            left = end - time.monotonic()
            if left <= 0:
                return False
            self._prune(left)
        return True

    def _forget(self, pid: int, fd: int) -> None:
        self._poller.unregister(fd)
        os.close(fd)
        del self._fds[pid]

    def close(self) -> None:
        for pid, fd in list(self._fds.items()):
            self._forget(pid, fd)
