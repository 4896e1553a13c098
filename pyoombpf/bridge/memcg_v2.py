"""cgroup v2 memory cgroups as the v2 relay sees them: where the hierarchy is, and one watched cgroup.

A :class:`WatchedCgroupV2` keeps two kinds of fd open, both polled for ``POLLPRI``:

* ``memory.events.local`` — the kernel notifies it (and ``memory.events`` of every ancestor: that file counts
  hierarchically, which is why the relay reads the *local* one) when a counter of *this* cgroup grows: ``high``
  (a charge went over ``memory.high``: the task is throttled and reclaims), ``max`` (a charge hit ``memory.max``),
  ``oom`` (reclaim failed: the kernel's OOM killer runs), ``oom_kill`` (it killed a process of this cgroup).
  Reading the file re-arms the notification;
* a PSI trigger on ``memory.pressure`` (``"some <stall µs> <window µs>"`` written on the open fd): ``POLLPRI``
  once per window at most, when tasks of the cgroup (or of its descendants: PSI is hierarchical) stalled on
  memory longer than the threshold within the window.  The trigger lives exactly as long as the fd.

The root cgroup has neither ``memory.events`` nor limits; its trigger goes on ``/proc/pressure/memory``.
Nothing here writes a setting: closing the fds removes every trace.
"""

from __future__ import annotations

import errno as _errno
import os

from pyoombpf.errors import KernelError, NotSupportedError
from pyoombpf.plain import Frozen

SYSTEM_PRESSURE = "/proc/pressure/memory"
EVENT_COUNTERS = ("high", "max", "oom", "oom_kill")
UNPRIVILEGED_WINDOW_US = 2_000_000  # without CAP_SYS_RESOURCE, PSI windows must be multiples of 2 s


def v2_memory_root() -> str | None:
    """Mount point of the cgroup v2 hierarchy when it holds the memory controller (None otherwise)."""
    with open("/proc/self/mounts") as f:
        for line in f:
            _dev, mount_point, fstype, *_ = line.split()
            if fstype != "cgroup2":
                continue
            try:
                with open(os.path.join(mount_point, "cgroup.controllers")) as c:
                    if "memory" in c.read().split():
                        return mount_point
            except OSError:
                continue
    return None


def read_limit(path: str, knob: str) -> int | None:
    """``memory.max`` / ``memory.high`` of the cgroup at ``path`` in bytes; None for ``max`` or no such file."""
    try:
        with open(os.path.join(path, knob)) as f:
            raw = f.read().strip()
    except OSError:
        return None
    return None if raw == "max" else int(raw)


def has_limit(path: str) -> bool:
    return read_limit(path, "memory.max") is not None or read_limit(path, "memory.high") is not None


def parse_events(raw: bytes) -> dict[str, int]:
    """``memory.events`` text -> ``{"low": 0, "high": 3, ...}``."""
    out: dict[str, int] = {}
    for line in raw.decode().splitlines():
        parts = line.split()
        if len(parts) == 2:
            out[parts[0]] = int(parts[1])
    return out


class PsiSpec(Frozen):
    """A PSI trigger: ``kind`` (``some``/``full``), stall threshold and window in microseconds."""

    __slots__ = _fields = ("kind", "stall_us", "window_us")
    kind: str
    stall_us: int
    window_us: int

    def __init__(self, kind: str = "some", stall_us: int = 150_000, window_us: int = 2_000_000) -> None:
        self._set(kind=kind, stall_us=stall_us, window_us=window_us)

    @classmethod
    def parse(cls, text: str) -> PsiSpec:
        parts = text.split()
        if len(parts) != 3 or parts[0] not in ("some", "full") or not all(p.isdigit() for p in parts[1:]):
            raise ValueError(f"a PSI trigger is 'some|full <stall us> <window us>'; got {text!r}")
        spec = cls(parts[0], int(parts[1]), int(parts[2]))
        if not 0 < spec.stall_us <= spec.window_us:
            raise ValueError(f"the PSI stall threshold must be > 0 and at most the window; got {text!r}")
        return spec

    def __str__(self) -> str:
        return f"{self.kind} {self.stall_us} {self.window_us}"


def arm_psi(pressure_file: str, spec: PsiSpec) -> int:
    """Open ``pressure_file`` and write the trigger; the returned fd signals ``POLLPRI`` (close it to disarm)."""
    fd = os.open(pressure_file, os.O_RDWR | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        os.write(fd, str(spec).encode() + b"\0")
    except OSError as exc:
        os.close(fd)
        if exc.errno == _errno.EINVAL and spec.window_us % UNPRIVILEGED_WINDOW_US:
            raise NotSupportedError(
                f"the PSI trigger {str(spec)!r} on {pressure_file}",
                "the kernel refused its window (EINVAL): without CAP_SYS_RESOURCE a window must be a multiple "
                "of 2 s (2-10 s)",
                "use a window of 2000000 or 4000000 us (e.g. --psi 'some 150000 2000000')",
            ) from None
        if exc.errno == _errno.EOPNOTSUPP:
            raise NotSupportedError(
                f"PSI triggers on {pressure_file}", "the kernel has PSI disabled", "boot with psi=1"
            ) from None
        raise KernelError(f"cannot arm the PSI trigger {str(spec)!r} on {pressure_file}: {exc}") from None
    return fd


class WatchedCgroupV2:
    """One cgroup the v2 relay watches: its ``memory.events.local`` fd, its PSI trigger fd (if any), and the
    counters last read."""

    def __init__(self, path: str, root: str, psi: PsiSpec | None) -> None:
        self.path = path
        self.id = os.stat(path).st_ino  # the kernel's cgroup id (kernfs node id)
        self.is_root = path == root
        self.events_fd: int | None = None
        self.psi_fd: int | None = None
        self.counts: dict[str, int] = {}
        try:
            if not self.is_root:
                self.events_fd = os.open(os.path.join(path, "memory.events.local"), os.O_RDONLY | os.O_CLOEXEC)
                self.counts = self.read_events()
            if psi is not None:
                self.psi_fd = arm_psi(self._pressure_file(), psi)
        except BaseException:
            self.close()
            raise

    def _pressure_file(self) -> str:
        own = os.path.join(self.path, "memory.pressure")
        return own if not self.is_root or os.path.exists(own) else SYSTEM_PRESSURE

    def fds(self) -> list[int]:
        return [fd for fd in (self.events_fd, self.psi_fd) if fd is not None]

    def read_events(self) -> dict[str, int]:
        assert self.events_fd is not None
        return parse_events(os.pread(self.events_fd, 512, 0))

    def growth(self) -> dict[str, int]:
        """How much each counter grew since the last call (reading also re-arms the notification)."""
        if self.events_fd is None:
            return {}
        now = self.read_events()
        grown = {k: now.get(k, 0) - self.counts.get(k, 0) for k in EVENT_COUNTERS}
        self.counts = now
        return {k: v for k, v in grown.items() if v > 0}

    def usage(self) -> int:
        try:
            with open(os.path.join(self.path, "memory.current")) as f:
                return int(f.read())
        except OSError:
            return 0

    def limit(self) -> int:
        """``memory.max`` in bytes; 0 when there is none."""
        return read_limit(self.path, "memory.max") or 0

    def exists(self) -> bool:
        return os.path.isdir(self.path)

    def close(self) -> None:
        """Close every fd (closing the PSI fd removes the trigger in the kernel)."""
        for fd in self.fds():
            os.close(fd)
        self.events_fd = self.psi_fd = None
