"""The "largest leaf" reference policy: kill the leaf memory cgroup using the most anonymous memory.

Attach it to the cgroup that carries the memory limit (or to the root, for the whole machine): it decides every
OOM of that cgroup and of every cgroup below it.  The scope is the cgroup that hit its limit; the policy walks
the leaves of that scope (the scope itself when it has no children), scores each by usage minus page cache, skips
any leaf holding a process that must never be killed (oom_score_adj -1000), and kills every process of the best
one.  When no leaf qualifies it passes, and the kernel's own OOM killer decides.

    pyoombpf run examples/largest_leaf.py --cgroup /sys/fs/cgroup/memory/workload   # bridge mode on this kernel
    pyoombpf compile examples/largest_leaf.py -o largest_leaf.o      # struct_ops object (bpf_oom_ops, ABI v3)
"""

from pyoombpf import PASS, MemCgroup, OomControl, Verdict, oom_handler, u64

OOM_SCORE_ADJ_MIN = -1000


def has_unkillable_task(memcg: MemCgroup) -> bool:
    for task in memcg.tasks():
        if task.oom_score_adj == OOM_SCORE_ADJ_MIN:
            return True
    return False


def anon_usage(memcg: MemCgroup) -> u64:
    usage = memcg.usage
    file = memcg.page_state("NR_FILE_PAGES")  # bytes, like usage
    return usage - file if usage > file else 0


@oom_handler(name="largest_leaf")
def largest_leaf(oc: OomControl) -> Verdict:
    scope = oc.memcg  # the cgroup out of memory: ours, or one below it
    if scope is None:
        return PASS
    best: MemCgroup = None
    best_usage: u64 = 0
    for memcg in scope.descendants():
        if not memcg.is_leaf or memcg.usage <= best_usage:
            continue  # its anonymous usage is at most its usage: it cannot beat the best so far
        usage = anon_usage(memcg)
        if usage > best_usage and not has_unkillable_task(memcg):
            best, best_usage = memcg, usage
    if best is None:
        return PASS
    return oc.kill_memcg(best, "largest_leaf policy")
