"""Process-level calls the bridge relay and its watchdog need: memory locking, parent-death signal, OOM score.

libc through the runtime's cffi ``ffi`` (the only package allowed to use cffi).  Each call returns ``None`` on
success or the ``errno`` name of the failure, so callers can report it as a warning and carry on: none of these
is required for the relay to work, they make it more robust.
"""

from __future__ import annotations

import errno as _errno
import os

from pyoombpf.runtime._ffi import ffi, libc

ffi.cdef(
    """
    int mlockall(int flags);
    int munlockall(void);
    int prctl(int option, unsigned long arg2, unsigned long arg3, unsigned long arg4, unsigned long arg5);
    """
)

MCL_CURRENT = 1
MCL_FUTURE = 2
PR_SET_PDEATHSIG = 1
OOM_SCORE_ADJ_MIN = -1000


def _failed() -> str:
    return _errno.errorcode.get(ffi.errno, str(ffi.errno))


def lock_memory() -> str | None:
    """``mlockall(MCL_CURRENT | MCL_FUTURE)``: no page of this process is reclaimed or swapped out later."""
    return None if libc.mlockall(MCL_CURRENT | MCL_FUTURE) == 0 else _failed()


def unlock_memory() -> str | None:
    """``munlockall()``: undo :func:`lock_memory`."""
    return None if libc.munlockall() == 0 else _failed()


def set_parent_death_signal(signum: int) -> str | None:
    """``prctl(PR_SET_PDEATHSIG, signum)``: the kernel sends ``signum`` to this process when the thread that
    created it exits."""
    return None if libc.prctl(PR_SET_PDEATHSIG, signum, 0, 0, 0) == 0 else _failed()


def set_oom_score_adj(value: int, pid: int | None = None) -> str | None:
    """Write ``/proc/<pid>/oom_score_adj`` (default: this process).  Lowering it below its current value
    needs CAP_SYS_RESOURCE; without it the kernel answers EACCES."""
    try:
        with open(f"/proc/{pid or os.getpid()}/oom_score_adj", "w") as f:
            f.write(str(value))
    except OSError as exc:
        return _errno.errorcode.get(exc.errno or 0, str(exc.errno))
    return None
