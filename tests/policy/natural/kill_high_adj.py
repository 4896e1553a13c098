"""Find the leaf with the most processes marked expendable (oom_score_adj >= 500) and kill up to three of them."""

from pyoombpf import PASS, MemCgroup, OomControl, Verdict, oom_handler, u32

EXPENDABLE = 500
MAX_KILLS = 3


@oom_handler(name="kill_high_adj")
def kill_high_adj(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    best: MemCgroup = None
    best_n: u32 = 0
    for m in scope.descendants():
        n: u32 = 0
        for t in m.tasks():
            if t.oom_score_adj >= EXPENDABLE:
                n += 1
        if n > best_n:
            best, best_n = m, n
    if best is None:
        return PASS
    verdict = PASS
    killed: u32 = 0
    for task in best.tasks():
        if task.oom_score_adj < EXPENDABLE:
            continue
        v = oc.kill(task, "expendable")
        if v:
            verdict = v
            killed += 1
            if killed == MAX_KILLS:
                break
    return verdict
