"""Interrupting a blocking system call of the calling thread that runs past a time limit (the verifier's
``BPF_PROG_LOAD``): a helper thread keeps a signal pending.  Used where a policy is loaded (the loading helper
process of bridge mode), not by the relay itself.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable
from types import FrameType
from typing import Any

THREAD_STACK = 512 * 1024


class Interrupter:
    """Interrupt a blocking system call of the calling thread that runs past a time limit.

    From ``after`` seconds on, a helper thread sends the calling thread ``SIGURG`` every ``every`` seconds (with a
    no-op handler installed for the time being) until :meth:`close`.  A system call that checks for pending
    signals then returns early: the BPF verifier does (``BPF_PROG_LOAD`` fails with ``EAGAIN``; libbpf retries an
    ``EAGAIN`` load a few times, and each retry is interrupted in turn).  ``on_tick(elapsed_s)`` is called from
    the helper thread at each time in ``ticks`` (seconds after the start) that comes before the limit.

    Signal handlers can only be installed from the main thread: elsewhere :attr:`armed` is False and nothing is
    interrupted (the ticks still come).
    """

    SIGNAL = signal.SIGURG

    def __init__(
        self,
        after: float,
        *,
        every: float = 0.02,
        ticks: tuple[float, ...] = (),
        on_tick: Callable[[float], None] | None = None,
    ) -> None:
        self.after, self.every = after, every
        self.fired = False
        self._ticks = sorted(t for t in ticks if t < after)
        self._on_tick = on_tick
        self._target = threading.get_ident()
        self._done = threading.Event()
        self._old: Any = None
        self.armed = threading.current_thread() is threading.main_thread()
        if self.armed:
            self._old = signal.signal(self.SIGNAL, _ignore)
        self._started = time.monotonic()
        self._thread = threading.Thread(target=self._watch, name="pyoombpf-interrupter", daemon=True)
        # a small stack: glibc keeps a finished thread's stack mapped for reuse, and a relay that calls mlockall
        # later would lock all of it (8 MiB by default)
        old_size = threading.stack_size(THREAD_STACK)
        try:
            self._thread.start()
        finally:
            threading.stack_size(old_size)

    def _watch(self) -> None:
        for tick in self._ticks:
            if self._done.wait(max(0.0, self._started + tick - time.monotonic())):
                return
            if self._on_tick is not None:
                self._on_tick(time.monotonic() - self._started)
        if self._done.wait(max(0.0, self._started + self.after - time.monotonic())) or not self.armed:
            return
        self.fired = True
        while not self._done.is_set():
            signal.pthread_kill(self._target, self.SIGNAL)
            self._done.wait(self.every)

    def close(self) -> None:
        self._done.set()
        self._thread.join()
        if self.armed:
            signal.signal(self.SIGNAL, self._old)

    def __enter__(self) -> Interrupter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _ignore(signum: int, frame: FrameType | None) -> None:
    """The interrupting signal's handler: its only job is to be pending while the system call runs."""
