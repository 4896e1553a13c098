"""Throwaway cgroup v1 memory cgroups for the bridge benchmarks (root only).

:class:`ThrowawayTree` owns ``/sys/fs/cgroup/memory/pyoombpf-bench-<random>`` and everything below it: it creates
directories with small limits, and on close (also after an error or Ctrl-C) gives the kernel its OOM killer back,
SIGKILLs every process still inside, and removes every directory it made, deepest first.  It never touches a
cgroup it did not create.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
import uuid

V1_MEMORY = "/sys/fs/cgroup/memory"


class ThrowawayTree:
    def __init__(self, limit_bytes: int = 256 << 20, prefix: str = "pyoombpf-bench") -> None:
        self.root = os.path.join(V1_MEMORY, f"{prefix}-{uuid.uuid4().hex[:10]}")
        self._made: list[str] = []
        self.mkdir("", limit_bytes)

    def path(self, rel: str) -> str:
        return os.path.join(self.root, rel) if rel else self.root

    def mkdir(self, rel: str, limit_bytes: int | None = None) -> str:
        path = self.path(rel)
        os.mkdir(path)
        self._made.append(path)
        if limit_bytes is not None:
            write(os.path.join(path, "memory.limit_in_bytes"), str(limit_bytes))
        return path

    def leaves(self, parent: str, count: int, limit_bytes: int = 64 << 20) -> list[str]:
        """``count`` sibling memcgs ``parent/c<i>``, each with a small limit."""
        return [self.mkdir(os.path.join(parent, f"c{i}"), limit_bytes) for i in range(count)]

    def close(self) -> None:
        for path in reversed(self._made):
            _release(path)
        for path in reversed(self._made):
            _rmdir(path)
        self._made.clear()

    def __enter__(self) -> ThrowawayTree:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def write(path: str, value: str) -> None:
    with open(path, "w") as f:
        f.write(value)


def cgroup_id(path: str) -> int:
    """The kernel's cgroup id of a cgroupfs directory (its kernfs inode number)."""
    return os.stat(path).st_ino


def procs(path: str) -> list[int]:
    try:
        with open(os.path.join(path, "cgroup.procs")) as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        return []


def _release(path: str) -> None:
    with contextlib.suppress(OSError):
        write(os.path.join(path, "memory.oom_control"), "0")  # a paused memcg resumes (the kernel kills)
    for pid in procs(path):  # only processes inside our own throwaway memcgs
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def _rmdir(path: str) -> None:
    for _ in range(200):  # a killed process leaves its memcg when it has exited
        try:
            os.rmdir(path)
            return
        except FileNotFoundError:
            return
        except OSError:
            _release(path)
            time.sleep(0.01)
    raise RuntimeError(f"could not remove {path}: it still holds processes {procs(path)}; remove it by hand")
