"""Kill the largest leaf, but never one running the database (a process named "postgres")."""

from pyoombpf import PASS, MemCgroup, OomControl, Task, Verdict, oom_handler, u64


def is_postgres(t: Task) -> bool:
    c = t.comm  # "postgres", NUL-terminated
    return (
        c[0] == 112
        and c[1] == 111
        and c[2] == 115
        and c[3] == 116
        and c[4] == 103
        and c[5] == 114
        and c[6] == 101
        and c[7] == 115
        and c[8] == 0
    )


@oom_handler(name="no_postgres")
def no_postgres(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    best: MemCgroup = None
    best_usage: u64 = 0
    for m in scope.descendants():
        if not m.is_leaf:
            continue
        database = False
        for t in m.tasks():
            if is_postgres(t):
                database = True
                break
        if not database and m.usage > best_usage:
            best, best_usage = m, m.usage
    if best is None:
        return PASS
    return oc.kill_memcg(best, "largest leaf without a database")
