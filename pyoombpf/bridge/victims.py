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

    def add(self, pids: list[int]) -> None:
        for pid in pids:
            if pid <= 0 or pid in self._fds:
                continue
            try:
                self._fds[pid] = os.pidfd_open(pid)
            except OSError:
                continue  # already gone (or never existed): nothing to wait for

    def _prune(self, timeout_s: float) -> None:
        if not self._fds:
            return
        poller = select.poll()
        for fd in self._fds.values():
            poller.register(fd, select.POLLIN)
        exited = {fd for fd, _ in poller.poll(max(0.0, timeout_s) * 1000)}
        for pid, fd in list(self._fds.items()):
            if fd in exited:
                os.close(fd)
                del self._fds[pid]

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

    def close(self) -> None:
        for fd in self._fds.values():
            os.close(fd)
        self._fds.clear()
