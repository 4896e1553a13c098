"""Helpers that take the OOM context and a cgroup: an early return inside a walk, a second walk that finds the
chosen cgroup again by id, and a kill inside a task walk of the helper (the loop variable `m` is bound twice)."""

from pyoombpf import PASS, MemCgroup, OomControl, Verdict, i32, oom_handler, u64


def kill_largest_task(oc: OomControl, m: MemCgroup) -> Verdict:
    best_pid: i32 = 0
    best: u64 = 0
    for t in m.tasks():
        if t.rss > best:
            best, best_pid = t.rss, t.pid
    if best_pid == 0:
        return PASS
    for t in m.tasks():
        if t.pid == best_pid:
            return oc.kill(t, "largest task of the largest leaf")
    return PASS


def has_protected(m: MemCgroup) -> bool:
    for t in m.tasks():  # noqa: SIM110 (any() over a kernel walk is not in the language)
        if t.oom_score_adj == -1000:
            return True
    return False


@oom_handler(name="helper_oc")
def helper_oc(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    best_id: u64 = 0
    best_usage: u64 = 0
    for m in scope.descendants():
        if m.usage > (1 << 40):
            return PASS  # nonsense reading: let the kernel decide
        if m.is_leaf and not has_protected(m) and m.usage > best_usage:
            best_id, best_usage = m.id, m.usage
    victim: MemCgroup = None
    for m in scope.descendants():
        if m.id == best_id:
            victim = m
            break
    if victim is None:
        return PASS
    return kill_largest_task(oc, victim)
