"""A test-only policy that shows the kernel's upward chain of OOM handlers (the kernel selftest's pattern).

``largest_leaf_chain`` is ``examples/largest_leaf.py`` except for one rule: when the OOM is in the very cgroup this
copy is attached to, it passes.  Attach the same object twice — at the cgroup that runs out of memory and at the
root — and the kernel walks upwards: the lower copy passes, the copy at the root decides.  The chain tests (struct_ops
in the test VM, bridge mode, simulate's ``--attach`` copies) use it; a real policy handles the cgroup it is attached
to, as the example does.
"""

from pyoombpf import PASS, MemCgroup, OomControl, Verdict, oom_handler, u64
from tests.examples import example

_largest_leaf = example("largest_leaf")
anon_usage = _largest_leaf.anon_usage
has_unkillable_task = _largest_leaf.has_unkillable_task


@oom_handler(name="largest_leaf_chain")
def largest_leaf_chain(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None or scope.id == oc.attach_cgroup_id:
        return PASS  # our own attach point is out of memory: the copy attached above us decides
    best: MemCgroup = None
    best_usage: u64 = 0
    for memcg in scope.descendants():
        if not memcg.is_leaf:
            continue
        usage = anon_usage(memcg)
        if usage > best_usage and not has_unkillable_task(memcg):
            best, best_usage = memcg, usage
    if best is None:
        return PASS
    return oc.kill_memcg(best, "largest_leaf_chain policy")
