"""priority_classes: a priority per cgroup from a map; the lowest class dies first, the largest within it.

What it does.  ``priorities[cgroup id]`` gives a cgroup a priority (an integer; higher means more important).
A cgroup without an entry takes its parent's (a service takes its slice's), unless it is the cgroup that ran out
of memory itself; without either, ``DEFAULT_PRIORITY`` (100).  Only one level is inherited: a walk up to the
nearest ancestor with an entry, inside the walk over the candidates, is refused by the kernel's verifier today
(docs/policies-library.md).  Candidates are the leaf cgroups of the OOM scope (the scope
itself when it has no children).  The candidate of the lowest priority is chosen; within one priority the one
with the largest usage (``memory.usage``, page cache included, as the kernel charges it).  ``prefs`` applies on
top, as in every library policy: ``OMIT`` is never chosen, ``AVOID`` only when nothing else qualifies (whatever
its priority), ``PREFER`` before anything else.  Leaves holding an ``oom_score_adj`` −1000 process are skipped.
Ties of priority and usage: the first candidate of the kernel's post-order walk wins.  Nothing qualifies: the
policy passes and the kernel's OOM killer decides.

The kill.  ``settings[cgroup id].kill``: ``KILL_CGROUP`` (default) kills every process of the chosen cgroup,
``KILL_PROCESS`` only its largest process (resident + swapped); the chosen cgroup's entry wins, then the attach
cgroup's.

Which tool it mirrors.  Android's lmkd and Kubernetes' eviction order think in classes (``oom_score_adj`` bands,
QoS classes and pod priority): the least important class goes first.  Here the classes are per cgroup and given
by the operator, not derived from ``oom_score_adj``; and unlike the kubelet (which evicts pods after a 10 s
housekeeping interval) the decision is made at the OOM, in the kernel.

    [maps.priorities]                          # pyoombpf.toml
    "system.slice" = 1000
    "batch.slice" = 10

systemd's ``ManagedOOMPreference=``: a cgroup without a ``prefs`` entry (or with ``NONE``) takes the preference of
its ``user.oomd_omit`` / ``user.oomd_avoid`` xattrs (root-owned cgroups, value ``1``, omit wins), read in the
kernel at each decision into ``xattr_prefs`` where the kernel has ``bpf_cgroup_read_xattr``; ``pyoombpf run``
mirrors the same xattrs into ``prefs`` everywhere.  ``xattr_prefs`` holds ``XATTR_MAX`` (4,096) cgroups with a
preference per decision; the array map ``xattr_overflow`` counts the cgroups beyond that, which read as NONE in
the kernel (index ``XATTR_DROPPED``, over all decisions) and the decisions that dropped any (``XATTR_OVERFLOWS``).
"""

from pyoombpf import PASS, ArrayMap, HashMap, MemCgroup, OomControl, Verdict, i32, kfuncs, oom_handler, record, u32, u64

NONE, AVOID, OMIT, PREFER = 0, 1, 2, 3
KILL_DEFAULT, KILL_CGROUP, KILL_PROCESS = 0, 1, 2
OOM_SCORE_ADJ_MIN = -1000
DEFAULT_PRIORITY = 100


@record
class Settings:
    kill: u32


prefs = HashMap(u64, u32, max_entries=4096)
XATTR_MAX = 4096  # cgroups with a systemd preference one decision can hold (more: the rest read as NONE)
xattr_prefs = HashMap(u64, u32, max_entries=XATTR_MAX)  # systemd's xattrs read at the last decision, not NONE
xattr_ids = HashMap(u32, u64, max_entries=XATTR_MAX + 1)  # [0]: how many; [1..]: xattr_prefs' keys, to delete next
# what did not fit in xattr_prefs (exported as pyoombpf_policy_map_xattr_overflow by `pyoombpf run --metrics`)
XATTR_DROPPED = 0  # cgroups with a systemd preference read as NONE in the kernel, over all decisions
XATTR_OVERFLOWS = 1  # decisions that dropped at least one
xattr_overflow = ArrayMap(u64, max_entries=2)
settings = HashMap(u64, Settings, max_entries=256)
priorities = HashMap(u64, u32, max_entries=4096)


def has_unkillable_task(memcg: MemCgroup) -> bool:
    for task in memcg.tasks():
        if task.oom_score_adj == OOM_SCORE_ADJ_MIN:
            return True
    return False


def priority_of(memcg: MemCgroup, scope_id: u64) -> u32:
    """The cgroup's own priority, else its parent's (unless the cgroup is the scope), else the default."""
    if memcg.id in priorities:
        return priorities.get(memcg.id, DEFAULT_PRIORITY)
    if memcg.id == scope_id:
        return DEFAULT_PRIORITY
    up = memcg.parent
    if up is None:
        return DEFAULT_PRIORITY
    return priorities.get(up.id, DEFAULT_PRIORITY)


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


@oom_handler(name="priority_classes")
def priority_classes(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    read_xattrs(scope)
    best: MemCgroup = None
    best_rank: u32 = 0
    best_prio: u32 = 0
    best_usage: u64 = 0
    for memcg in scope.descendants():
        if not memcg.is_leaf:
            continue
        pref = prefs.get(memcg.id, NONE)
        if pref == NONE:  # none given: systemd's, as the kernel read it
            pref = xattr_prefs.get(memcg.id, NONE)
        if pref == OMIT:
            continue
        r = rank(pref)
        prio = priority_of(memcg, scope.id)
        usage = memcg.usage
        if r > best_rank or (r == best_rank and (prio < best_prio or (prio == best_prio and usage > best_usage))):
            if has_unkillable_task(memcg):
                continue
            best, best_rank, best_prio, best_usage = memcg, r, prio, usage
    if best is None:
        return PASS
    if kill_whole(best.id, oc.attach_cgroup_id):
        return oc.kill_memcg(best, "priority_classes: the largest cgroup of the lowest priority")
    pid = largest_task(best)
    if pid == 0:
        return PASS
    task = kfuncs.bpf_task_from_pid(pid)
    if task is None:
        return PASS
    verdict = oc.kill(task, "priority_classes: the largest process of the lowest priority")
    kfuncs.bpf_task_release(task)
    return verdict
