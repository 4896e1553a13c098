"""oomd_like: Meta's oomd rules in the kernel — reclaim pressure (pgscan) or memory size-or-growth, with avoid/omit.

What it does.  Candidates are the leaf cgroups of the cgroup that ran out of memory (the scope itself when it
has no children) and every cgroup below it with ``memory.oom.group`` set (cgroup v2).  ``prefs[cgroup id]``:
``OMIT`` is never chosen, ``AVOID`` only when no other candidate is left, ``PREFER`` before all others.  A
candidate holding an ``oom_score_adj`` −1000 process is skipped.  ``settings[attach cgroup id].rule`` picks the
ranking within a preference class:

* ``RULE_PGSCAN`` (default; oomd's ``kill_by_pg_scan``): the most reclaim scanning (``pgscan_kswapd`` +
  ``pgscan_direct`` + ``pgscan_khugepaged`` + ``pgscan_proactive``) since the previous decision of this policy,
  ties by the larger usage.  The policy stores each candidate's counter in ``seen`` at every decision; a cgroup it
  has not seen before counts from zero (its whole history).  ``seen`` is an LRU map: entries of cgroups removed
  since are evicted to make room, nothing else prunes them.
* ``RULE_SIZE_OR_GROWTH`` (oomd's ``kill_by_memory_size_or_growth``): the largest candidate when its usage is at
  least ``size_threshold_pct`` (default 50) percent of all candidates' usage together; otherwise the one whose
  usage grew most since the previous decision (``seen`` again); when nothing grew, the largest.

Ties: the first candidate of the kernel's post-order walk wins.  Nothing qualifies: the policy passes and the
kernel's OOM killer decides.  Counters of every decision go to the array map ``decisions`` (runs, candidates,
omitted, avoided, kills, last victim id, no victim).

The kill.  ``settings[cgroup id].kill``: ``KILL_CGROUP`` (default, what oomd does) or ``KILL_PROCESS`` (the
chosen cgroup's largest process, resident + swapped — oomd cannot do that); the chosen cgroup's entry wins, then
the attach cgroup's.

Where it differs from oomd.  oomd runs detectors (pressure, swap, memory above) every few seconds and acts when
one fires; here the trigger is the OOM itself (or, in bridge mode on cgroup v2, the relay's limit and PSI
events), so there is no polling interval and no daemon that must get CPU time under pressure.  oomd's rates are
per second over its sampling window; here a delta covers the time since this policy's previous decision, and
oomd's growth is usage over a decaying average where here it is the bytes gained since that decision.  oomd stops
descending at ``memory.oom.group`` cgroups; here a leaf below one is a candidate too.  oomd reads preferences from
the ``trusted.oomd_*`` xattrs; the library reads systemd's ``user.oomd_avoid`` / ``user.oomd_omit`` into ``prefs``.
"""

from pyoombpf import (
    PASS,
    ArrayMap,
    HashMap,
    LruHashMap,
    MemCgroup,
    OomControl,
    Verdict,
    i32,
    kfuncs,
    oom_handler,
    record,
    u32,
    u64,
)

NONE, AVOID, OMIT, PREFER = 0, 1, 2, 3
KILL_DEFAULT, KILL_CGROUP, KILL_PROCESS = 0, 1, 2
RULE_PGSCAN, RULE_SIZE_OR_GROWTH = 0, 1
DEFAULT_SIZE_THRESHOLD_PCT = 50
OOM_SCORE_ADJ_MIN = -1000
# decision counters (the decisions array)
RUNS, CANDIDATES, OMITTED, AVOIDED, KILLS, VICTIM_ID, NO_VICTIM = range(7)


@record
class Settings:
    kill: u32
    rule: u32
    size_threshold_pct: u32


@record
class Seen:
    pgscan: u64
    usage: u64


prefs = HashMap(u64, u32, max_entries=4096)
settings = HashMap(u64, Settings, max_entries=256)
STATE_MAX = 16384  # live candidates whose counters are kept between decisions (LRU: gone cgroups make room)
seen = LruHashMap(u64, Seen, max_entries=STATE_MAX)
decisions = ArrayMap(u64, max_entries=8)


