"""Kill the leaf with the most heavy processes (over 24 MiB resident); ties go to the leaf using more memory."""

from pyoombpf import PASS, MemCgroup, OomControl, Verdict, oom_handler, u32, u64

HEAVY = 24 << 20


@oom_handler(name="heavy_tasks")
def heavy_tasks(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    best: MemCgroup = None
    best_heavy: u32 = 0
    best_usage: u64 = 0
    for m in scope.descendants():
        heavy: u32 = 0
        for t in m.tasks():
            if t.rss > HEAVY:
                heavy += 1
        if heavy == 0:
            continue
        usage = m.usage
        if heavy > best_heavy or (heavy == best_heavy and usage > best_usage):
            best, best_heavy, best_usage = m, heavy, usage
    if best is None:
        return PASS
    return oc.kill_memcg(best, "most heavy processes")
