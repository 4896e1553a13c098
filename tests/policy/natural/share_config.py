"""Kill the first leaf (pre-order) using more than SHARE percent of the scope; the percentage is a config value."""

from pyoombpf import PASS, MemCgroup, OomControl, RingBuf, Verdict, config, oom_handler, record, u32, u64

share = config(u32, 40)
log = RingBuf(max_bytes=4096)


@record
class Pick:
    cgroup: u64
    pct: u32


@oom_handler(name="share_config")
def share_config(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    total = scope.usage
    if total == 0:
        return PASS
    victim: MemCgroup = None
    for m in scope.descendants(post_order=False):
        if not m.is_leaf:
            continue
        pct = u32(m.usage * 100 // total)
        if pct >= share:
            victim = m
            log.output(Pick(cgroup=m.id, pct=pct))
            break
    if victim is None:
        return PASS
    return oc.kill_memcg(victim, "over its share")
