"""cgroup v1 memory cgroups as the relay sees them: where the hierarchy is, and one watched memcg.

A :class:`WatchedMemcg` keeps its files open (``memory.oom_control`` for reading and writing, usage and limit)
and owns the eventfd registered through ``cgroup.event_control``: the kernel signals it when the memcg or one of
its ancestors runs out of memory, and when the memcg is removed.  Reading a state on the event path is a
``pread`` on an open fd.
"""

from __future__ import annotations

import errno as _errno
import os

from pyoombpf.bridge.oom_control import OomState, cgroup_id, parse_oom_control, restore_unknown
from pyoombpf.errors import KernelError, NotSupportedError

__all__ = ["OomState", "cgroup_id", "parse_oom_control", "restore_unknown"]  # re-exported: the relay imports them here

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def cgroup_removed(exc: OSError) -> bool:
    """Whether ``exc`` says the cgroup was removed under us: ENOENT when a file of it is opened after the rmdir,
    ENODEV when a file opened before is read or written after it (v1 and v2 alike)."""
    return isinstance(exc, FileNotFoundError) or exc.errno == _errno.ENODEV


def v1_memory_root() -> str | None:
    """Mount point of the cgroup v1 hierarchy that holds the memory controller (None when memory is on v2)."""
    with open("/proc/self/mounts") as f:
        for line in f:
            _dev, mount_point, fstype, opts, *_ = line.split()
            if fstype == "cgroup" and "memory" in opts.split(","):
                return mount_point
    return None


def hierarchy_id() -> int:
    """The v1 memory hierarchy's id (``/proc/cgroups``, second column of the ``memory`` line)."""
    with open("/proc/cgroups") as f:
        for line in f:
            parts = line.split()
            if parts and parts[0] == "memory":
                return int(parts[1])
    return 0


def mem_total_pages() -> int:
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) * 1024 // PAGE_SIZE
    return 0


def memcg_dirs(top: str) -> list[str]:
    """``top`` and every (memory) cgroup below it, parents before children: the same walk on v1 and v2."""
    out = [top]
    for dirpath, dirnames, _files in os.walk(top):
        dirnames.sort()
        out.extend(os.path.join(dirpath, d) for d in dirnames)
    return out


def _open(path: str, flags: int) -> int:
    return os.open(path, flags | os.O_CLOEXEC)


class WatchedMemcg:
    """One memcg the relay watches: open files, its eventfd, the ``oom_kill_disable`` value it found."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.id = os.stat(path).st_ino  # the kernel's cgroup id on cgroupfs (kernfs node id)
        self._fds: list[int] = []
        try:
            self.oom_fd = self._keep(_open(os.path.join(path, "memory.oom_control"), os.O_RDWR))
            self.usage_fd = self._keep(_open(os.path.join(path, "memory.usage_in_bytes"), os.O_RDONLY))
            self.limit_fd = self._keep(_open(os.path.join(path, "memory.limit_in_bytes"), os.O_RDONLY))
            self.efd = self._keep(os.eventfd(0, os.EFD_CLOEXEC | os.EFD_NONBLOCK))
            self.original_disable = self.state().oom_kill_disable
            self._register()
        except BaseException:
            self.close()
            raise

    def _keep(self, fd: int) -> int:
        self._fds.append(fd)
        return fd

    def _register(self) -> None:
        fd = _open(os.path.join(self.path, "cgroup.event_control"), os.O_WRONLY)
        try:
            os.write(fd, f"{self.efd} {self.oom_fd}".encode())
        finally:
            os.close(fd)

    def state(self) -> OomState:
        return parse_oom_control(os.pread(self.oom_fd, 256, 0))

    def usage(self) -> int:
        return int(os.pread(self.usage_fd, 64, 0))

    def limit(self) -> int:
        return int(os.pread(self.limit_fd, 64, 0))

    def set_disable(self, value: int) -> None:
        """Write ``oom_kill_disable``.  The kernel refuses it on the root memcg (EINVAL)."""
        try:
            os.write(self.oom_fd, b"1" if value else b"0")
        except OSError as exc:
            if exc.errno == _errno.EINVAL and value:
                raise NotSupportedError(
                    f"pausing OOMs of {self.path}",
                    "the kernel refuses oom_kill_disable on the root memory cgroup (EINVAL), so a global OOM "
                    "cannot be paused and handed to a relay",
                    "attach to a memory cgroup below the root (--cgroup /sys/fs/cgroup/memory/<group>)",
                ) from None
            raise KernelError(
                f"cannot write oom_kill_disable={value} to {self.path}/memory.oom_control: {exc}"
            ) from None

    def drain(self) -> bool:
        """Consume a pending notification; whether there was one."""
        try:
            os.eventfd_read(self.efd)
        except BlockingIOError:
            return False
        return True

    def exists(self) -> bool:
        """Whether this memcg is still at its path: a memcg removed and created again there is a new memcg (with
        a new id), not this one."""
        return cgroup_id(self.path) == self.id

    def close(self) -> None:
        """Close every fd (closing the eventfd also unregisters the notification in the kernel)."""
        for fd in self._fds:
            os.close(fd)
        self._fds.clear()
