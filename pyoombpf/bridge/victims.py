"""The processes a policy killed, followed through pidfds until they are gone.

A SIGKILLed process frees its memory while it exits; its pidfd becomes readable once the exit is complete
(the address space is released before that).  The relay uses this to tell "the victim is still exiting" (wait
for it, as the kernel's OOM killer does) from "the OOM goes on" (run the policy again).
"""

from __future__ import annotations

import os
import select
import time


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
            reaped[pid] = reap and process_mrelease(fd) is None
        return reaped

    def _prune(self, timeout_s: float) -> None:
        if not self._fds:
            return
        exited = {fd for fd, _ in self._poller.poll(max(0.0, timeout_s) * 1000)}
        for pid, fd in list(self._fds.items()):
            if fd in exited:
                self._forget(pid, fd)

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
