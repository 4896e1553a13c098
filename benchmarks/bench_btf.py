"""How fast pyoombpf finds kernel types.

Run: ``.venv/bin/python benchmarks/bench_btf.py [--runs N] [--json]``.  Every scenario runs in fresh
processes against a private cache directory (the user's cache is not touched):

* cold index build: first process on this kernel: read vmlinux BTF, walk every record, write the cache
* after reboot: the cache entry exists but the boot-bound pointer does not: read + hash the BTF once
* warm start: a later process: map the cache, then ``struct("task_struct")`` and resolve 5 members
* TypeSource per compile: in one process, a fresh TypeSource, ``bpf_oom_ops`` + handler +
  ``oom_control`` + 3 kfuncs + 1 enumerator
* BTF-less TypeSource: the same with no kernel BTF (bundle only)

Medians in milliseconds (min-max in brackets).  The machine is shared; expect noise.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

VMLINUX = "/sys/kernel/btf/vmlinux"

CHILD = r"""
import json, os, sys, time
t0 = time.perf_counter()
import pyoombpf.btf as btf
t1 = time.perf_counter()
spec = btf.vmlinux()
t2 = time.perf_counter()
task = spec.struct("task_struct")
for name in ("pid", "tgid", "comm", "signal", "mm"):
    btf.strip(task.member(name).type)
t3 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "load": t2 - t1, "lookup": t3 - t2, "load+lookup": t3 - t1}))
"""

PER_COMPILE = r"""
import json, time
import pyoombpf.btf as btf
spec = btf.try_vmlinux()
btf.TypeSource(spec=spec)  # warm the bundle cache once
samples = []
for _ in range(RUNS):
    t = time.perf_counter()
    src = btf.TypeSource(spec=spec)
    ops = src.struct("bpf_oom_ops")
    btf.strip(ops.member("handle_out_of_memory").type).target.params
    src.struct("oom_control").member("bpf_memory_freed").type
    for k in ("bpf_oom_kill_process", "bpf_task_from_pid", "bpf_get_mem_cgroup"):
        src.kfunc(k).proto.params
    src.enum_value("BPF_OOM_FLAGS_WAIT_ON_OOM_LOCK")
    samples.append(time.perf_counter() - t)
print(json.dumps(samples))
"""


def _run(code: str, env: dict[str, str]) -> str:
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return out.stdout.strip().splitlines()[-1]


def _stats(values: list[float]) -> dict[str, float]:
    ms = [v * 1e3 for v in values]
    return {"median": statistics.median(ms), "min": min(ms), "max": max(ms), "n": len(ms)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=10, help="processes per scenario (default 10)")
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = ap.parse_args()
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="pyoombpf-bench-") as tmp:
        env = dict(os.environ, PYOOMBPF_CACHE_DIR=tmp)
        env.pop("PYOOMBPF_VMLINUX_BTF", None)
        btf_dir = Path(tmp) / "btf"
        have_btf = os.access(VMLINUX, os.R_OK)
        if have_btf:
            cold, reboot, warm, warm_import, lookup = [], [], [], [], []
            for _ in range(max(3, args.runs // 3)):
                for f in btf_dir.glob("*.btfx"):
                    f.unlink()
                for f in btf_dir.glob("src-*"):
                    f.unlink()
                cold.append(json.loads(_run(CHILD, env))["load+lookup"])
            for _ in range(max(3, args.runs // 3)):
                for f in btf_dir.glob("src-*"):
                    f.unlink()
                reboot.append(json.loads(_run(CHILD, env))["load+lookup"])
            for _ in range(args.runs):
                r = json.loads(_run(CHILD, env))
                warm.append(r["load+lookup"])
                warm_import.append(r["import"])
                lookup.append(r["lookup"])
            results["cold index build + lookup"] = _stats(cold)
            results["after reboot (read + hash) + lookup"] = _stats(reboot)
            results["warm start: vmlinux() + task_struct + 5 members"] = _stats(warm)
            results["  of which struct + 5 members"] = _stats(lookup)
            results["import pyoombpf.btf"] = _stats(warm_import)
            per = json.loads(_run(PER_COMPILE.replace("RUNS", str(args.runs * 10)), env))
            results["TypeSource per compile (kernel BTF)"] = _stats(per)
        env_nobtf = dict(env, PYOOMBPF_VMLINUX_BTF=str(Path(tmp) / "absent"))
        per = json.loads(_run(PER_COMPILE.replace("RUNS", str(args.runs * 10)), env_nobtf))
        results["TypeSource per compile (no BTF, bundle only)"] = _stats(per)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    width = max(len(k) for k in results)
    print(f"{'scenario':<{width}}  median ms  [min - max]  n")
    for name, s in results.items():
        print(f"{name:<{width}}  {s['median']:9.2f}  [{s['min']:.2f} - {s['max']:.2f}]  {int(s['n'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
