"""A policy that kills outside its attach subtree: every process of the parent of the OOMing cgroup."""

from pyoombpf import PASS, OomControl, Verdict, oom_handler


@oom_handler(name="outside")
def outside(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    up = scope.parent
    if up is None:
        return PASS
    return oc.kill_memcg(up, "the parent pays")
