"""cgroup v1 memory cgroups as the relay sees them: where the hierarchy is, and one watched memcg.

A :class:`WatchedMemcg` keeps its files open (``memory.oom_control`` for reading and writing, usage and limit)
and owns the eventfd registered through ``cgroup.event_control``: the kernel signals it when the memcg or one of
its ancestors runs out of memory, and when the memcg is removed.  Reading a state on the event path is a
``pread`` on an open fd.
"""

from __future__ import annotations

import errno as _errno
import os
from dataclasses import dataclass

from pyoombpf.errors import KernelError, NotSupportedError

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


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


def cgroup_id(path: str) -> int | None:
    """The id of the cgroup at ``path`` (its directory's inode number on cgroupfs), or None when there is none."""
    try:
        return os.stat(path).st_ino
    except OSError:
        return None


def read_disable(path: str) -> int | None:
    """``oom_kill_disable`` of the memcg at ``path`` (None when it is gone)."""
    try:
        with open(os.path.join(path, "memory.oom_control"), "rb") as f:
            return parse_oom_control(f.read()).oom_kill_disable
    except OSError:
        return None


def write_disable(path: str, value: int) -> bool:
    """Write ``oom_kill_disable`` of the memcg at ``path``; whether that worked."""
    try:
        with open(os.path.join(path, "memory.oom_control"), "w") as f:
            f.write("1" if value else "0")
    except OSError:
        return False
    return True


def restore_unknown(top: str, top_id: int, known: dict[int, int]) -> list[str]:
    """Give back ``oom_kill_disable=0`` to the memcgs below ``top`` that are not in ``known`` (``{id: original
    value}``, the memcgs someone watched) but inherited a 1 from us.

    v1 copies a parent's ``oom_kill_disable`` into a new child: a memcg created below a watched one after the
    relay last looked got the relay's 1.  What it would have had without us is its nearest known ancestor's
    original value.  Only ever writes 0; returns the paths written.  Nothing happens when ``top`` is no longer the
    memcg ``top_id`` (it was removed, and what is at its path now is not ours) or ``top_id`` is not known."""
    if top_id not in known or cgroup_id(top) != top_id:
        return []
    written = []
    should = {top: known[top_id]}
    for dirpath, dirnames, _files in os.walk(top):
        for name in dirnames:
            path = os.path.join(dirpath, name)
            cid = cgroup_id(path)
            if cid is None:
                continue
            if cid in known:
                should[path] = known[cid]
                continue
            should[path] = should.get(dirpath, 1)
            if should[path] == 0 and read_disable(path) == 1 and write_disable(path, 0):
                written.append(path)
    return written


@dataclass(frozen=True)
class OomState:
    oom_kill_disable: int
    under_oom: int
    oom_kill: int


def parse_oom_control(raw: bytes) -> OomState:
    values = dict(line.split() for line in raw.decode().splitlines() if line)
    return OomState(
        int(values.get("oom_kill_disable", 0)), int(values.get("under_oom", 0)), int(values.get("oom_kill", 0))
    )


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
