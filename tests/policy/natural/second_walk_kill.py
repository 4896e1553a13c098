"""Pick the process with most swap + rss by pid, then kill it in a second walk over the tasks."""

from pyoombpf import PASS, OomControl, Verdict, i32, oom_handler, u64


@oom_handler(name="second_walk_kill")
def second_walk_kill(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    best_pid: i32 = 0
    best: u64 = 0
    for t in scope.tasks():
        size = t.rss + t.swap
        if t.oom_score_adj > -1000 and size > best:
            best_pid, best = t.pid, size
    if best_pid == 0:
        return PASS
    for t in scope.tasks():
        if t.pid == best_pid:
            return oc.kill(t, "largest process of the scope")
    return PASS
