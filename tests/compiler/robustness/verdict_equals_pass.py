"""Issue 14, AssertionError: `v == PASS` in a policy.  Verdicts compare by value."""

from pyoombpf import PASS, OomControl, Verdict, oom_handler


@oom_handler(name="compares_verdicts")
def compares_verdicts(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    v = oc.kill_memcg(scope, "compare")
    if v == PASS:
        return PASS
    return v


TARGET = compares_verdicts
MODE = "bridge"
