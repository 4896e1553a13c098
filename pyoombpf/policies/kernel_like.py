"""kernel_like: the kernel's own OOM killer (``oom_badness()``), plus per-cgroup prefer/avoid/omit.

What it does.  Every process below the cgroup that ran out of memory is scored as the kernel's ``oom_badness()``
scores it: resident plus swapped pages (``task.rss + task.swap``, read from the same per-mm counters the kernel
reads), plus ``oom_score_adj`` thousandths of the pages the OOM scope may use (``oc.totalpages``); a process with
``oom_score_adj`` −1000 is never chosen, nor one already being killed.  The highest score is chosen; on equal
scores the one met later in the walk wins, as in the kernel's ``oom_evaluate_task()`` (it replaces its choice on
``>=``).  While an earlier victim of the scope is still exiting the policy passes, as the kernel waits then.
``prefs`` by cgroup id applies to the processes of that cgroup: ``OMIT`` never, ``AVOID`` only when no other
process qualifies, ``PREFER`` before every other process (each a class; the score ranks within it).

The kill.  ``settings[cgroup id].kill``: ``KILL_PROCESS`` (default: the process, as the kernel does) or
``KILL_CGROUP`` (every process of the chosen process's cgroup, what the kernel does with ``memory.oom.group``);
the chosen process's cgroup's entry wins, then the attach cgroup's.

Where it differs from the kernel.  ``oom_badness()`` also counts the page tables (``mm->pgtables_bytes``); the
language has no query for them yet, so they are left out (a few hundred KiB per GiB mapped).  The kernel walks
every thread group once; here the walk is by cgroup (post-order) and then by process, so "met later" follows
that order.  The kernel adds nothing for preferences; ``prefs`` is the library's.  And the policy runs where the
kernel would not yet: in bridge mode on cgroup v1 instead of the kernel's killer, on v2 before it.

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
    MemCgroup,
    OomControl,
    Verdict,
    i32,
    i64,
    kfuncs,
    oom_handler,
    record,
    u32,
    u64,
)

NONE, AVOID, OMIT, PREFER = 0, 1, 2, 3
KILL_DEFAULT, KILL_CGROUP, KILL_PROCESS = 0, 1, 2
OOM_SCORE_ADJ_MIN = -1000
PAGE = 4096


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
    return mode == KILL_CGROUP


@oom_handler(name="kernel_like")
def kernel_like(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    read_xattrs(scope)
    if oc.victim_exiting:
        return PASS  # the kernel waits for that victim instead of killing another process
    pages = i64(oc.totalpages)
    victim: i32 = 0
    victim_cg: u64 = 0
    victim_rank: u32 = 0
    victim_points: i64 = 0
    for m in scope.descendants():
        pref = prefs.get(m.id, NONE)
        if pref == NONE:  # none given: systemd's, as the kernel read it
            pref = xattr_prefs.get(m.id, NONE)
        if pref == OMIT:
            continue
        r = rank(pref)
        for t in m.tasks():
            adj = t.oom_score_adj
            if adj == OOM_SCORE_ADJ_MIN or t.is_oom_victim:
                continue
            points = i64((t.rss + t.swap) // PAGE) + adj * pages // 1000
            if r > victim_rank or (r == victim_rank and points >= victim_points):
                victim, victim_cg, victim_rank, victim_points = t.pid, m.id, r, points
    if victim == 0:
        return PASS
    if kill_whole(victim_cg, oc.attach_cgroup_id):
        best: MemCgroup = None
        for m in scope.descendants():
            if m.id == victim_cg:
                best = m
        if best is None:
            return PASS
        return oc.kill_memcg(best, "kernel_like: the cgroup of the worst process")
    task = kfuncs.bpf_task_from_pid(victim)
    if task is None:
        return PASS
    verdict = oc.kill(task, "kernel_like: the worst process (oom_badness)")
    kfuncs.bpf_task_release(task)
    return verdict
