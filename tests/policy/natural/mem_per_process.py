"""Kill the leaf with the most memory per process, never one that holds a process the kernel must not kill."""

from pyoombpf import PASS, MemCgroup, OomControl, Verdict, oom_handler, u64


@oom_handler(name="mem_per_process")
def mem_per_process(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    best: MemCgroup = None
    best_score: u64 = 0
    for m in scope.descendants():
        if not m.is_leaf:
            continue
        protected = False
        killable: u64 = 0
        for t in m.tasks():
            if t.oom_score_adj == -1000:
                protected = True
            else:
                killable += 1
        if protected or killable == 0:
            continue
        score = m.usage // killable
        if score > best_score:
            best, best_score = m, score
    if best is None:
        return PASS
    return oc.kill_memcg(best, "most memory per process")
