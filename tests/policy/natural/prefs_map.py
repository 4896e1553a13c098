"""Preferences from user space: prefs[cgroup id] = PREFER, AVOID or OMIT.  Preferred leaves go first, avoided ones
only when nothing else is left, omitted ones never; the largest of the best class dies."""

from pyoombpf import PASS, HashMap, MemCgroup, OomControl, Verdict, oom_handler, u32, u64

NORMAL, PREFER, AVOID, OMIT = 0, 1, 2, 3

prefs = HashMap(u64, u32, max_entries=1024)


def rank(pref: u32) -> u32:
    if pref == PREFER:
        return 3
    if pref == AVOID:
        return 1
    return 2


@oom_handler(name="prefs_map")
def prefs_map(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    best: MemCgroup = None
    best_rank: u32 = 0
    best_usage: u64 = 0
    for m in scope.descendants():
        if not m.is_leaf:
            continue
        pref = prefs.get(m.id, NORMAL)
        if pref == OMIT:
            continue
        r = rank(pref)
        usage = m.usage
        if r > best_rank or (r == best_rank and usage > best_usage):
            best, best_rank, best_usage = m, r, usage
    if best is None:
        return PASS
    return oc.kill_memcg(best, "prefs")
