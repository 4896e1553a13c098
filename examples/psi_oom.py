"""A PSI policy: declare an OOM in a cgroup whose tasks stall on memory, instead of letting them crawl.

A cgroup held at its ``memory.high`` is throttled, never OOM-killed: its tasks just stall in reclaim.  This policy
watches the cgroup whose id user space writes to ``target[0]`` with a "full" memory-pressure trigger (100 ms of
stall within 1 s), and when it fires declares an OOM in that cgroup's memory cgroup, so the kernel's OOM path
(BPF OOM handlers, then the OOM killer) frees memory.  Counters go to ``stats``.

The same source compiles for both BPF PSI interfaces:

    obj = pyoombpf.compile(PsiOom)                      # v3 (default): a tp_btf.s/psi_avgs_work program
    obj = pyoombpf.compile(PsiOom, abi="v2")            # v2: a bpf_psi_ops struct_ops object
    with PsiPolicy(obj) as policy:                      # pyoombpf.modes.struct_ops
        policy.map("target")[0] = cgroup_id
        policy.attach()                                  # system-wide; init() runs now
"""

from pyoombpf import ArrayMap, MemCgroup, Psi, PsiTrigger, declare_oom, i32, psi_policy, u64

# stats slots
INIT_RC, EVENTS, OOM_RC, OOMS = range(4)

target = ArrayMap(u64, max_entries=1)
stats = ArrayMap(u64, max_entries=4)


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
