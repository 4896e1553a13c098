"""A policy that records, per cgroup of the OOM scope, what ``memcg.xattr_flag()`` reads: bit 0 user.oomd_omit,
bit 1 user.oomd_avoid (tests/policies/test_xattr_kernel.py, test_library_vm.py)."""

from pyoombpf import PASS, HashMap, OomControl, Verdict, oom_handler, u32, u64

flags = HashMap(u64, u32, max_entries=64)


@oom_handler(name="xattr_probe")
def xattr_probe(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    for memcg in scope.descendants():
        v: u32 = 0
        if memcg.xattr_flag("user.oomd_omit"):
            v = 1
        if memcg.xattr_flag("user.oomd_avoid"):
            v += 2
        flags[memcg.id] = v
    return PASS
