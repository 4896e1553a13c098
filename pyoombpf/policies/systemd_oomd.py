"""systemd_oomd: systemd-oomd's choice of victim, made in the kernel at the OOM.

What it does.  Candidates are the leaf cgroups below the cgroup that ran out of memory and every cgroup below it
with ``memory.oom.group`` set (the scope itself only when it has no children).  ``ManagedOOMPreference=`` is
honoured: systemd marks a unit's cgroup with the xattr ``user.oomd_omit`` or ``user.oomd_avoid``; the policy
reads them (below), and the configuration file can set ``prefs`` too.  ``OMIT`` cgroups are never candidates;
``AVOID`` ones are ranked after every other candidate.  ``settings[attach cgroup id].rule`` picks systemd-oomd's
ranking:

* ``RULE_PRESSURE`` (default, ``ManagedOOMMemoryPressure=kill``): the most reclaim scanning (pgscan) since this
  policy's previous decision first, then the larger usage; a candidate with no scanning and no usage is
  skipped.  The policy keeps each candidate's pgscan in ``last_pgscan`` (a cgroup it has not seen counts from
  zero), an LRU map: entries of cgroups removed since are evicted to make room, nothing else prunes them.
* ``RULE_SWAP`` (``ManagedOOMSwap=kill``): the most swap in use (``memory.swap.current``) first, then the larger
  usage; a candidate using no swap is skipped.

Ties: the first candidate of the kernel's post-order walk wins.  A candidate holding an ``oom_score_adj`` −1000
process is skipped.  Nothing qualifies: the policy passes and the kernel's OOM killer decides.

The kill.  ``settings[cgroup id].kill``: ``KILL_CGROUP`` (default: every process of the chosen cgroup, as
systemd-oomd does) or ``KILL_PROCESS`` (only its largest process, resident + swapped — which systemd-oomd cannot
do); the chosen cgroup's entry wins, then the attach cgroup's.

Where it differs from systemd-oomd.  systemd-oomd polls: memory pressure every second, swap every 150 ms, and
kills when a unit's PSI ``full`` average stayed above ``ManagedOOMMemoryPressureLimit=`` (default 60 %) for the
configured duration, or when system swap use crossed ``ManagedOOMSwapUsedLimit=`` (default 90 %).  Here the
trigger is the kernel's OOM (struct_ops, or the relay's pause on cgroup v1), or on cgroup v2 in bridge mode the
relay's PSI trigger on ``memory.pressure`` — set it like systemd-oomd's limit, e.g. ``psi = "full 1200000
2000000"`` (60 % of 2 s).  The pgscan "rate" is the count since this policy's previous decision, not since a poll
one second earlier.  systemd-oomd stops descending at a ``memory.oom.group`` cgroup; here leaves below one are
candidates too.  systemd-oomd has no ``PREFER``; the library accepts it (ranked first).

systemd's ``ManagedOOMPreference=``: a cgroup without a ``prefs`` entry (or with ``NONE``) takes the preference of
its ``user.oomd_omit`` / ``user.oomd_avoid`` xattrs (root-owned cgroups, value ``1``, omit wins), read in the
kernel at each decision into ``xattr_prefs`` where the kernel has ``bpf_cgroup_read_xattr``; ``pyoombpf run``
mirrors the same xattrs into ``prefs`` everywhere.  ``xattr_prefs`` holds ``XATTR_MAX`` (4,096) cgroups with a
preference per decision; the array map ``xattr_overflow`` counts the cgroups beyond that, which read as NONE in
the kernel (index ``XATTR_DROPPED``, over all decisions) and the decisions that dropped any (``XATTR_OVERFLOWS``).
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
RULE_PRESSURE, RULE_SWAP = 0, 1
OOM_SCORE_ADJ_MIN = -1000


@record
class Settings:
    kill: u32
    rule: u32


prefs = HashMap(u64, u32, max_entries=4096)
XATTR_MAX = 4096  # cgroups with a systemd preference one decision can hold (more: the rest read as NONE)
xattr_prefs = HashMap(u64, u32, max_entries=XATTR_MAX)  # systemd's xattrs read at the last decision, not NONE
xattr_ids = HashMap(u32, u64, max_entries=XATTR_MAX + 1)  # [0]: how many; [1..]: xattr_prefs' keys, to delete next
# what did not fit in xattr_prefs (exported as pyoombpf_policy_map_xattr_overflow by `pyoombpf run --metrics`)
XATTR_DROPPED = 0  # cgroups with a systemd preference read as NONE in the kernel, over all decisions
XATTR_OVERFLOWS = 1  # decisions that dropped at least one
xattr_overflow = ArrayMap(u64, max_entries=2)
settings = HashMap(u64, Settings, max_entries=256)
STATE_MAX = 16384  # live candidates whose counters are kept between decisions (LRU: gone cgroups make room)
last_pgscan = LruHashMap(u64, u64, max_entries=STATE_MAX)


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


def systemd_preference(memcg: MemCgroup) -> u32:
    """systemd's ManagedOOMPreference= of ``memcg``: omit wins, only root-owned cgroups count."""
    if memcg.xattr_flag("user.oomd_omit"):
        return OMIT
    if memcg.xattr_flag("user.oomd_avoid"):
        return AVOID
    return NONE


