"""Throwaway cgroup v2 trees and memory-hungry processes for the VM tests (guest only)."""

from __future__ import annotations

import os
import secrets
import select
import signal
import subprocess
import sys
from types import TracebackType

from pyoombpf.runtime.cgroup import remove_cgroup
from tests.waits import PATIENCE_S

CGROUP_ROOT = "/sys/fs/cgroup"
MB = 1 << 20
ALLOC_PATIENCE_S = 180.0  # touching tens of MiB under TCG on a busy host
# Allocate and touch N MiB, say "ready", then wait until stdin closes.
_ALLOC = "import sys; b = b'\\x01' * (int(sys.argv[1]) << 20); print('ready', flush=True); sys.stdin.read()"


def _write(path: str, text: str) -> None:
    with open(path, "w") as f:
        f.write(text)


def _read(path: str) -> str:
    with open(path) as f:
        return f.read()


class Allocator:
    """A python process in a cgroup holding ``mb`` MiB of anonymous memory."""

    def __init__(self, cgroup: str, mb: int, oom_score_adj: int, *, wait_ready: bool = True) -> None:
        def enter() -> None:
            _write(f"/proc/{os.getpid()}/oom_score_adj", str(oom_score_adj))
            _write(os.path.join(cgroup, "cgroup.procs"), str(os.getpid()))

        self.proc = subprocess.Popen(
            [sys.executable, "-c", _ALLOC, str(mb)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            preexec_fn=enter,
        )
        assert self.proc.stdout is not None
        if not wait_ready:
            return
        # a liveness bound: an allocator that never gets ready fails the test instead of hanging the VM run
        ready = select.select([self.proc.stdout], [], [], ALLOC_PATIENCE_S)[0]
        line = self.proc.stdout.readline() if ready else b""
        if line.strip() != b"ready":
            self.proc.kill()
            self.proc.wait()
            raise RuntimeError(f"allocator in {cgroup} not ready in time (exit {self.proc.returncode})")

    def killed_by_sigkill(self) -> bool:
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            return False
        return self.proc.returncode == -signal.SIGKILL

    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()


class CgroupTree:
    """``/sys/fs/cgroup/pyoombpf-vm-<random>`` with children; everything is removed on close."""

    def __init__(self) -> None:
        self.root = os.path.join(CGROUP_ROOT, f"pyoombpf-vm-{secrets.token_hex(4)}")
        os.mkdir(self.root)
        self._dirs = [self.root]
        self._procs: list[Allocator] = []
        _write(os.path.join(self.root, "cgroup.subtree_control"), "+memory")

    def path(self, rel: str) -> str:
        return os.path.join(self.root, rel) if rel else self.root

    def make(self, rel: str, *, parent_of_others: bool = False) -> str:
        path = self.path(rel)
        os.mkdir(path)
        self._dirs.append(path)
        if parent_of_others:
            _write(os.path.join(path, "cgroup.subtree_control"), "+memory")
        return path

    def spawn(self, rel: str, mb: int, oom_score_adj: int = 0, *, wait_ready: bool = True) -> Allocator:
        proc = Allocator(self.path(rel), mb, oom_score_adj, wait_ready=wait_ready)
        self._procs.append(proc)
        return proc

    def events(self, rel: str) -> dict[str, int]:
        lines = _read(os.path.join(self.path(rel), "memory.events")).split("\n")
        return {k: int(v) for k, v in (line.split() for line in lines if line)}

    def stat(self, rel: str) -> dict[str, int]:
        lines = _read(os.path.join(self.path(rel), "memory.stat")).split("\n")
        return {k: int(v) for k, v in (line.split() for line in lines if line)}

    def set(self, rel: str, knob: str, value: str) -> None:
        _write(os.path.join(self.path(rel), knob), value)

    def remove(self, rel: str) -> None:
        path = self.path(rel)
        os.rmdir(path)
        self._dirs.remove(path)

    def cgroup_id(self, rel: str) -> int:
        return os.stat(self.path(rel)).st_ino

    def squeeze(self, rel: str, free_mb: int) -> None:
        """Set memory.max ``free_mb`` below what is in use even with all page cache dropped.

        Reclaim cannot satisfy it, so the write runs the OOM killer (synchronously, in this process) until
        enough memory is gone; every victim in these tests holds far more than ``free_mb`` + page cache."""
        current = int(_read(os.path.join(self.path(rel), "memory.current")))
        target = current - self.stat(rel)["file"] - free_mb * MB
        _write(os.path.join(self.path(rel), "memory.max"), str(target))

    def close(self) -> None:
        for proc in self._procs:
            proc.stop()
        if os.path.exists(self.root):
            _write(os.path.join(self.root, "cgroup.kill"), "1")
        for path in reversed(self._dirs):
            remove_cgroup(path, timeout=PATIENCE_S)  # killed tasks leave it only once they are gone

    def __enter__(self) -> CgroupTree:
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None) -> None:
        self.close()
