"""Score every process by a checklist of warning signs and kill the one with the highest score (ties: the first)."""

from pyoombpf import PASS, OomControl, Verdict, i32, kfuncs, oom_handler, u32

MB = 1 << 20


@oom_handler(name="feature_score")
def feature_score(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    worst: i32 = 0
    worst_score: u32 = 0
    for m in scope.descendants():
        for t in m.tasks():
            if t.oom_score_adj == -1000:
                continue
            score: u32 = 0
            if t.oom_score_adj > 0:
                score += 1
            if t.oom_score_adj >= 500:
                score += 2
            if t.rss > 16 * MB:
                score += 2
            if t.rss > 64 * MB:
                score += 3
            if t.rss > 256 * MB:
                score += 5
            if t.swap > 0:
                score += 1
            if t.swap > 64 * MB:
                score += 3
            if t.comm[0] == 106 and t.comm[1] == 97 and t.comm[2] == 118 and t.comm[3] == 97:  # "java"
                score += 2
            if t.tgid != t.pid:
                score += 1
            if score > worst_score:
                worst, worst_score = t.pid, score
    if worst == 0:
        return PASS
    task = kfuncs.bpf_task_from_pid(worst)
    if task is None:
        return PASS
    verdict = oc.kill(task, "most warning signs")
    kfuncs.bpf_task_release(task)
    return verdict
