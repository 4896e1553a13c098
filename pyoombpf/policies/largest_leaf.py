"""largest_leaf: kill the leaf memory cgroup that holds the most anonymous memory.

What it does.  Attach it to the cgroup that carries the memory limit (or to a cgroup above several limited ones):
it decides every OOM of that cgroup and of every cgroup below it, its own attach cgroup included.  The scope is
the cgroup that ran out of memory.  Candidates are the leaf cgroups of the scope (the scope itself when it has no
children); each is scored by its usage minus its page cache (``memory.usage`` − ``NR_FILE_PAGES``: page cache
can be reclaimed, anonymous memory cannot).  Preferences by cgroup id, from ``prefs`` (written by the
configuration file, or mirrored from systemd's ``user.oomd_omit`` / ``user.oomd_avoid`` xattrs): ``OMIT`` is
never chosen, ``AVOID`` only when no other candidate is left, ``PREFER`` before every other candidate.  A leaf
holding a process that must never be killed (``oom_score_adj`` −1000) is skipped.  Ties: the first candidate of
the kernel's post-order walk wins.  When nothing qualifies the policy passes and the kernel's OOM killer decides.

The kill.  ``settings[cgroup id].kill`` chooses between killing the whole chosen cgroup (``KILL_CGROUP``, the
default) and killing only its largest process (``KILL_PROCESS``: resident + swapped bytes, skipping processes
already dying).  The entry of the chosen cgroup wins, then the entry of the attach cgroup.

Which tool it mirrors.  None directly: it is pyoombpf's reference policy (``examples/largest_leaf.py`` promoted;
``src_c/policies/`` has it in C).  It is the "kill the biggest container" rule Kubernetes nodes and systemd
slices end up with, decided in the kernel at the moment of the OOM rather than by a poller.

    pyoombpf run --policy-lib largest_leaf --cgroup /sys/fs/cgroup/memory/jobs

systemd's ``ManagedOOMPreference=``: a cgroup without a ``prefs`` entry (or with ``NONE``) takes the preference of
its ``user.oomd_omit`` / ``user.oomd_avoid`` xattrs (root-owned cgroups, value ``1``, omit wins), read in the
kernel at each decision where the kernel has ``bpf_cgroup_read_xattr`` — only for a leaf that could still beat the
best so far, so a decision among 10,000 cgroups reads a few, not 20,000 xattrs; ``pyoombpf run`` mirrors the same
xattrs into ``prefs`` everywhere.
"""

from pyoombpf import PASS, HashMap, MemCgroup, OomControl, Verdict, i32, kfuncs, oom_handler, record, u32, u64

# preferences (prefs map values; the same numbers in every library policy)
NONE, AVOID, OMIT, PREFER = 0, 1, 2, 3
# settings.kill
KILL_DEFAULT, KILL_CGROUP, KILL_PROCESS = 0, 1, 2
OOM_SCORE_ADJ_MIN = -1000


@record
class Settings:
    kill: u32


prefs = HashMap(u64, u32, max_entries=4096)
settings = HashMap(u64, Settings, max_entries=256)


def has_unkillable_task(memcg: MemCgroup) -> bool:
    for task in memcg.tasks():
        if task.oom_score_adj == OOM_SCORE_ADJ_MIN:
            return True
    return False


def anon_usage(memcg: MemCgroup) -> u64:
    usage = memcg.usage
    file = memcg.page_state("NR_FILE_PAGES")  # bytes, like usage
    return usage - file if usage > file else 0


def systemd_preference(memcg: MemCgroup) -> u32:
    """systemd's ManagedOOMPreference= of ``memcg``: omit wins, only root-owned cgroups count."""
    if memcg.xattr_flag("user.oomd_omit"):
        return OMIT
    if memcg.xattr_flag("user.oomd_avoid"):
        return AVOID
    return NONE


def rank(pref: u32) -> u32:
    """Higher is killed first: PREFER 3, no preference 2, AVOID 1."""
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
    """The pid of the largest process (resident + swapped) of ``memcg`` that may be killed, or 0."""
    pid: i32 = 0
    most: u64 = 0
    for task in memcg.tasks():
        if task.oom_score_adj == OOM_SCORE_ADJ_MIN or task.is_oom_victim:
            continue
        size = task.rss + task.swap
        if pid == 0 or size > most:
            pid, most = task.pid, size
    return pid


@oom_handler(name="largest_leaf")
def largest_leaf(oc: OomControl) -> Verdict:
    scope = oc.memcg  # the cgroup out of memory: the attach cgroup, or one below it
    if scope is None:
        return PASS
    best: MemCgroup = None
    best_rank: u32 = 0
    best_usage: u64 = 0
    for memcg in scope.descendants():
        if not memcg.is_leaf:
            continue
        if memcg.usage <= best_usage and best_rank >= 2 and prefs.get(memcg.id, NONE) != PREFER:
            continue  # it cannot beat the best: its rank is at most 2 and its anonymous usage at most its usage
        pref = prefs.get(memcg.id, NONE)
        if pref == NONE:  # none given: systemd's, read only for a leaf that may win
            pref = systemd_preference(memcg)
        if pref == OMIT:
            continue
        r = rank(pref)
        usage = anon_usage(memcg)
        if r > best_rank or (r == best_rank and usage > best_usage):
            if not has_unkillable_task(memcg):
                best, best_rank, best_usage = memcg, r, usage
    if best is None:
        return PASS
    if kill_whole(best.id, oc.attach_cgroup_id):
        return oc.kill_memcg(best, "largest_leaf: the largest leaf cgroup")
    pid = largest_task(best)
    if pid == 0:
        return PASS
    task = kfuncs.bpf_task_from_pid(pid)
    if task is None:
        return PASS
    verdict = oc.kill(task, "largest_leaf: the largest process of the largest leaf")
    kfuncs.bpf_task_release(task)
    return verdict
