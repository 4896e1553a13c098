"""The floor under the bridge policy's walk (root only): ``scale_floor.bpf.c``'s programs beside policies.

For each tree size N: a throwaway v1 parent ``T/box`` with N empty child memcgs; every program runs with
``BPF_PROG_RUN`` in turn (round-robin, so all see the same machine load), and the kernel's run-time accounting
gives each one's mean in-kernel time per run.  The floor programs find ``box`` the way bridge mode does and then
walk its descendants doing less and less (see the C file); the policies are pyoombpf bridge objects run with a
:class:`BridgeContext` for ``box``.

    .venv/bin/python benchmarks/scale_floor.py [--sizes 10,1000,10000,100x100] [--policies largest_leaf] [--before]
"""

from __future__ import annotations

import argparse
import statistics
import struct
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT / "examples"))

from memcg_tree import ThrowawayTree, cgroup_id  # noqa: E402

FLOORS = ("find_only", "walk_only", "walk_read", "walk_usage", "walk_acquire", "walk_leaf")
_CTX = struct.Struct("<QIIQQQ")


def floor_object() -> bytes:
    from pyoombpf.runtime.testing import compile_c

    return compile_c(BENCH / "scale_floor.bpf.c")


def floor_ctx(memcg_id: int, hid: int) -> bytes:
    return _CTX.pack(memcg_id, hid, 0, 0, 0, 0)


def bridge_ctx(box: str, root: str, hid: int) -> bytes:
    from pyoombpf.bridge.abi import BridgeContext

    return BridgeContext(
        memcg_id=cgroup_id(box), attach_cgroup_id=cgroup_id(root), totalpages=(128 << 20) // 4096, hierarchy_id=hid
    ).encode()


def shape(size: str) -> tuple[int, int]:
    """``"N"``: N leaves below ``box``; ``"AxB"``: A children of ``box`` with B leaves each.  (levels, memcgs)"""
    if "x" in size:
        a, b = (int(x) for x in size.split("x"))
        return 2, a + a * b
    return 1, int(size)


#: the limit of the throwaway parent and ``box``: a new memcg's own kernel memory (its counters, about 5 KiB) is
#: charged to its parent, so a 128 MiB ``box`` holds only about 26,000 children (``mkdir``: ``ENOMEM``)
TREE_LIMIT = 4 << 30


def build(tree: ThrowawayTree, size: str) -> str:
    box = tree.mkdir("box", TREE_LIMIT)
    if "x" in size:
        a, b = (int(x) for x in size.split("x"))
        for i in range(a):
            tree.mkdir(f"box/g{i}", 256 << 20)
            tree.leaves(f"box/g{i}", b, 64 << 20)
    else:
        tree.leaves("box", int(size), 64 << 20)
    return box


@dataclass
class Sample:
    """One program on one tree: median in-kernel ns per run, the first run's ns, runs, the last context out."""

    median_ns: float
    first_ns: float
    runs: int
    ctx_out: bytes