def read_xattrs(scope: MemCgroup) -> None:
    """systemd's preference of every cgroup of the scope that has none in ``prefs``, read in the kernel where it
    can be (``bpf_cgroup_read_xattr``; elsewhere ``pyoombpf run`` mirrors the same xattrs into ``prefs``), kept
    in ``xattr_prefs`` for this decision: only the cgroups that carry one (a missing entry reads as NONE), and
    the previous decision's entries removed first (``xattr_ids`` lists them), so cgroups removed since leave
    nothing behind and the map never fills up with them.  Past ``XATTR_MAX`` cgroups with a preference in one
    decision the rest read as NONE here, and ``xattr_overflow`` counts them (and the decisions that dropped any).
    A walk of its own: reading xattrs inside the ranking walk made the verifier's work up to four times larger."""
    for i in range(u32(xattr_ids.get(0, 0))):
        del xattr_prefs[xattr_ids.get(i + 1, 0)]
    n: u32 = 0
    dropped: u64 = 0
    for memcg in scope.descendants():
        if prefs.get(memcg.id, NONE) == NONE:
            pref = systemd_preference(memcg)
            if pref != NONE:
                if n < XATTR_MAX:
                    n += 1
                    xattr_ids[n] = memcg.id
                    xattr_prefs[memcg.id] = pref
                else:
                    dropped += 1
    xattr_ids[0] = n
    if dropped != 0:
        xattr_overflow[XATTR_DROPPED] += dropped
        xattr_overflow[XATTR_OVERFLOWS] += 1


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


def choose(scope: MemCgroup, rule: u32) -> u64:
    """The id of the cgroup systemd-oomd's ranking puts first (0: none)."""
    best_id: u64 = 0
    best_rank: u32 = 0
    best_key: u64 = 0
    best_usage: u64 = 0
    for memcg in scope.descendants():
        if not (memcg.is_leaf or memcg.oom_group):
            continue
        pref = prefs.get(memcg.id, NONE)
        if pref == NONE:  # none given: systemd's, as the kernel read it
            pref = xattr_prefs.get(memcg.id, NONE)
        if pref == OMIT:
            continue
        usage = memcg.usage
        if rule == RULE_SWAP:
            key = memcg.swap_usage
            if key == 0:
                continue
        else:
            scan = pgscan(memcg)
            before = last_pgscan.get(memcg.id, 0)
            last_pgscan[memcg.id] = scan
            key = scan - before if scan > before else 0
            if key == 0 and usage == 0:
                continue
        r = rank(pref)
        if r > best_rank or (r == best_rank and (key > best_key or (key == best_key and usage > best_usage))):
            if not has_unkillable_task(memcg):
                best_id, best_rank, best_key, best_usage = memcg.id, r, key, usage
    return best_id


@oom_handler(name="systemd_oomd")
def systemd_oomd(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    read_xattrs(scope)
    victim_id = choose(scope, settings.get(oc.attach_cgroup_id).rule)
    best: MemCgroup = None
    if victim_id != 0:
        for memcg in scope.descendants():
            if memcg.id == victim_id:
                best = memcg
    if best is None:
        return PASS
    if kill_whole(best.id, oc.attach_cgroup_id):
        return oc.kill_memcg(best, "systemd_oomd: the candidate ranked first")
    pid = largest_task(best)
    if pid == 0:
        return PASS
    task = kfuncs.bpf_task_from_pid(pid)
    if task is None:
        return PASS
    verdict = oc.kill(task, "systemd_oomd: the largest process of the candidate ranked first")
    kfuncs.bpf_task_release(task)
    return verdict
