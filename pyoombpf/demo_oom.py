"""The main job of ``make demo``: a real OOM in a throwaway cgroup, handled by a Python policy in the kernel.

The same tree is built twice in a throwaway v1 memory cgroup, as ``<top>/workload/<leaf>`` with a 256 MiB limit on
``workload`` (the policy is attached at ``workload``, the cgroup that carries the limit and runs out of memory):

    web    40 MiB, oom_score_adj +1000   (what the kernel's own OOM killer picks)
    batch 120 MiB                        (the largest leaf: what examples/largest_leaf.py picks)
    cache  30 MiB
    ingest grows by 70 MiB until the cgroup is out of memory

First the kernel alone handles the OOM; then the policy does, compiled in bridge mode and run in the kernel by the
relay.  Everything started is stopped by pid and every cgroup removed, whatever happens.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pyoombpf.bridge.memcg_v1 import v1_memory_root
from pyoombpf.runtime.cgroup import remove_cgroup

MB = 1 << 20
LIMIT_MB = 256
#: leaf, MiB held, oom_score_adj (ingest is the one that grows)
TREE = (("web", 40, 1000), ("batch", 120, 0), ("cache", 30, 0))
GROW_MB = 70
_HOLD = (
    "import mmap, sys\nm = mmap.mmap(-1, int(sys.argv[1]) << 20, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)\n"
    "for i in range(0, len(m), 4096):\n    m[i] = 1\nprint('ready', flush=True)\nsys.stdin.read()\n"
)
_GROW = (
    "import mmap, sys, time\nm = mmap.mmap(-1, int(sys.argv[1]) << 20, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)\n"
    "for i in range(0, len(m), 4096):\n    m[i] = 1\n    if i % (1 << 20) == 0: time.sleep(0.002)\n"
    "print('done', flush=True)\n"
)


def _write(path: str, text: str) -> None:
    with open(path, "w") as f:
        f.write(text)


class Tree:
    """The throwaway memcgs and their processes (a context manager: everything is undone on exit)."""

    def __init__(self, root: str) -> None:
        self.top = os.path.join(root, f"pyoombpf-demo-{secrets.token_hex(4)}")
        os.mkdir(self.top)
        self.work = os.path.join(self.top, "workload")
        self.procs: dict[str, subprocess.Popen[bytes]] = {}
        try:
            os.mkdir(self.work)
            _write(os.path.join(self.work, "memory.limit_in_bytes"), str(LIMIT_MB * MB))
        except BaseException:
            self.__exit__()
            raise

    def spawn(self, leaf: str, code: str, mb: int, adj: int) -> subprocess.Popen[bytes]:
        path = os.path.join(self.work, leaf)
        os.makedirs(path, exist_ok=True)

        def enter() -> None:
            _write(f"/proc/{os.getpid()}/oom_score_adj", str(adj))
            _write(os.path.join(path, "cgroup.procs"), str(os.getpid()))

        p = subprocess.Popen(
            [sys.executable, "-c", code, str(mb)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, preexec_fn=enter
        )
        self.procs[leaf] = p
        return p

    def populate(self) -> None:
        os.makedirs(os.path.join(self.work, "ingest"), exist_ok=True)
        for leaf, mb, adj in TREE:
            p = self.spawn(leaf, _HOLD, mb, adj)
            assert p.stdout is not None
            p.stdout.readline()

    def fate(self) -> dict[str, str]:
        out = {}
        for leaf, p in self.procs.items():
            rc = p.poll()
            out[leaf] = "alive" if rc is None else ("KILLED" if rc == -9 else ("done" if rc == 0 else f"exit {rc}"))
        return out

    def __enter__(self) -> Tree:
        return self

    def __exit__(self, *exc: object) -> None:
        for p in self.procs.values():
            if p.poll() is None:
                p.kill()
            p.wait()
        paths = [os.path.join(self.work, leaf) for leaf in self.procs] + [self.work, self.top]
        for path in paths:
            if not remove_cgroup(path):
                print(f"   (could not remove {path}: it still holds processes; remove it by hand)", flush=True)


def _grow_until_done(tree: Tree, pump: Callable[[], Any], timeout: float = 60.0) -> None:
    grower = tree.spawn("ingest", _GROW, GROW_MB, 0)
    deadline = time.monotonic() + timeout
    while grower.poll() is None and time.monotonic() < deadline:
        pump()
    time.sleep(0.2)


def _show(say: Callable[[str], None], fate: dict[str, str]) -> None:
    say("   " + "   ".join(f"{leaf}: {state}" for leaf, state in fate.items()))


def run(say: Callable[[str], None], policy: Any) -> bool:
    """Both halves of the demo; False when the machine cannot do it (said why)."""
    root = v1_memory_root()
    if root is None:
        say("   skipped: no cgroup v1 memory hierarchy here (bridge mode on cgroup v2 runs in `make vmtest`)")
        return False
    from pyoombpf.bridge import BridgePolicy
    from pyoombpf.compiler import compile as pcompile

    say(f"   workload (limit {LIMIT_MB} MiB): " + ", ".join(f"{leaf} {mb} MiB adj {adj:+d}" for leaf, mb, adj in TREE))
    say(f"   then 'ingest' grows by {GROW_MB} MiB until the cgroup is out of memory")
    say("\n   a) the kernel's OOM killer alone:")
    with Tree(root) as tree:
        tree.populate()
        _grow_until_done(tree, lambda: time.sleep(0.05))
        _show(say, tree.fate())
    say("\n   b) with examples/largest_leaf.py, compiled in bridge mode and run in the kernel by the relay:")
    compiled = pcompile(policy, mode="bridge")
    events: list[str] = []
    with Tree(root) as tree:
        tree.populate()
        with BridgePolicy(compiled, tree.work, on_event=lambda e: events.append(e.to_text())) as bridge:
            _grow_until_done(tree, lambda: bridge.run_once(0.1))
        for line in events:
            say(f"      {line}")
        _show(say, tree.fate())
    say("   (every demo process stopped, every demo cgroup removed, oom_kill_disable restored)")
    return True


def main() -> int:
    from pyoombpf.files import import_file

    ll = import_file(Path(__file__).resolve().parent.parent / "examples" / "largest_leaf.py", "largest_leaf")
    run(lambda s: print(s, flush=True), ll.largest_leaf)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
