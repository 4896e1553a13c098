"""Only kill cgroups whose name starts with one of a list of disposable prefixes."""

from pyoombpf import PASS, MemCgroup, OomControl, Verdict, oom_handler, u64

DISPOSABLE = ("batch-", "tmp-", "ci-")


def disposable(m: MemCgroup) -> bool:
    for prefix in DISPOSABLE:  # noqa: SIM110 (no generators in BPF code)
        if m.name_startswith(prefix):
            return True
    return False


@oom_handler(name="prefix_list")
def prefix_list(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    best: MemCgroup = None
    best_usage: u64 = 0
    for m in scope.descendants():
        if m.is_leaf and disposable(m) and m.usage > best_usage:
            best, best_usage = m, m.usage
    if best is None:
        return PASS
    return oc.kill_memcg(best, "largest disposable cgroup")
