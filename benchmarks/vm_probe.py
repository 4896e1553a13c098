"""Benchmark probe run *inside* the pyoombpf test VM (kernel with ``bpf_oom_ops``) by ``bench_verifier.py --vm``.

It is a pytest file only because pytest is what the VM's init runs (``vm/run-vm.sh <bzImage> -s <this file>``);
it is not part of the test suite.  For each example policy it compiles ours (struct_ops, ABI v3) in the guest,
takes clang-19's build of ``src_c/policies/<name>.bpf.c`` from the host (``PYOOMBPF_POLICY_OBJDIR``), loads both
through pyoombpf.runtime, and prints one ``PYOOMBPF-BENCH <json>`` line per object: instruction slots, the
verifier's processed instructions, and open+load / cgroup attach times (TCG-emulated: compare ratios only).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "examples"))

POLICIES = {"largest_leaf": "largest_leaf_ops", "oomd_like": "oomd_like_ops"}
RUNS = 5


def _has_bpf_oom_ops() -> bool:
    try:
        return b"\x00bpf_oom_ops\x00" in Path("/sys/kernel/btf/vmlinux").read_bytes()
    except OSError:
        return False


def _emit(**fields: object) -> None:
    print("PYOOMBPF-BENCH " + json.dumps(fields), flush=True)


def _measure(elf: bytes, map_name: str, cgroup: str) -> dict[str, object]:
    from kinfo import prog_info

    from pyoombpf.elf import insn_count
    from pyoombpf.runtime import BpfObject, CgroupFd

    loads, attaches = [], []
    verified: dict[str, int] = {}
    for _ in range(RUNS):
        start = time.perf_counter()
        with BpfObject.open(elf, map_name) as obj:
            obj.load()
            loaded = time.perf_counter()
            with CgroupFd(cgroup) as cg, obj.struct_ops(map_name).attach(cg):
                attached = time.perf_counter()
            verified = {p.name: prog_info(p.fd).verified_insns for p in obj.programs()}
        loads.append(loaded - start)
        attaches.append(attached - loaded)
    return {
        "insns": insn_count(elf),
        "verified": verified,
        "load_ms": statistics.median(loads) * 1e3,
        "attach_ms": statistics.median(attaches) * 1e3,
    }


@pytest.mark.skipif(not _has_bpf_oom_ops(), reason="the running kernel has no struct bpf_oom_ops: run it in the VM")
def test_struct_ops_objects_load_and_report() -> None:
    import importlib

    from pyoombpf.compiler import compile as pcompile

    objdir = Path(os.environ.get("PYOOMBPF_POLICY_OBJDIR", "/nonexistent"))
    cgroup = f"/sys/fs/cgroup/pyoombpf-bench-{uuid.uuid4().hex[:8]}"
    os.mkdir(cgroup)
    try:
        for name, c_map in POLICIES.items():
            ours = pcompile(getattr(importlib.import_module(name), name))
            row = _measure(ours.elf, ours.symbol, cgroup)
            _emit(policy=name, compiler="pyoombpf", **row)
            assert row["verified"], f"{name}: our object has no program"
            twin = objdir / f"{name}.example.bpf.o"  # the C doing the example's work, where it has a twin
            clang = twin if twin.exists() else objdir / f"{name}.bpf.o"
            if clang.exists():
                row = _measure(clang.read_bytes(), c_map, cgroup)
                _emit(policy=name, compiler="clang-19 -O2", **row)
    finally:
        os.rmdir(cgroup)


LATENCY_OOMS = int(os.environ.get("PYOOMBPF_BENCH_VM_OOMS", "20"))


def _v2_tree() -> str:
    """``/sys/fs/cgroup/pyoombpf-bench-<random>/box/{victim,alloc}``, box limited to the scenario's size."""
    from bench_bridge import BOX_MIB

    top = f"/sys/fs/cgroup/pyoombpf-bench-{uuid.uuid4().hex[:8]}"
    for d in (top, f"{top}/box", f"{top}/box/victim", f"{top}/box/alloc"):
        os.mkdir(d)
        if not d.endswith(("victim", "alloc")):
            Path(d, "cgroup.subtree_control").write_text("+memory")
    Path(top, "box", "memory.max").write_text(str(BOX_MIB << 20))
    return top


def _v2_remove(top: str) -> None:
    import signal as sig

    from pyoombpf.runtime.cgroup import remove_cgroup

    for d in (f"{top}/box/victim", f"{top}/box/alloc", f"{top}/box", top):
        for pid in Path(d, "cgroup.procs").read_text().split():
            os.kill(int(pid), sig.SIGKILL)
        remove_cgroup(d)


def _latencies(box: str) -> dict[str, object]:
    from bench_bridge import KernelLog, one_oom, pick_stall

    out: dict[str, list[float]] = {"gone": [], "kill": [], "resumed": []}
    missed: dict[str, int] = {}
    with KernelLog() as klog:
        for _ in range(LATENCY_OOMS):
            r = one_oom(box, alloc_adj=-1000)  # the guest's root may protect it (CAP_SYS_RESOURCE)
            if isinstance(r, str):
                missed[r] = missed.get(r, 0) + 1
                continue
            killed_at = klog.kill_time(r["pid"])
            kill = pick_stall(r, [killed_at] if killed_at is not None else [])
            out["gone"].append((r["gone"] - r["start"]) / 1e6)
            out["resumed"].append((r["resumed"] - r["start"]) / 1e6)
            if kill is not None:
                out["kill"].append((kill - r["start"]) / 1e6)
    return {**out, "total": LATENCY_OOMS, "missed": missed}


@pytest.mark.skipif(not _has_bpf_oom_ops(), reason="the running kernel has no struct bpf_oom_ops: run it in the VM")
def test_struct_ops_reaction_latency() -> None:
    """The bench_bridge scenario on cgroup v2: the kernel's own OOM killer, then largest_leaf as struct_ops."""
    import largest_leaf

    from pyoombpf.compiler import compile as pcompile
    from pyoombpf.runtime import BpfObject, CgroupFd

    top = _v2_tree()
    try:
        box = f"{top}/box"
        kernel = _latencies(box)
        _emit(latency="kernel", **kernel)
        ours = pcompile(largest_leaf.largest_leaf)
        with BpfObject.open(ours.elf, ours.symbol) as obj:
            obj.load()
            with CgroupFd(top) as cg, obj.struct_ops(ours.symbol).attach(cg):
                policy = _latencies(box)
        _emit(latency="struct_ops", **policy)
        assert kernel["gone"] or policy["gone"], "no OOM ended with only the victim killed"
    finally:
        _v2_remove(top)
