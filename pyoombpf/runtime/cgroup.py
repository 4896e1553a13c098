"""Cgroup directory fds: what struct_ops cgroup attachment and kfunc-side lookups take."""

from __future__ import annotations

import contextlib
import os
import time

from pyoombpf.runtime._resource import KernelResource


def remove_cgroup(path: str, timeout: float = 10.0) -> bool:
    """Remove the cgroup directory ``path`` once it is empty, retrying while its last processes finish exiting (a
    killed task leaves its cgroup only when it is gone).  True when removed or already absent, False if it was
    still busy after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            os.rmdir(path)
            return True
        except FileNotFoundError:
            return True
        except OSError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.02)


def _close(fd: int) -> None:
    with contextlib.suppress(OSError):
        os.close(fd)


class CgroupFd(KernelResource):
    """An open cgroup directory (``O_RDONLY | O_DIRECTORY``); ``with CgroupFd(path) as cg: ...attach(cg)``."""

    _what = "cgroup fd"

    def __init__(self, path: str) -> None:
        self.path = path
        self._fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        self._track(_close, self._fd)

    def fileno(self) -> int:
        self._require_open()
        return self._fd

    @property
    def fd(self) -> int:
        return self.fileno()

    @property
    def cgroup_id(self) -> int:
        """The cgroup's id as BPF sees it (the directory's inode number on cgroup v2)."""
        return os.fstat(self.fileno()).st_ino


def cgroup_path(cgroup_id: int, root: str = "/sys/fs/cgroup") -> str | None:
    """The directory of the cgroup whose id is ``cgroup_id`` (what ``memcg.id`` and the kernel's records
    give), searched below ``root``; None if no cgroup has it (removed since, or another hierarchy: on a
    cgroup v1 machine memory cgroups live under ``/sys/fs/cgroup/memory``).

    A policy cannot carry paths out of the kernel, so it records ids and user space names them here.  The id
    is the inode number of the cgroup's directory; the search reads directories only (no file is opened)."""
    try:
        if os.stat(root).st_ino == cgroup_id:
            return root
    except OSError:
        return None
    stack = [root]
    while stack:
        try:
            entries = list(os.scandir(stack.pop()))
        except OSError:
            continue  # removed while we looked
        for entry in entries:
            if not entry.is_dir(follow_symlinks=False):
                continue
            if entry.inode() == cgroup_id:
                return entry.path
            stack.append(entry.path)
    return None
