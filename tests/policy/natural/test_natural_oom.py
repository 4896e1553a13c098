"""The kernel's decision on a real OOM equals simulate's, for a third of the corpus (and more).

Each case builds a throwaway v1 memcg tree with real processes (real.py), drives it into a real OOM (the allocator
stalls at the limit, ``under_oom``), snapshots it (``Scenario.from_system``) and simulates the policy on the
snapshot, then runs the same policy compiled in bridge mode once in the kernel, as the relay does.  Both must
choose the same victims; the victims must die by SIGKILL, every other process must live, and the allocator must
finish (the kill ended the OOM).  Sizes are well apart (>= 10 MiB), so per-CPU counter drift cannot flip a choice.
"""

from __future__ import annotations

import pytest

from pyoombpf.bridge import abi
from pyoombpf.bridge.memcg_v1 import v1_memory_root
from pyoombpf.simulate import Scenario, simulate
from pyoombpf.simulate.scenario import PAGE_SIZE
from tests.differential.harness import BridgeProgram

from .corpus import CORPUS, policy
from .real import P, RealOom

pytestmark = [
    pytest.mark.kernel,
    pytest.mark.skipif(v1_memory_root() is None, reason="no cgroup v1 memory hierarchy (real OOMs are paused there)"),
]

PY = "python3"
#: per policy: the leaves (created in this order) and their processes; the allocator gets a leaf "alloc" after them
TREES: dict[str, dict[str, list[P]]] = {
    "most_tasks": {"service": [P(70)], "workers": [P(12)] * 4, "pair": [P(20), P(20)]},
    "most_python": {
        "shell": [P(5, comm="bash"), P(5, comm="bash"), P(5, comm="bash"), P(30, comm=PY)],
        "notebooks": [P(15, comm=PY), P(15, comm="python3.11"), P(15, comm="jupyter")],
        "pypy": [P(50, comm="pypy")],
    },
    "mem_per_process": {"web": [P(20), P(20), P(20)], "cache": [P(60)], "empty": []},
    "sum_rss": {"app": [P(35), P(35)], "batch": [P(50)]},
    "max_adj": {"a": [P(70), P(10, adj=500)], "b": [P(10, adj=800), P(50, adj=800)], "c": [P(20, adj=800)]},
    "largest_process": {"a": [P(80)], "b": [P(30), P(30)], "c": [P(50)]},
    "prefer_batch": {"web": [P(80)], "jobs/batch-a": [P(20)], "jobs/batch-b": [P(50)], "batches": [P(60)]},
    "prefs_map": {"huge": [P(70)], "big": [P(60)], "medium": [P(20)], "small": [P(50)]},
    "kill_high_adj": {
        "svc": [P(60, adj=900)],
        "batch": [P(15, adj=500), P(15, adj=1000), P(15, adj=700), P(15, adj=0), P(15, adj=600)],
    },
    "top_two": {"a": [P(10)], "b": [P(60)], "c": [P(45)], "d": [P(20)]},
    "numbered_names": {"app": [P(60, comm="app2")], "workers": [P(10, comm="worker"), P(20, comm="7734521")]},
    "prefix_list": {"database": [P(90)], "batch-a": [P(20)], "tmp-scratch": [P(50)], "ci-x": [P(30)]},
    "int_math": {"a": [P(70)], "b": [P(50, adj=500), P(20)]},
    "budget_overrun": {"a": [P(60)], "b": [P(80)], "c": [P(30)]},
    "tuple_stats": {"many": [P(20)] * 4, "few": [P(60)]},
    "relative_to_max": {"top": [P(80)], "near": [P(40), P(40)], "small": [P(10)] * 3},
    # sizes well inside the classes (16, 64, 256 MiB) with each process's interpreter charged too
    "size_classes": {"big": [P(90)], "mid": [P(70)], "small": [P(25)]},
    "quota_codes": {
        "a": [P(15, adj=500), P(15, adj=1000)],
        "b": [P(10, adj=800), P(10, adj=800)],
        "c": [P(20), P(20, adj=100), P(30, adj=500), P(30, adj=1000)],
    },
}
#: the victims the policy must choose there, as (leaf, index of the process in TREES)
VICTIMS: dict[str, list[tuple[str, int]]] = {
    "most_tasks": [("workers", i) for i in range(4)],
    "most_python": [("notebooks", i) for i in range(3)],
    "mem_per_process": [("cache", 0)],
    "sum_rss": [("app", 0), ("app", 1)],
    "max_adj": [("b", 1)],
    "largest_process": [("a", 0)],
    "prefer_batch": [("jobs/batch-b", 0)],
    "prefs_map": [("small", 0)],
    "kill_high_adj": [("batch", 0), ("batch", 1), ("batch", 2)],  # the first three expendable ones
    "top_two": [("b", 0), ("c", 0)],
    "numbered_names": [("workers", 1)],  # the only name mostly of digits
    "prefix_list": [("tmp-scratch", 0)],  # the largest of the disposable prefixes
    "int_math": [("b", 0)],  # oom_score_adj 500 adds half the limit's pages
    "budget_overrun": [("a", 0)],  # 50 MiB over its 10 MiB budget; b is under 200 MiB, c under the default
    "tuple_stats": [("few", 0)],  # the most resident memory per process
    "relative_to_max": [("near", 0), ("near", 1)],  # within 3/4 of the top usage, with the most processes
    "size_classes": [("big", 0)],  # the larger of the two in the 64-256 MiB class
    "quota_codes": [("c", i) for i in range(4)],  # 1 + 1 + 4 + 4 = 10; a, b: 8 (adj only raised: no CAP_SYS_RESOURCE)
}
#: map contents by leaf (written into the loaded program and given to simulate under the leaves' real ids)
MAPS: dict[str, dict[str, dict[str, int]]] = {
    "prefs_map": {"prefs": {"huge": 2, "big": 3, "small": 1}},  # AVOID, OMIT, PREFER
    "budget_overrun": {"budgets": {"a": 10 * 1024 * 1024, "b": 200 * 1024 * 1024}},
}


