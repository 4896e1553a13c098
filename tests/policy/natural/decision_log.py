"""Largest leaf, with a record of every decision for the on-call engineer: counters in an array map and one ring
buffer record per OOM (cgroup id, usage, how many leaves were looked at)."""

from pyoombpf import PASS, ArrayMap, MemCgroup, OomControl, RingBuf, Verdict, oom_handler, record, u32, u64

RUNS, LEAVES, KILLS = 0, 1, 2


@record
class Decision:
    cgroup_id: u64
    usage: u64
    leaves: u32


stats = ArrayMap(u64, max_entries=4)
decisions = RingBuf(max_bytes=4096)


@oom_handler(name="decision_log")
def decision_log(oc: OomControl) -> Verdict:
    stats[RUNS] += 1
    scope = oc.memcg
    if scope is None:
        return PASS
    best: MemCgroup = None
    best_usage: u64 = 0
    leaves: u32 = 0
    for m in scope.descendants():
        if not m.is_leaf:
            continue
        leaves += 1
        stats[LEAVES] += 1
        if m.usage > best_usage:
            best, best_usage = m, m.usage
    if best is None:
        return PASS
    decisions.output(Decision(cgroup_id=best.id, usage=best_usage, leaves=leaves))
    verdict = oc.kill_memcg(best, "largest leaf")
    if verdict:
        stats[KILLS] += 1
    return verdict
