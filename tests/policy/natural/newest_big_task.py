"""Kill the most recently started process (task.start_time), but only if it uses more than LIMIT bytes."""

from pyoombpf import PASS, OomControl, Verdict, i32, kfuncs, oom_handler, u64

LIMIT = 32 << 20


@oom_handler(name="newest_big_task")
def newest_big_task(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    newest_pid: i32 = 0
    newest_start: u64 = 0
    newest_rss: u64 = 0
    for m in scope.descendants():
        for t in m.tasks():
            if t.oom_score_adj == -1000 or t.is_oom_victim:
                continue
            if t.start_time >= newest_start:
                newest_start = t.start_time
                newest_pid = t.pid
                newest_rss = t.rss
    if newest_pid == 0 or newest_rss <= LIMIT:
        return PASS
    task = kfuncs.bpf_task_from_pid(newest_pid)
    if task is None:
        return PASS
    verdict = oc.kill(task, "newest process over the limit")
    kfuncs.bpf_task_release(task)
    return verdict
