"""Cgroup directory fds: what struct_ops cgroup attachment and kfunc-side lookups take."""

from __future__ import annotations

import contextlib
import os

from pyoombpf.runtime._resource import KernelResource


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
