"""Integer arithmetic with //, %, shifts, min and max in a per-process score."""

from pyoombpf import PASS, OomControl, Verdict, i64, kfuncs, oom_handler

PAGE_SHIFT = 12


@oom_handler(name="int_math")
def int_math(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    best_pid = 0
    best_score: i64 = -1
    for m in scope.descendants():
        for t in m.tasks():
            adj = t.oom_score_adj
            if adj == -1000:
                continue
            pages = (t.rss + t.swap) >> PAGE_SHIFT
            bonus = i64(oc.totalpages) * adj // 1000
            score = max(i64(pages) + bonus, 0)
            score = min(score, 1 << 40)
            if score % 2 == 1:
                score += 1
            if score > best_score:
                best_score = score
                best_pid = t.pid
    if best_pid == 0:
        return PASS
    task = kfuncs.bpf_task_from_pid(best_pid)
    if task is None:
        return PASS
    v = oc.kill(task, "highest badness")
    kfuncs.bpf_task_release(task)
    return v
