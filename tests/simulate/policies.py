"""Small policies the simulate tests run (compiled from this file's source)."""

from __future__ import annotations

from pyoombpf import PASS, MemCgroup, OomControl, Verdict, oom_handler, u64


@oom_handler(name="first_task")
def first_task(oc: OomControl) -> Verdict:
    """Kill the first process of the OOMing cgroup itself."""
    scope = oc.memcg
    if scope is None:
        return PASS
    for task in scope.tasks():
        return oc.kill(task, "first task")
    return PASS


@oom_handler(name="needs_totalpages")
def needs_totalpages(oc: OomControl) -> Verdict:
    best: MemCgroup = None
    limit: u64 = oc.totalpages * 4096
    for memcg in oc.memcg.descendants():
        if memcg.is_leaf and memcg.usage * 2 > limit:
            best = memcg
    if best is None:
        return PASS
    return oc.kill_memcg(best, "over half")


@oom_handler(name="reads_signal")
def reads_signal(oc: OomControl) -> Verdict:
    for task in oc.memcg.tasks():
        if task.signal.oom_score_adj > 0:
            return oc.kill(task, "positive adj")
    return PASS


def not_a_policy(x: u64) -> u64:
    return x + 1
