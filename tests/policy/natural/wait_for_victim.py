"""Do nothing while an earlier victim is still dying; otherwise kill the leaf with the most anonymous memory."""

from pyoombpf import PASS, MemCgroup, OomControl, Verdict, oom_handler, u64


def anon(m: MemCgroup) -> u64:
    usage = m.usage
    file = m.page_state("NR_FILE_PAGES")
    return usage - file if usage > file else 0


@oom_handler(name="wait_for_victim")
def wait_for_victim(oc: OomControl) -> Verdict:
    if oc.victim_exiting:
        return PASS
    scope = oc.memcg
    if scope is None:
        return PASS
    best: MemCgroup = None
    best_anon: u64 = 0
    for m in scope.descendants():
        if m.is_leaf:
            a = anon(m)
            if a > best_anon:
                best, best_anon = m, a
    if best is None:
        return PASS
    return oc.kill_memcg(best, "most anonymous memory")