def measure(
    programs: dict[str, tuple[Any, Callable[[str, str], bytes]]], sizes: list[str], calls: int
) -> Iterator[tuple[str, float, float, dict[str, Sample] | OSError]]:
    """Per tree size: (size, seconds to create, seconds to remove, ``{name: Sample}`` or why the tree could not be
    built).  ``programs`` maps a name
    to (program, context maker); they run in turn, one run each per round, so all see the same load."""
    from kinfo import RunTimeStats, prog_info

    for size in sizes:
        _levels, n = shape(size)
        with ThrowawayTree(limit_bytes=TREE_LIMIT) as tree:
            start = time.perf_counter()
            try:
                box = build(tree, size)
            except OSError as exc:  # ENOMEM: no memcg id left (65,535 per machine, dying memcgs included)
                yield size, time.perf_counter() - start, 0.0, exc
                continue
            built = time.perf_counter() - start
            ctxs = {name: make(box, tree.root) for name, (_p, make) in programs.items()}
            runs = max(10, min(calls, 20_000 // max(n, 1)))
            ns: dict[str, list[float]] = {name: [] for name in programs}
            first: dict[str, float] = {}
            outs: dict[str, bytes] = {}
            with RunTimeStats():
                for r in range(runs + 1):
                    for name, (prog, _m) in programs.items():
                        before = prog_info(prog.fd).run_time_ns
                        res = prog.test_run(ctxs[name])
                        took = prog_info(prog.fd).run_time_ns - before
                        outs[name] = res.ctx_out
                        if r == 0:  # the first run after the memcgs were made: their structures not in cache
                            first[name] = took
                        else:
                            ns[name].append(took)
            start = time.perf_counter()
        removed = time.perf_counter() - start
        samples = {k: Sample(statistics.median(ns[k]), first[k], runs, outs[k]) for k in programs}
        yield size, built, removed, samples


def unguarded(fn: Any) -> Any:
    """``fn`` compiled for bridge mode the way it was before walks tested their leading ``continue`` guards on
    an unreferenced item (every item referenced first): the "before" of the same policy, side by side."""
    from pyoombpf.compiler import compile as pcompile
    from pyoombpf.lowering.bridge import BridgePolicyLowering

    saved = BridgePolicyLowering.item_guards
    BridgePolicyLowering.item_guards = lambda self, s: []  # type: ignore[method-assign]
    try:
        return pcompile(fn, mode="bridge", cache=False)  # a cached object would be the guarded one
    finally:
        BridgePolicyLowering.item_guards = saved  # type: ignore[method-assign]


def open_programs(
    stack: ExitStack, policies: list[str], floors: list[str], before: bool = False
) -> dict[str, tuple[Any, Callable[[str, str], bytes]]]:
    """Load the floor programs and the ``examples/NAME.py`` policies (and, with ``before``, each policy as
    :func:`unguarded` compiles it, named ``NAME (before)``); closed with ``stack``."""
    import importlib

    from pyoombpf.bridge.memcg_v1 import hierarchy_id
    from pyoombpf.compiler import compile as pcompile
    from pyoombpf.runtime import BpfObject

    hid = hierarchy_id()
    programs: dict[str, tuple[Any, Callable[[str, str], bytes]]] = {}

    def add(name: str, elf: bytes, symbol: str, make: Callable[[str, str], bytes]) -> None:
        bpf = stack.enter_context(BpfObject.open(elf, symbol[:15]))
        bpf.load()
        programs[name] = (bpf.program(symbol), make)

    def policy_ctx(box: str, root: str) -> bytes:
        return bridge_ctx(box, root, hid)

    for pol in policies:  # examples/NAME.py, or a module path (pyoombpf.policies.NAME) named after its policy
        fn = getattr(importlib.import_module(pol), pol.rsplit(".", 1)[-1])
        compiled = pcompile(fn, mode="bridge", cache=False)
        add(pol, compiled.elf, compiled.symbol, policy_ctx)
        if before:
            old = unguarded(fn)
            add(f"{pol} (before)", old.elf, old.symbol, policy_ctx)
    if floors:
        elf = floor_object()
        for name in floors:
            add(name, elf, name, lambda box, _root: floor_ctx(cgroup_id(box), hid))
    return programs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10,1000,10000")
    ap.add_argument("--calls", type=int, default=200)
    ap.add_argument("--policies", default="largest_leaf", help="examples/NAME.py policies to run beside the floor")
    ap.add_argument("--floors", default=",".join(FLOORS))
    ap.add_argument("--before", action="store_true", help="also each policy without the walk's early guards")
    args = ap.parse_args()
    from harness import load_note

    sizes = [x for x in args.sizes.split(",") if x]
    with ExitStack() as stack:
        programs = open_programs(
            stack, [p for p in args.policies.split(",") if p], [f for f in args.floors.split(",") if f], args.before
        )
        print(load_note())
        names = list(programs)
        print("| memcgs | " + " | ".join(f"{n} µs (ns/memcg)" for n in names) + " |")
        for size, _built, _removed, row in measure(programs, sizes, args.calls):
            n = shape(size)[1]
            if isinstance(row, OSError):
                print(f"| {size} ({n:,}) | could not be built: {row} |")
                continue
            cells = [f"{row[k].median_ns / 1e3:.1f} ({row[k].median_ns / n:.0f})" for k in names]
            print(f"| {size} ({n:,}) | " + " | ".join(cells) + " |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
