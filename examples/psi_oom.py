"""A PSI policy: declare an OOM in a cgroup whose tasks stall on memory, instead of letting them crawl.

A cgroup held at its ``memory.high`` is throttled, never OOM-killed: its tasks just stall in reclaim.  This policy
watches the cgroup whose id user space writes to ``target[0]`` with a "full" memory-pressure trigger (100 ms of
stall within 1 s), and when it fires declares an OOM in that cgroup's memory cgroup, so the kernel's OOM path
(BPF OOM handlers, then the OOM killer) frees memory.  Counters go to ``stats``; the cgroup callbacks record the
last cgroup created and removed.

    obj = pyoombpf.compile(PsiOom)                      # struct_ops: bpf_psi_ops (BPF PSI v2 ABI)
    with PsiPolicy(obj) as policy:                      # pyoombpf.modes.struct_ops
        policy.map("target")[0] = cgroup_id
        policy.attach()                                  # PSI handlers are system-wide; init() runs now
"""

from pyoombpf import ArrayMap, MemCgroup, Psi, PsiTrigger, declare_oom, i32, psi_policy, u64

# stats slots
INIT_RC, EVENTS, OOM_RC, ONLINE, LAST_ONLINE, OFFLINE, LAST_OFFLINE, OOMS = range(8)

target = ArrayMap(u64, max_entries=1)
stats = ArrayMap(u64, max_entries=8)


@psi_policy(name="psi_oom")
class PsiOom:
    def init(psi: Psi) -> i32:
        rc = psi.create_trigger(target[0], resource="memory", full=True, threshold_us=100_000, window_us=1_000_000)
        stats[INIT_RC] = u64(rc)
        return rc

    def on_event(trigger: PsiTrigger) -> None:
        stats[EVENTS] += 1
        memcg = MemCgroup.from_cgroup_id(trigger.cgroup_id)
        if memcg is None:
            return
        rc = declare_oom(memcg, order=0, wait=True)
        stats[OOM_RC] = u64(rc)
        if rc == 1:
            stats[OOMS] += 1

    def on_cgroup_online(cgroup_id: u64) -> None:
        stats[ONLINE] += 1
        stats[LAST_ONLINE] = cgroup_id

    def on_cgroup_offline(cgroup_id: u64) -> None:
        stats[OFFLINE] += 1
        stats[LAST_OFFLINE] = cgroup_id
