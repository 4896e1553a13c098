"""Kill the largest process whose name is on a list of expendable programs; never one on the keep list."""

from pyoombpf import PASS, OomControl, Verdict, i32, kfuncs, oom_handler, u64

EXPENDABLE = ("chrome", "node", "java", "python3")
KEEP = ("sshd", "systemd")


@oom_handler(name="expendable_comm")
def expendable_comm(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    best_pid: i32 = 0
    best_size: u64 = 0
    for m in scope.descendants():
        for t in m.tasks():
            if any(t.comm_is(name) for name in KEEP) or t.oom_score_adj == -1000:
                continue
            if not any(t.comm_startswith(name) for name in EXPENDABLE):
                continue
            size = t.rss + t.swap
            if size > best_size:
                best_pid, best_size = t.pid, size
    if best_pid == 0:
        return PASS
    task = kfuncs.bpf_task_from_pid(best_pid)
    if task is None:
        return PASS
    verdict = oc.kill(task, "largest expendable process")
    kfuncs.bpf_task_release(task)
    return verdict
