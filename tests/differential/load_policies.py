# mypy: ignore-errors
"""Minimal policies the bridge-mode verifier refused, found by the generated policies (see test_regressions.py).

``two_tasks``: a task count in a local, compared after the loop.  The 6.18 verifier reported "BPF program is too
large": the count was a precise constant that differed in every iteration of the inner css_task loop, so the
iterator's states never converged (LLVM even turned ``n == 2`` into a count-down register).  Loads since the
compiler hides loop-carried locals from the verifier (lowering/carried.py, issue 19).

``helper_count_then_kill``: a helper counting a cgroup's tasks in a map, called in the walk, then a kill.  Refused
("The sequence of 8193 jumps is too complex") from commit 54aeb7b (the context copied to the stack, the kill
counter with it: a different constant in every iteration of the kill loop) until b01bde6 (the counter in a map).
"""

from pyoombpf import PASS, ArrayMap, MemCgroup, OomControl, Verdict, oom_handler, u64

scratch = ArrayMap(u64, max_entries=1)


@oom_handler(name="two_tasks")
def two_tasks(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    best: MemCgroup = None
    for memcg in scope.descendants():
        n: u64 = 0
        for _task in memcg.tasks():
            n += 1
        if n == 2:
            best = memcg
    if best is None:
        return PASS
    return oc.kill_memcg(best, "two tasks")


def ntasks(memcg: MemCgroup) -> u64:
    scratch[0] = 0
    for _task in memcg.tasks():
        scratch[0] += 1
    return scratch[0]


@oom_handler(name="helper_count_then_kill")
def helper_count_then_kill(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    best: MemCgroup = None
    for memcg in scope.descendants():
        if ntasks(memcg) > 1:
            best = memcg
    if best is None:
        return PASS
    return oc.kill_memcg(best, "more than one task")
