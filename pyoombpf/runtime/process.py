"""Process-level calls the bridge relay and its watchdog need: memory locking, OOM score, reaping a victim's memory,
the fd limit, and interrupting a system call that takes too long.

libc through :mod:`ctypes` (the standard library), not the runtime's cffi binding: the watchdog process imports
this module and must stay small (it maps neither cffi nor libbpf).  Each call returns ``None`` on success or the
``errno`` name of the failure, so callers can report it as a warning and carry on: none of these is required for
the relay to work, they make it more robust.
"""

from __future__ import annotations

import ctypes
import errno as _errno
import os
import resource
import signal
import threading
import time
from collections.abc import Callable
from types import FrameType
from typing import Any

MCL_CURRENT = 1
MCL_FUTURE = 2
PR_SET_PDEATHSIG = 1
OOM_SCORE_ADJ_MIN = -1000
SYS_PROCESS_MRELEASE = 448  # the same number on every architecture (Linux 5.15+)
THREAD_STACK = 512 * 1024

_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long


def _errno_name(code: int) -> str:
    return _errno.errorcode.get(code, str(code))


def _check(ret: int) -> str | None:
    return None if ret == 0 else _errno_name(ctypes.get_errno())


def lock_memory() -> str | None:
    """``mlockall(MCL_CURRENT | MCL_FUTURE)``: no page of this process is reclaimed or swapped out later."""
    return _check(_libc.mlockall(MCL_CURRENT | MCL_FUTURE))


def unlock_memory() -> str | None:
    """``munlockall()``: undo :func:`lock_memory`."""
    return _check(_libc.munlockall())


def set_parent_death_signal(signum: int) -> str | None:
    """``prctl(PR_SET_PDEATHSIG, signum)``: the kernel sends ``signum`` to this process when the thread that
    created it exits."""
    return _check(_libc.prctl(PR_SET_PDEATHSIG, ctypes.c_ulong(signum), 0, 0, 0))


def set_oom_score_adj(value: int, pid: int | None = None) -> str | None:
    """Write ``/proc/<pid>/oom_score_adj`` (default: this process).  Lowering it below its current value
    needs CAP_SYS_RESOURCE; without it the kernel answers EACCES."""
    try:
        with open(f"/proc/{pid or os.getpid()}/oom_score_adj", "w") as f:
            f.write(str(value))
    except OSError as exc:
        return _errno_name(exc.errno or 0)
    return None


def process_mrelease(pidfd: int) -> str | None:
    """``process_mrelease(pidfd, 0)``: free the address space of a process that is being killed now, in this
    thread, instead of waiting for the process's own exit (what the kernel's OOM reaper does for its victims).
    ``EINVAL`` when the process is not dying; ``ESRCH`` when it is gone already."""
    return _check(_libc.syscall(ctypes.c_long(SYS_PROCESS_MRELEASE), ctypes.c_int(pidfd), ctypes.c_uint(0)))


def fd_limit() -> int:
    """The soft limit of open files."""
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def set_fd_limit(soft: int | None = None) -> str | None:
    """Set the soft limit of open files (default: raise it to the hard limit).  The relay keeps a few fds open per
    memcg it watches, and the usual soft limit (1024) would stop it at a few hundred memcgs."""
    old, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = hard if soft is None else soft
    if want == old:
        return None
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    except (OSError, ValueError) as exc:
        return _errno_name(getattr(exc, "errno", 0) or _errno.EPERM)
    return None


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
