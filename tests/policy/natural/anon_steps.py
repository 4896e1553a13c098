"""Kill the cgroup that is out of memory when most of its memory is anonymous: one constant range of 16 steps of
8 MiB scores 5 for each step its usage without page cache passes and 1 for the others, and more than 60 kills."""

from pyoombpf import PASS, OomControl, Verdict, oom_handler, u64

MB = 1 << 20


@oom_handler(name="anon_steps")
def anon_steps(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    score: u64 = 0
    for i in range(16):
        if scope.usage - scope.page_state("NR_FILE_PAGES") > u64(i) * 8 * MB:  # noqa: SIM108 (the if/else shape is the point)
            score = score + 5
        else:
            score = score + 1
    if score > 60:
        return oc.kill_memcg(scope, "mostly anonymous memory")
    return PASS
