"""Kill the cgroup that is out of memory when its usage in MiB has many bits set (the shape reported for
short ranges: a sum that an ``if``/``else`` in a 16-step constant range adds 5 or 1 to, tested after the loop;
before hir/counted.py's ``iterated_ranges`` the verifier walked its 2**16 paths and gave up)."""

from pyoombpf import PASS, OomControl, Verdict, oom_handler, u64


@oom_handler(name="usage_bits")
def usage_bits(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    usage = scope.usage >> 20
    score: u64 = 0
    for i in range(16):
        if (usage >> i) & 1 == 1:  # noqa: SIM108 (the if/else shape is the point)
            score = score + 5
        else:
            score = score + 1
    if score > 30:
        return oc.kill_memcg(scope, "many bits")
    return PASS
