"""Kill the cgroup running the most Python processes (comm starting with "py")."""

from pyoombpf import PASS, MemCgroup, OomControl, Verdict, oom_handler, u64

P, Y = ord("p"), ord("y")


@oom_handler(name="most_python")
def most_python(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    best: MemCgroup = None
    best_n: u64 = 0
    for m in scope.descendants():
        n: u64 = 0
        for t in m.tasks():
            if t.comm[0] == P and t.comm[1] == Y:
                n += 1
        if n > best_n:
            best, best_n = m, n
    if best is None:
        return PASS
    return oc.kill_memcg(best, "most python processes")
