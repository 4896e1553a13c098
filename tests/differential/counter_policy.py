# mypy: ignore-errors
"""A policy counting each cgroup's tasks in a local variable and comparing the count after the loop.

Written the obvious way, it compiles but the 6.18 verifier refuses it ("BPF program is too large"): the count
is a precise constant that differs in every iteration of the inner css_task loop, so the iterator's states
never converge (LLVM even turns ``n == 2`` into a count-down register).  See test_regressions.py.
"""

from pyoombpf import PASS, MemCgroup, OomControl, Verdict, oom_handler, u64


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
