"""Real OOMs for the corpus: a throwaway v1 memcg tree with real processes, paused at its limit by a real OOM.

:class:`RealOom` builds the tree (leaves in the given order, processes of the given size, ``oom_score_adj`` and
comm), sets the top memcg's limit a little above what they use, disables the kernel's OOM killer there
(``oom_kill_disable``, as the bridge relay does) and starts an allocator in its own leaf ``alloc`` that runs into
the limit: the allocator's page fault stalls, the memcg reports ``under_oom``.  Then the policy decides — in the
kernel (the bridge program, run once) and in simulate mode on a snapshot of the same moment — and a victim that
frees its memory lets the allocator finish.  Closing kills every process the tree started and removes it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from types import TracebackType

from tests.bridge.v1 import _ALLOC, MB, Proc, V1Tree, read, write
from tests.waits import wait_until

#: the allocator stalls this far above what the tree uses when it starts (its interpreter is charged too)
HEADROOM_MB = 24
#: what it tries to touch: enough to stall at the limit, small enough to finish once a victim of >= 45 MiB is gone
ALLOC_MB = 40


@dataclass(frozen=True)
class P:
    """A process of ``mb`` MiB of touched anonymous memory; ``comm`` renames it (default: the interpreter's)."""

    mb: int
    adj: int = 0
    comm: str = ""


class NamedProc(Proc):
    """tests.bridge.v1.Proc with a chosen comm: the child renames itself (only a task can rename itself)."""

    def __init__(self, cgroup: str, mb: int, oom_score_adj: int = 0, comm: str = "") -> None:
        def enter() -> None:
            write(f"/proc/{os.getpid()}/oom_score_adj", str(oom_score_adj))
            write(os.path.join(cgroup, "cgroup.procs"), str(os.getpid()))

        rename = f"open('/proc/self/comm', 'w').write({comm!r})\n" if comm else ""
        self.cgroup = cgroup
        self.proc = subprocess.Popen(
            [sys.executable, "-c", rename + _ALLOC, str(mb)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            preexec_fn=enter,
        )
        self.pid = self.proc.pid
        if not self.wait_done():
            raise RuntimeError(f"allocator in {cgroup} died before it was done (exit {self.proc.returncode})")


class RealOom:
    """The tree ``leaves`` ({relative path: processes}, created in this order) under a fresh memcg, OOMing."""

    def __init__(self, leaves: dict[str, list[P]]) -> None:
        self.tree = V1Tree(limit_mb=None)
        self.procs: dict[str, list[Proc]] = {}
        self.alloc: Proc | None = None
        self._named: list[Proc] = []
        try:
            for rel, procs in leaves.items():
                self._make(rel)
                self.procs[rel] = [self._spawn(rel, p) for p in procs]
            self._make("alloc")
        except BaseException:
            self.close()
            raise

    def _make(self, rel: str) -> None:
        parts = rel.split("/")
        for i in range(1, len(parts) + 1):
            sub = "/".join(parts[:i])
            if not os.path.isdir(self.tree.path(sub)):
                self.tree.make(sub)

    def _spawn(self, rel: str, p: P) -> Proc:
        proc = NamedProc(self.tree.path(rel), p.mb, p.adj, p.comm)
        self._named.append(proc)
        return proc

    @property
    def root(self) -> str:
        return self.tree.root

    @property
    def limit(self) -> int:
        return int(read(os.path.join(self.root, "memory.limit_in_bytes")))

    def cgroup_id(self, rel: str = "") -> int:
        return self.tree.cgroup_id(rel)

    def path_of_id(self, cgroup_id: int) -> str:
        """The hierarchy-relative path (as the snapshot names it) of one of this tree's cgroups."""
        mount = os.path.dirname(self.root)
        for dirpath, _dirs, _files in os.walk(self.root):
            if os.stat(dirpath).st_ino == cgroup_id:
                return "/" + os.path.relpath(dirpath, mount)
        return f"<cgroup id {cgroup_id}: not this tree's>"

    def oom(self) -> None:
        """Limit the tree just above its usage, pause OOMs there, and start the allocator: it stalls at the
        limit (a real memcg OOM, ``under_oom 1``); then wait until the counters stand still."""
        usage = int(read(os.path.join(self.root, "memory.usage_in_bytes")))
        self.tree.limit(self.root, (usage + HEADROOM_MB * MB + MB - 1) // MB)
        write(os.path.join(self.root, "memory.oom_control"), "1")
        self.alloc = self.tree.spawn("alloc", ALLOC_MB, wait=False)
        assert wait_until(lambda: self.tree.oom_control()["under_oom"] == 1, timeout=60), "the allocator never stalled"
        self._settle()

    def _settle(self, timeout: float = 30.0) -> None:
        """Until memory.stat of the tree stands still for longer than the kernel's periodic flush (~2 s): the
        snapshot and the program must read the same counters."""
        end = time.monotonic() + timeout
        before = read(os.path.join(self.root, "memory.stat"))
        while time.monotonic() < end:
            time.sleep(2.2)
            now = read(os.path.join(self.root, "memory.stat"))
            if now == before:
                return
            before = now
        raise AssertionError(f"the counters of {self.root} never stood still")

    def all_procs(self) -> list[Proc]:
        return [p for procs in self.procs.values() for p in procs] + ([self.alloc] if self.alloc else [])

    def close(self) -> None:
        for proc in self._named:
            proc.stop()
        self.tree.close()

    def __enter__(self) -> RealOom:
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None) -> None:
        self.close()
