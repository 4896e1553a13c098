"""earlyoom_like: earlyoom's victim choice — the highest ``oom_score``, adjusted by prefer/avoid/ignore name lists.

What it does.  Every process below the cgroup that ran out of memory is scored as ``/proc/PID/oom_score`` shows
it, which is what earlyoom ranks by: its resident plus swapped memory in thousandths of the memory the OOM scope
may use, plus its ``oom_score_adj``.  Names come from the map ``names``, keyed by :func:`name_key` of a process
name (``comm``, at most 15 bytes): an *exact* entry matches that name only, a *prefix* entry every name starting
with it; an exact match wins over a prefix one, a longer prefix over a shorter one.  ``PREFER`` adds 300 to the
score, ``AVOID`` subtracts 300 (earlyoom's ``--prefer`` / ``--avoid``), ``OMIT`` never kills it (earlyoom's
``--ignore``).  A process without a name entry takes its cgroup's entry in ``prefs`` the same way.  A process
with ``oom_score_adj`` −1000, or one already dying, is never chosen.  The highest score wins; on equal scores the
larger resident + swapped size; then the first met (the walk is by cgroup, post-order, then by process).
Nothing qualifies: the policy passes and the kernel's OOM killer decides.

The kill.  ``settings[cgroup id].kill``: ``KILL_PROCESS`` (default, as earlyoom) or ``KILL_CGROUP`` (every
process of the chosen process's cgroup — earlyoom's closest is ``-g``, its process group); the chosen process's
cgroup's entry wins, then the attach cgroup's.

Where it differs from earlyoom.  earlyoom polls ``MemAvailable`` and ``SwapFree`` (every 100 ms to 1 s) and
kills when both are at or below their minimum (10 % each by default): SIGTERM, and SIGKILL at half of that;
here the trigger is the OOM of a cgroup (or the relay's limit and PSI events on cgroup v2), the kill is SIGKILL
at once, and the scope is the cgroup out of memory, not the whole machine.  earlyoom matches extended regular
expressions against the name; BPF has no regex engine, so the lists are exact names and prefixes.  earlyoom
reads ``oom_score``, whose kernel computation also counts page tables; this score leaves them out.

Filling ``names`` from Python::

    policy.map("names")[name_key("chrome", prefix=True)] = PREFER

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
PREFER_BONUS = 300
COMM_LEN = 16
FNV_OFFSET = 0xCBF29CE484222325
FNV_PRIME = 0x100000001B3
EXACT_TAG = 0x5A5A5A5A5A5A5A5A  # exact-name keys are the name's hash xor this; prefix keys the plain hash


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
names = HashMap(u64, u32, max_entries=1024)


def name_key(name: str, prefix: bool = False) -> int:
    """The ``names`` key of a process name (user space; the policy computes the same hash in the kernel)."""
    data = name.encode()[: COMM_LEN - 1]
    if not data or b"\0" in data:
        raise ValueError(f"a process name must be 1..{COMM_LEN - 1} bytes without NUL, not {name!r}")
    h = FNV_OFFSET
    for b in data:
        h = ((h ^ b) * FNV_PRIME) & 0xFFFFFFFFFFFFFFFF
    return h if prefix else h ^ EXACT_TAG


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


def adjustment(pref: u32) -> i64:
    if pref == PREFER:
        return PREFER_BONUS
    if pref == AVOID:
        return -PREFER_BONUS
    return 0


def kill_whole(victim_id: u64, attach_id: u64) -> bool:
    mode = settings.get(victim_id).kill
    if mode == KILL_DEFAULT:
        mode = settings.get(attach_id).kill
    return mode == KILL_CGROUP


@oom_handler(name="earlyoom_like")
def earlyoom_like(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    read_xattrs(scope)
    pages = i64(oc.totalpages) if oc.totalpages != 0 else 1
    victim: i32 = 0
    victim_cg: u64 = 0
    victim_score: i64 = 0
    victim_size: u64 = 0
    for m in scope.descendants():
        cg_pref = prefs.get(m.id, NONE)
        if cg_pref == NONE:  # none given: systemd's, as the kernel read it
            cg_pref = xattr_prefs.get(m.id, NONE)
        for t in m.tasks():
            if t.oom_score_adj == OOM_SCORE_ADJ_MIN or t.is_oom_victim:
                continue
            pref: u32 = NONE
            h: u64 = FNV_OFFSET
            for i in range(COMM_LEN - 1):
                b = t.comm[i]
                if b == 0:
                    break
                h = (h ^ b) * FNV_PRIME
                p = names.get(h, NONE)
                if p != NONE:
                    pref = p
            exact = names.get(h ^ EXACT_TAG, NONE)
            if exact != NONE:
                pref = exact
            if pref == NONE:
                pref = cg_pref
            if pref == OMIT:
                continue
            size = t.rss + t.swap
            score = i64(size // 4096) * 1000 // pages + t.oom_score_adj + adjustment(pref)
            if victim == 0 or score > victim_score or (score == victim_score and size > victim_size):
                victim, victim_cg, victim_score, victim_size = t.pid, m.id, score, size
    if victim == 0:
        return PASS
    if kill_whole(victim_cg, oc.attach_cgroup_id):
        best: MemCgroup = None
        for m in scope.descendants():
            if m.id == victim_cg:
                best = m
        if best is None:
            return PASS
        return oc.kill_memcg(best, "earlyoom_like: the cgroup of the highest oom_score")
    task = kfuncs.bpf_task_from_pid(victim)
    if task is None:
        return PASS
    verdict = oc.kill(task, "earlyoom_like: the highest oom_score")
    kfuncs.bpf_task_release(task)
    return verdict
