"""PSI policies that must not compile; every marked line is where the error points (see tests/error_marks.py)."""

# ruff: noqa: N805  (PSI callbacks take no self)
# Every marker stays on the line of its error:
# fmt: off
from pyoombpf import (
    PASS,
    ArrayMap,
    MemCgroup,
    OomControl,
    Psi,
    PsiTrigger,
    Verdict,
    declare_oom,
    i32,
    kfuncs,
    oom_handler,
    psi_policy,
    u64,
)

seen = ArrayMap(u64, max_entries=1)
MEMORY = 1


@oom_handler(name="declares")
def declare_in_oom_handler(oc: OomControl) -> Verdict:
    m = oc.memcg
    declare_oom(m)  # E: declare_oom | cannot be called inside an @oom_handler
    return PASS


@oom_handler(name="declares_kfunc")
def kfunc_declare_in_oom_handler(oc: OomControl) -> Verdict:
    m = oc.memcg
    if m is not None:
        kfuncs.bpf_out_of_memory(m, 0, 1)  # E: kfuncs.bpf_out_of_memory | cannot be called here
    return PASS


@oom_handler(name="from_id")
def memcg_from_id_in_oom_handler(oc: OomControl) -> Verdict:
    m = MemCgroup.from_cgroup_id(1)  # E: MemCgroup.from_cgroup_id | belongs to PSI policies
    if m is None:
        return PASS
    return PASS


@psi_policy()
class UnknownResource:
    def init(psi: Psi) -> i32:
        return psi.create_trigger(0, resource="disk", threshold_us=1000, window_us=1_000_000)  # E: "disk" | unknown PSI resource

    def on_event(trigger: PsiTrigger) -> None:
        seen[0] = trigger.cgroup_id


@psi_policy()
class WindowTooShort:
    def init(psi: Psi) -> i32:
        return psi.create_trigger(0, threshold_us=1000, window_us=100)  # E: 100) | window_us must be between

    def on_event(trigger: PsiTrigger) -> None:
        seen[0] = trigger.cgroup_id


@psi_policy()
class ThresholdOverWindow:
    def init(psi: Psi) -> i32:
        return psi.create_trigger(0, threshold_us=2_000_000, window_us=1_000_000)  # E: 2_000_000 | threshold_us must be

    def on_event(trigger: PsiTrigger) -> None:
        seen[0] = trigger.cgroup_id


@psi_policy()
class ResourceNotLiteral:
    def init(psi: Psi) -> i32:
        return psi.create_trigger(0, resource=MEMORY, threshold_us=1000, window_us=1_000_000)  # E: MEMORY | must be a str literal

    def on_event(trigger: PsiTrigger) -> None:
        seen[0] = trigger.cgroup_id


@psi_policy()
class EventReturnsValue:
    def init(psi: Psi) -> i32:
        return 0

    def on_event(trigger: PsiTrigger) -> i32:  # E: def | does not have the signature of a PSI callback
        return 0


@psi_policy()
class DeclareNeedsMemcg:
    def init(psi: Psi) -> i32:
        return 0

    def on_event(trigger: PsiTrigger) -> None:
        declare_oom(trigger.cgroup_id)  # E: trigger.cgroup_id | declare_oom() needs a MemCgroup


def psi_type_outside_psi_policy(p: Psi) -> u64:  # E: Psi | belongs to PSI policies
    return 0


@psi_policy()
class CgroupCallbackInV3:
    def init(psi: Psi) -> i32:
        return 0

    def on_event(trigger: PsiTrigger) -> None:
        seen[0] = trigger.cgroup_id

    def on_cgroup_online(cgroup_id: u64) -> None:  # E: def | needs BPF PSI v2 (struct bpf_psi_ops)
        seen[0] = cgroup_id


@psi_policy()
class TriggerMemberInV3:
    def init(psi: Psi) -> i32:
        return 0

    def on_event(trigger: PsiTrigger) -> None:
        seen[0] = trigger.threshold  # E: trigger.threshold | under BPF PSI v3 a PsiTrigger has only cgroup_id


@psi_policy()
class IrqSomeInV3:
    def init(psi: Psi) -> i32:
        return psi.create_trigger(0, resource="irq", threshold_us=1000, window_us=1_000_000)  # E: psi.create_trigger | has only "full" pressure

    def on_event(trigger: PsiTrigger) -> None:
        seen[0] = trigger.cgroup_id