def pgscan(memcg: MemCgroup) -> u64:
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


def rank(pref: u32) -> u32:
    if pref == PREFER:
        return 3
    if pref == AVOID:
        return 1
    return 2


def kill_whole(victim_id: u64, attach_id: u64) -> bool:
    mode = settings.get(victim_id).kill
    if mode == KILL_DEFAULT:
        mode = settings.get(attach_id).kill
    return mode != KILL_PROCESS


def largest_task(memcg: MemCgroup) -> i32:
    pid: i32 = 0
    most: u64 = 0
    for task in memcg.tasks():
        if task.oom_score_adj == OOM_SCORE_ADJ_MIN or task.is_oom_victim:
            continue
        size = task.rss + task.swap
        if pid == 0 or size > most:
            pid, most = task.pid, size
    return pid


def choose(scope: MemCgroup, rule: u32, threshold: u64) -> u64:
    """The id of the victim cgroup below ``scope`` (0: none), recording every candidate's counters in ``seen``."""
    best_id: u64 = 0
    best_rank: u32 = 0
    best_key: u64 = 0
    best_usage: u64 = 0
    big_id: u64 = 0
    big_usage: u64 = 0
    total: u64 = 0
    for memcg in scope.descendants():
        if not (memcg.is_leaf or memcg.oom_group):
            continue
        decisions[CANDIDATES] += 1
        pref = prefs.get(memcg.id, NONE)
        if pref == OMIT:
            decisions[OMITTED] += 1
            continue
        if has_unkillable_task(memcg):
            continue
        before = seen.get(memcg.id)
        scan = pgscan(memcg)
        usage = memcg.usage
        seen[memcg.id] = Seen(pgscan=scan, usage=usage)
        if pref == AVOID:
            decisions[AVOIDED] += 1
        r = rank(pref)
        if rule == RULE_PGSCAN:
            key = scan - before.pgscan if scan > before.pgscan else 0
        else:
            key = usage - before.usage if before.usage != 0 and usage > before.usage else 0
        if r > best_rank or (r == best_rank and (key > best_key or (key == best_key and usage > best_usage))):
            if r > best_rank:
                big_id, big_usage, total = 0, 0, 0  # a better class: only its members count
            best_id, best_rank, best_key, best_usage = memcg.id, r, key, usage
        if r == best_rank:
            total += usage
            if usage > big_usage:
                big_id, big_usage = memcg.id, usage
    if rule == RULE_SIZE_OR_GROWTH and big_id != 0:
        if big_usage * 100 >= total * threshold or best_key == 0:
            return big_id
    return best_id


@oom_handler(name="oomd_like")
def oomd_like(oc: OomControl) -> Verdict:
    decisions[RUNS] += 1
    scope = oc.memcg
    if scope is None:
        return PASS
    conf = settings.get(oc.attach_cgroup_id)
    threshold = u64(conf.size_threshold_pct) if conf.size_threshold_pct != 0 else DEFAULT_SIZE_THRESHOLD_PCT
    victim_id = choose(scope, conf.rule, threshold)
    best: MemCgroup = None
    if victim_id != 0:
        for memcg in scope.descendants():
            if memcg.id == victim_id:
                best = memcg
    if best is None:
        decisions[NO_VICTIM] += 1
        return PASS
    decisions[VICTIM_ID] = best.id
    verdict = PASS
    if kill_whole(best.id, oc.attach_cgroup_id):
        verdict = oc.kill_memcg(best, "oomd_like: the cgroup ranked first")
    else:
        pid = largest_task(best)
        if pid != 0:
            task = kfuncs.bpf_task_from_pid(pid)
            if task is not None:
                verdict = oc.kill(task, "oomd_like: the largest process of the cgroup ranked first")
                kfuncs.bpf_task_release(task)
    if verdict:
        decisions[KILLS] += 1
    return verdict
