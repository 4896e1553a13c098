"""Kill the first process whose name is mostly digits (a generated worker name like ``7734521``): each of the 16
characters of its name scores 5 when it is a digit and 1 otherwise, and a score above 40 marks it."""

from pyoombpf import PASS, OomControl, Verdict, i32, kfuncs, oom_handler, u64


@oom_handler(name="numbered_names")
def numbered_names(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    victim: i32 = 0
    for m in scope.descendants():
        for t in m.tasks():
            score: u64 = 0
            for i in range(16):
                c = t.comm[i]
                if c >= 48 and c <= 57:  # noqa: SIM108 (the if/else shape is the point)
                    score = score + 5
                else:
                    score = score + 1
            if score > 40 and victim == 0:
                victim = t.pid
    if victim == 0:
        return PASS
    task = kfuncs.bpf_task_from_pid(victim)
    if task is None:
        return PASS
    verdict = oc.kill(task, "generated name")
    kfuncs.bpf_task_release(task)
    return verdict
