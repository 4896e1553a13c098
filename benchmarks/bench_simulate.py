"""Simulate-mode benchmark: the largest_leaf policy over a synthetic tree of 10,000 cgroups and 100,000 tasks.

    .venv/bin/python benchmarks/bench_simulate.py [--runs 5] [--groups 100] [--leaves 100] [--tasks 10] [--write]

The tree: one OOMing cgroup with ``groups`` children of ``leaves`` leaves each, ``tasks`` processes per leaf
(defaults: 1 + 100 + 10,000 cgroups, 100,000 tasks).  Measured separately: building the scenario in code,
turning it into the traced model, and the whole ``simulate()`` call (validation, model, run, trace).  The policy
is compiled once beforehand.  ``--write`` replaces the "Simulation" section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
from pathlib import Path

from harness import load_note, machine_table, markdown_table, measure, replace_section, wait_for_quiet

from pyoombpf.simulate import CgroupSpec, Scenario, TaskSpec, simulate

ROOT = Path(__file__).resolve().parents[1]
MB = 1 << 20


def synthetic(groups: int, leaves: int, tasks: int) -> Scenario:
    sc = Scenario(oom_cgroup="work", source="<synthetic>")
    sc.cgroups["work"] = CgroupSpec("work", limit=64 << 30)
    pid = 1000
    for g in range(groups):
        gp = f"work/g{g}"
        sc.cgroups[gp] = CgroupSpec(gp)
        for leaf in range(leaves):
            path = f"{gp}/l{leaf}"
            ts = []
            for t in range(tasks):
                pid += 1
                # deterministic spread of sizes; a few unkillable tasks
                rss = ((pid * 2654435761) % 97 + 1) * MB // 8
                adj = -1000 if pid % 997 == 0 else 0
                ts.append(TaskSpec(pid=pid, comm=f"w{t}", rss=rss, oom_score_adj=adj))
            sc.cgroups[path] = CgroupSpec(path, stats={"NR_FILE_PAGES": (pid % 13) * 256}, tasks=ts)
    return sc


def _policy() -> object:
    spec = importlib.util.spec_from_file_location("bench_largest_leaf", ROOT / "examples" / "largest_leaf.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod.largest_leaf


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--groups", type=int, default=100)
    p.add_argument("--leaves", type=int, default=100)
    p.add_argument("--tasks", type=int, default=10)
    p.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    args = p.parse_args()
    wait_for_quiet(max_load=1.0, timeout=120)
    policy = _policy()
    sc = synthetic(args.groups, args.leaves, args.tasks)
    ncg = len(sc.cgroups) + 1  # + the root
    ntasks = sum(len(c.tasks) for c in sc.cgroups.values())
    res = simulate(policy, sc)  # compiles once; also checks the result below
    assert res.verdict == "handled" and res.victims
    runs = args.runs
    build = measure(lambda: synthetic(args.groups, args.leaves, args.tasks), runs=runs, warmup=1)
    model = measure(lambda: sc.build(), runs=runs, warmup=1)
    whole = measure(lambda: simulate(policy, sc), runs=runs, warmup=1)
    rows = [
        ("build the Scenario in code", f"{build.median:.2f} s", f"{build.p90:.2f} s"),
        ("Scenario → traced kernel model", f"{model.median:.2f} s", f"{model.p90:.2f} s"),
        ("simulate(largest_leaf, scenario) end to end", f"{whole.median:.2f} s", f"{whole.p90:.2f} s"),
    ]
    table = markdown_table(["step", "median", "p90"], rows)
    reads = sum(len(c.reads) for c in res.trace)
    body = (
        f"`benchmarks/bench_simulate.py`: the `largest_leaf` example policy simulated over a synthetic tree of "
        f"{ncg:,} cgroups and {ntasks:,} tasks ({args.groups} groups × {args.leaves} leaves × {args.tasks} "
        f"tasks), {runs} runs after a warm-up; the policy is compiled once beforehand.  The run traced "
        f"{len(res.trace):,} candidates and {reads:,} reads and killed {len(res.victims)} task(s) in "
        f"{res.victim_cgroups[0]}.\n\n{table}\n\n"
        "Rerun: `.venv/bin/python benchmarks/bench_simulate.py --write`.  "
        f"{load_note()}\n\n{machine_table()}"
    )
    print(body)
    if args.write:
        replace_section(str(ROOT / "docs" / "benchmarks.md"), "Simulation", body)
        print(f"\nwrote the Simulation section of {os.path.relpath(ROOT / 'docs' / 'benchmarks.md')}")


if __name__ == "__main__":
    main()
