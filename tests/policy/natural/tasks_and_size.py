"""Score each leaf by its memory plus 32 MiB per process (many processes make a leaf a likelier culprit)."""

from pyoombpf import PASS, MemCgroup, OomControl, Verdict, oom_handler, u64

PER_TASK = 32 << 20


def score(m: MemCgroup) -> u64:
    n: u64 = 0
    for _t in m.tasks():
        n += 1
    return m.usage + n * PER_TASK


@oom_handler(name="tasks_and_size")
def tasks_and_size(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    best: MemCgroup = None
    best_score: u64 = 0
    for m in scope.descendants():
        if m.is_leaf:
            s = score(m)
            if s > best_score:
                best, best_score = m, s
    if best is None:
        return PASS
    return oc.kill_memcg(best, "memory and process count")
