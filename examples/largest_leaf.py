"""The "largest leaf" reference policy: kill the leaf memory cgroup using the most anonymous memory.

Scope: the cgroup that hit its limit (or the whole system).  If that is the cgroup this copy of the policy is
attached to, decline, so the copy attached higher up (e.g. at the root) decides — the kernel walks handlers
upwards.  Otherwise walk the leaves below the scope, score each by usage minus page cache, skip any leaf holding a
process that must never be killed (oom_score_adj -1000), and kill every process of the best one.

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
    scope = oc.memcg
    if scope is None or scope.id == oc.attach_cgroup_id:
        return PASS  # our own attach point is out of memory: the handler above us decides
    best: MemCgroup = None
    best_usage: u64 = 0
    for memcg in scope.descendants():
        if not memcg.is_leaf:
            continue
        usage = anon_usage(memcg)
        if usage > best_usage and not has_unkillable_task(memcg):
            best, best_usage = memcg, usage
    if best is None:
        return PASS
    return oc.kill_memcg(best, "largest_leaf policy")
