"""Kill the cgroup with the most processes whose names are mostly digits; how many digits make a name "mostly
digits" is a config value (``+=`` on the per-name score)."""

from pyoombpf import PASS, MemCgroup, OomControl, Verdict, config, oom_handler, u64

min_digit_score = config(u64, 40)


@oom_handler(name="digit_threshold")
def digit_threshold(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    best: MemCgroup = None
    best_n: u64 = 0
    for m in scope.descendants():
        n: u64 = 0
        for t in m.tasks():
            score: u64 = 0
            for i in range(16):
                if t.comm[i] >= 48 and t.comm[i] <= 57:
                    score += 5
                else:
                    score += 1
            if score >= min_digit_score:
                n += 1
        if n > best_n:
            best, best_n = m, n
    if best is None:
        return PASS
    return oc.kill_memcg(best, "most generated names")
