"""Batch jobs go first: kill the largest leaf named "batch-*"; only when there is none, the largest leaf at all."""

from pyoombpf import PASS, MemCgroup, OomControl, Verdict, oom_handler, u64


@oom_handler(name="prefer_batch")
def prefer_batch(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    batch: MemCgroup = None
    batch_usage: u64 = 0
    other: MemCgroup = None
    other_usage: u64 = 0
    for m in scope.descendants():
        if not m.is_leaf:
            continue
        usage = m.usage
        if m.name_startswith("batch-"):
            if usage > batch_usage:
                batch, batch_usage = m, usage
        elif usage > other_usage:
            other, other_usage = m, usage
    if batch is not None:
        return oc.kill_memcg(batch, "largest batch job")
    if other is not None:
        return oc.kill_memcg(other, "largest leaf (no batch job)")
    return PASS
