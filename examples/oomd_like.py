"""An oomd-like policy: per-cgroup preferences from user space, reclaim pressure as the ranking.

Candidates are leaf cgroups (or cgroups with memory.oom.group set).  User space marks cgroups through the
`prefs` map, keyed by cgroup id: OMIT (never a victim) or AVOID (only if nothing else qualifies).  Candidates
are ranked by the reclaim scanning they caused since the baseline user space keeps (`Pref.last_pgscan`), ties by
usage; a cgroup holding an unkillable task (oom_score_adj -1000) is skipped.  Counters of every decision go to
the `decisions` map and a record of each kill to the `events` ring buffer.

    from pyoombpf import compile; obj = compile(oomd_like)          # struct_ops (bpf_oom_ops, ABI v3)
    prefs map: key = cgroup id (u64), value = Pref(mode=OMIT|AVOID, last_pgscan=baseline; 0 counts all scanning)
"""

from pyoombpf import (
    PASS,
    ArrayMap,
    HashMap,
    MemCgroup,
    OomControl,
    RingBuf,
    Verdict,
    oom_handler,
    record,
    u32,
    u64,
)

NONE, AVOID, OMIT = 0, 1, 2
OOM_SCORE_ADJ_MIN = -1000
# decision counters
RUNS, CANDIDATES, OMITTED, AVOIDED, KILLS, VICTIM_ID, NO_VICTIM = range(7)


@record
class Pref:
    mode: u32
    recursive: u32
    last_pgscan: u64


@record
class Decision:
    cgroup_id: u64
    pgscan_delta: u64
    usage: u64
    avoided: u32


prefs = HashMap(u64, Pref, max_entries=4096)
decisions = ArrayMap(u64, max_entries=8)
events = RingBuf(max_bytes=64 * 1024)


def pgscan(memcg: MemCgroup) -> u64:
    # stat() reads each counter wherever this kernel keeps it (vm events on 6.x, node stat items later)
    return (
        memcg.stat("PGSCAN_KSWAPD")
        + memcg.stat("PGSCAN_DIRECT")
        + memcg.stat("PGSCAN_KHUGEPAGED")
        + memcg.stat("PGSCAN_PROACTIVE")
    )


def has_unkillable_task(memcg: MemCgroup) -> bool:
    for task in memcg.tasks():
        if task.oom_score_adj == OOM_SCORE_ADJ_MIN:
            return True
    return False


@oom_handler(name="oomd_like")
def oomd_like(oc: OomControl) -> Verdict:
    decisions[RUNS] += 1
    scope = oc.memcg
    if scope is None:
        return PASS
    best: MemCgroup = None
    best_avoid = True
    best_delta: u64 = 0
    best_usage: u64 = 0
    for memcg in scope.descendants():
        if not (memcg.is_leaf or memcg.oom_group) or memcg.id == scope.id:
            continue
        decisions[CANDIDATES] += 1
        pref = prefs.get(memcg.id)
        if pref.mode == OMIT:
            decisions[OMITTED] += 1
            continue
        if has_unkillable_task(memcg):
            continue
        scan = pgscan(memcg)
        delta = scan - pref.last_pgscan if scan > pref.last_pgscan else 0
        avoid = pref.mode == AVOID
        if avoid:
            decisions[AVOIDED] += 1
        usage = memcg.usage
        if best is None:
            better = True
        elif avoid != best_avoid:
            better = not avoid
        elif delta != best_delta:
            better = delta > best_delta
        else:
            better = usage > best_usage
        if better:
            best, best_avoid, best_delta, best_usage = memcg, avoid, delta, usage
    if best is None:
        decisions[NO_VICTIM] += 1
        return PASS
    decisions[VICTIM_ID] = best.id
    events.output(Decision(cgroup_id=best.id, pgscan_delta=best_delta, usage=best_usage, avoided=best_avoid))
    verdict = oc.kill_memcg(best, "oomd_like policy")
    if verdict:
        decisions[KILLS] += 1
    return verdict