def test_a_third_of_the_corpus_meets_a_real_oom() -> None:
    assert set(TREES) == set(VICTIMS) and set(TREES) <= set(CORPUS) and 3 * len(TREES) >= len(CORPUS)


@pytest.mark.parametrize("name", sorted(TREES))
def test_kernel_decision_on_a_real_oom_equals_simulate(name: str) -> None:
    fn = policy(name)
    with RealOom(TREES[name]) as world, BridgeProgram(fn) as prog:
        maps = {
            m: {world.cgroup_id(rel): value for rel, value in entries.items()}
            for m, entries in MAPS.get(name, {}).items()
        }
        for m, entries in maps.items():
            prog.write_map(m, entries)
        world.oom()
        scenario = Scenario.from_system(cgroup=world.root)
        sim = simulate(fn, scenario, maps=maps)
        run = prog.run(world.cgroup_id(), world.limit // PAGE_SIZE)
        context = f"simulate:\n{sim.table()}\nscenario:\n{scenario.dumps()}"
        assert (run.context.status, run.context.nr_kills) == (abi.STATUS_OK, len(run.kills)), context
        kernel = sorted((k.pid, world.path_of_id(k.cgroup_id), run.reasons[k.reason]) for k in run.kills)
        simulated = sorted((v.pid, v.cgroup, v.reason) for v in sim.victims)
        assert (run.verdict, kernel) == (sim.verdict, simulated), context
        victims = {v.pid for v in sim.victims}
        assert victims == {world.procs[leaf][i].pid for leaf, i in VICTIMS[name]}, context
        for proc in world.all_procs():
            if proc.pid in victims:
                assert proc.killed(), f"victim {proc.pid} did not die\n{context}"
            elif proc is not world.alloc:
                assert proc.alive(), f"{proc.pid} died but was no victim\n{context}"
        assert world.alloc is not None and world.alloc.pid not in victims
        assert world.alloc.wait_done(timeout=60), f"the allocator never finished: the OOM did not end\n{context}"
