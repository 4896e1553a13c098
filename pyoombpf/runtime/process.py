"""Process-level calls the bridge relay and its watchdog need: memory locking, OOM score, reaping a victim's memory,
the fd limit.  (Interrupting a system call that takes too long: :mod:`pyoombpf.runtime.interrupt`.)

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

MCL_CURRENT = 1
MCL_FUTURE = 2
MCL_ONFAULT = 4  # Linux 4.4+
PR_SET_PDEATHSIG = 1
OOM_SCORE_ADJ_MIN = -1000
SYS_PROCESS_MRELEASE = 448  # the same number on every architecture (Linux 5.15+)

_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long


def _errno_name(code: int) -> str:
    return _errno.errorcode.get(code, str(code))


def _check(ret: int) -> str | None:
    return None if ret == 0 else _errno_name(ctypes.get_errno())


def lock_memory(*, on_fault: bool = True) -> str | None:
    """``mlockall(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)``: no page this process has used, or uses from now on, is
    reclaimed or swapped out.

    ``MCL_ONFAULT`` locks the pages as they are touched instead of reading in every page of every mapping at
    once: without it, the whole of ``libpython`` (and of every library mapped) would be resident and locked,
    about 4 MiB per process for code that never runs.  The cost: a code path first taken during an OOM is read
    in then (the relay runs its decision path once at start so that the pages an OOM needs are among the locked
    ones).  ``on_fault=False`` locks everything mapped (the old behaviour), and a kernel without ``MCL_ONFAULT``
    (``EINVAL``) gets that too."""
    if on_fault:
        if _libc.mlockall(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT) == 0:
            return None
        if ctypes.get_errno() != _errno.EINVAL:
            return _errno_name(ctypes.get_errno())
    return _check(_libc.mlockall(MCL_CURRENT | MCL_FUTURE))


#: SCHED_FIFO priorities: the relay's thread, and its watchdog one above it (it must run when the relay does not)
RELAY_PRIORITY, WATCHDOG_PRIORITY = 1, 2


def scheduler() -> tuple[int, int]:
    """(policy, priority) of the calling thread."""
    return os.sched_getscheduler(0), os.sched_getparam(0).sched_priority


def set_realtime(priority: int) -> str | None:
    """``SCHED_FIFO`` at ``priority`` for the calling thread, with ``SCHED_RESET_ON_FORK`` (processes it starts run
    as usual).  A woken real-time thread gets a CPU at once, ahead of every ordinary one; without it an OOM
    handler waits for the scheduler while the workload stalls (docs/bridge.md).  Needs ``CAP_SYS_NICE`` (and, on
    kernels with real-time group scheduling, a cgroup with real-time time)."""
    try:
        os.sched_setscheduler(0, os.SCHED_FIFO | os.SCHED_RESET_ON_FORK, os.sched_param(priority))
    except OSError as exc:
        return _errno_name(exc.errno or 0)
    return None


def set_scheduler(policy: int, priority: int) -> str | None:
    """Put the calling thread back to ``policy`` and ``priority`` (:func:`scheduler`'s values)."""
    try:
        os.sched_setscheduler(0, policy, os.sched_param(priority))
    except OSError as exc:
        return _errno_name(exc.errno or 0)
    return None


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


IN_NONBLOCK_CLOEXEC = 0o4000 | 0o2000000  # IN_NONBLOCK | IN_CLOEXEC
IN_ATTRIB, IN_CREATE, IN_DELETE_SELF, IN_ONLYDIR = 0x4, 0x100, 0x400, 0x1000000


def inotify_init() -> int:
    """A non-blocking, close-on-exec inotify fd (the caller closes it); ``OSError`` when the kernel refuses."""
    fd = int(_libc.inotify_init1(IN_NONBLOCK_CLOEXEC))
    if fd < 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err))
    return fd


def inotify_watch(fd: int, path: str, mask: int) -> int:
    """Watch the directory ``path``; the watch descriptor, or -1 when it is gone or cannot be watched."""
    return int(_libc.inotify_add_watch(fd, os.fsencode(path), ctypes.c_uint32(mask | IN_ONLYDIR)))
