"""A helper that returns two values: (task count, resident bytes) of a cgroup."""

from pyoombpf import PASS, MemCgroup, OomControl, Verdict, oom_handler, record, u64


@record
class Stats:
    n: u64
    rss: u64


def stats(m: MemCgroup) -> Stats:
    n: u64 = 0
    rss: u64 = 0
    for t in m.tasks():
        n += 1
        rss += t.rss
    return Stats(n=n, rss=rss)


@oom_handler(name="tuple_stats")
def tuple_stats(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    best: MemCgroup = None
    best_avg: u64 = 0
    for m in scope.descendants():
        st = stats(m)
        n = st.n
        rss = st.rss
        if n == 0:
            continue
        avg = rss // n
        if avg > best_avg:
            best, best_avg = m, avg
    if best is None:
        return PASS
    return oc.kill_memcg(best, "largest resident per process")
