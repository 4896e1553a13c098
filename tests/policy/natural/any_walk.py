"""any()/all() over kernel walks, as ruff rewrites the hand-written flag loops: skip the OOM when no leaf is over
8 MiB; rank leaves whose non-negative-adj processes are all over 1 MiB and none is protected."""

from pyoombpf import PASS, MemCgroup, OomControl, Verdict, oom_handler, u64


def has_protected(m: MemCgroup) -> bool:
    return any(t.oom_score_adj == -1000 for t in m.tasks())


@oom_handler(name="any_walk")
def any_walk(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    if not any(m.is_leaf and m.usage > (8 << 20) for m in scope.descendants()):
        return PASS
    best: MemCgroup = None
    best_usage: u64 = 0
    for m in scope.descendants():
        busy = all(t.rss > (1 << 20) for t in m.tasks() if t.oom_score_adj >= 0)
        if m.is_leaf and busy and not has_protected(m) and m.usage > best_usage:
            best, best_usage = m, m.usage
    if best is None:
        return PASS
    return oc.kill_memcg(best, "largest leaf without a protected process")
