"""Random cgroup trees, as plain data (:class:`TreeSpec`) and as real v1 memcgs with real processes (:class:`World`).

A tree lives under a throwaway parent ``pyoombpf-test-<random>`` with a small limit; its nodes are created in
the spec's order (parents first, siblings in a random order that is not alphabetical, so a model that walks
children by name instead of by creation is caught).  Leaves hold 0–2 allocator processes (``tests/bridge/v1.py``
``Proc``: N MiB of touched private anonymous memory each) and, optionally, page cache: a ``cat`` of a file under
/var/tmp run inside the leaf.  ``memory.oom_control`` is never touched.

``oom_score_adj`` is 0..1000 only: a negative value needs CAP_SYS_RESOURCE, which root lacks on these machines.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import subprocess
import time
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from hypothesis import strategies as st

from tests.bridge.v1 import MB, Proc, V1Tree, read
from tests.waits import wait_until

#: sizes of the allocators in MiB: several MiB apart, so interpreter overhead cannot flip a ranking
SIZES = (4, 10, 16, 22, 28, 34, 40)
MAX_PROCS = 6
MAX_LEAVES = 6
MAX_DEPTH = 3
LIMIT_MB = 256
CACHE_SIZES = (0, 0, 4, 12)
ADJS = (0, 0, 1, 100, 500, 999, 1000)
NAMES = "abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class ProcSpec:
    mb: int
    oom_score_adj: int = 0


@dataclass
class NodeSpec:
    path: str  # relative to the tree's parent, e.g. "q/c"
    procs: list[ProcSpec] = field(default_factory=list)
    cache_mb: int = 0


@dataclass
class TreeSpec:
    """Nodes in creation order (a parent before its children)."""

    nodes: list[NodeSpec]

    def leaves(self) -> list[NodeSpec]:
        return [n for n in self.nodes if not any(m.path.startswith(n.path + "/") for m in self.nodes)]

    def describe(self) -> str:
        parts = []
        for n in self.nodes:
            procs = ",".join(f"{p.mb}M@{p.oom_score_adj}" for p in n.procs)
            cache = f" cache={n.cache_mb}M" if n.cache_mb else ""
            parts.append(f"{n.path}[{procs}]{cache}")
        return " ".join(parts)


@st.composite
def trees(draw: Any, inner_procs: bool = False) -> TreeSpec:
    """A tree of depth <= 3 below the parent with <= 6 leaves; <= 6 processes of distinct sizes in all.
    ``inner_procs``: an inner cgroup may hold a process too (cgroup v1 allows it; v2 would not)."""
    names = iter(draw(st.permutations(NAMES)))
    nodes: list[NodeSpec] = []

    def grow(prefix: str, depth: int, room: int) -> int:
        """Children of ``prefix`` (at most ``room`` leaves below it, room >= 1); returns the leaves made."""
        count = draw(st.integers(1, min(3 if depth else 4, room)))
        used = 0
        for i in range(count):
            left = room - used - (count - i - 1)  # keep one leaf for each later sibling
            path = f"{prefix}{next(names)}"
            nodes.append(NodeSpec(path))
            if depth + 1 < MAX_DEPTH and draw(st.integers(0, 2)) == 0:
                used += grow(path + "/", depth + 1, left)
            else:
                used += 1
        return used

    grow("", 0, MAX_LEAVES)
    spec = TreeSpec(nodes)
    sizes = list(draw(st.permutations(SIZES)))
    for leaf in spec.leaves():
        # (hypothesis' simplest draw is the first choice: make it a leaf with a process)
        n = min(draw(st.sampled_from([1, 2, 0])), MAX_PROCS - sum(len(x.procs) for x in spec.nodes))
        leaf.procs = [ProcSpec(sizes.pop(), draw(st.sampled_from(ADJS))) for _ in range(n)]
        leaf.cache_mb = draw(st.sampled_from(CACHE_SIZES))
    leaves = spec.leaves()
    for node in spec.nodes:
        room = MAX_PROCS - sum(len(x.procs) for x in spec.nodes)
        if inner_procs and node not in leaves and room and draw(st.integers(0, 2)) == 2:
            node.procs = [ProcSpec(sizes.pop(), draw(st.sampled_from(ADJS)))]
    return spec


def memory_stat(path: str) -> dict[str, int]:
    return {k: int(v) for k, v in (line.split() for line in read(os.path.join(path, "memory.stat")).splitlines())}


class World:
    """A :class:`TreeSpec` as real memcgs and processes.  Closing kills every process it started (by pid) and
    removes every memcg and file it made, also when the test failed."""

    def __init__(self, spec: TreeSpec) -> None:
        self.spec = spec
        self.tree = V1Tree(limit_mb=LIMIT_MB)
        self.procs: dict[str, list[Proc]] = {}
        self._files: list[str] = []
        try:
            self._build()
        except BaseException:
            self.close()
            raise

    def _build(self) -> None:
        for node in self.spec.nodes:
            self.tree.make(node.path)
        for node in self.spec.nodes:
            self.procs[node.path] = [self.tree.spawn(node.path, p.mb, p.oom_score_adj) for p in node.procs]
            if node.cache_mb:
                self._page_cache(node.path, node.cache_mb)

    def _page_cache(self, rel: str, mb: int) -> None:
        """Charge ``mb`` MiB of page cache to ``rel``: write a file, drop it from the cache, read it inside."""
        path = os.path.join("/var/tmp", f"pyoombpf-diff-{secrets.token_hex(4)}")
        self._files.append(path)
        with open(path, "wb") as f:
            f.write(os.urandom(mb * MB))
            f.flush()
            os.fsync(f.fileno())
        fd = os.open(path, os.O_RDONLY)
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)
        cgroup = self.tree.path(rel)

        def enter() -> None:
            with open(os.path.join(cgroup, "cgroup.procs"), "w") as f:
                f.write(str(os.getpid()))

        subprocess.run(["cat", path], stdout=subprocess.DEVNULL, preexec_fn=enter, check=True)

    # ------------------------------------------------------------------------------------------ state

    @property
    def root(self) -> str:
        return self.tree.root

    def all_procs(self) -> list[Proc]:
        return [p for procs in self.procs.values() for p in procs]

    def path_of_id(self, cgroup_id: int) -> str:
        """The cgroup path (``/pyoombpf-test-…/a/b``, relative to the memory hierarchy) of one of our ids."""
        mount = os.path.dirname(self.root)
        for rel in [""] + [n.path for n in self.spec.nodes]:
            if self.tree.cgroup_id(rel) == cgroup_id:
                return "/" + os.path.relpath(self.tree.path(rel), mount)
        raise KeyError(f"cgroup id {cgroup_id} is none of this tree's")

    def _counters(self) -> list[tuple[int, ...]]:
        out: list[tuple[int, ...]] = []
        for rel in [""] + [n.path for n in self.spec.nodes]:
            path = self.tree.path(rel)
            s = memory_stat(path)
            usage = int(read(os.path.join(path, "memory.usage_in_bytes")))
            out.append((usage, s["total_cache"], s["total_rss"], s["total_pgfault"], s["total_pgpgin"]))
        return out

    def settle(self, timeout: float = 30.0) -> None:
        """Wait until memory.stat shows every allocation and the counters stand still: the kernel folds per-cpu
        counters into the totals lazily (up to ~2 s), and the snapshot and the program must read the same."""

        def shown() -> bool:
            for node in self.spec.nodes:
                s = memory_stat(self.tree.path(node.path))
                if s["total_rss"] < sum(p.mb for p in node.procs) * MB:
                    return False
                if s["total_cache"] < node.cache_mb * MB * 9 // 10:
                    return False
            return True

        assert wait_until(shown, timeout=timeout, step=0.1), f"memory.stat never showed {self.spec.describe()}"
        end = time.monotonic() + timeout
        before = self._counters()
        while time.monotonic() < end:
            time.sleep(2.2)  # longer than the kernel's periodic flush
            now = self._counters()
            if now == before:
                return
            before = now
        raise AssertionError(f"the counters of {self.root} never stood still for 2 s")

    def close(self) -> None:
        self.tree.close()
        for path in self._files:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)

    def __enter__(self) -> World:
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None) -> None:
        self.close()
