"""Kill the cgroup whose processes' ``oom_score_adj`` say "expendable" most, weighted by a small table: the weight of
an adj value is looked up in two tuples of constants (``in``, ``not in``), the threshold is a power of two; a cgroup
holding less than a minimum written as ``4 * 2**20`` does not count."""

from pyoombpf import PASS, MemCgroup, OomControl, Verdict, oom_handler, u64

EXPENDABLE = (500, 800, 1000)  # oom_score_adj values systemd and kubelet give to batch work
KEPT = (-1000, -999, -998)
MIN_USAGE = 4 * 2**20
THRESHOLD = 2**3


@oom_handler(name="quota_codes")
def quota_codes(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    best: MemCgroup = None
    best_score: u64 = 0
    for m in scope.descendants():
        if m.usage < MIN_USAGE:
            continue
        score: u64 = 0
        kept = False
        for t in m.tasks():
            if t.oom_score_adj in EXPENDABLE:
                score += 2**2
            elif t.oom_score_adj not in KEPT:
                score += 1
            else:
                kept = True
        if not kept and score >= THRESHOLD and score > best_score:
            best, best_score = m, score
    if best is None:
        return PASS
    return oc.kill_memcg(best, "most expendable processes")
