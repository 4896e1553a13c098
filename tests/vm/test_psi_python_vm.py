"""A PSI policy written in Python (examples/psi_oom.py), compiled by pyoombpf and attached in the test VM, in both
BPF PSI forms: v3 (the default: an ``init`` program run at attach and a ``tp_btf.s/psi_avgs_work`` program) and v2
(a ``bpf_psi_ops`` struct_ops object).  The reference PSI scenario of tests/vm/test_psi.py, without C.

A task throttled by memory.high is never OOM-killed by the kernel; the policy's "full" memory trigger fires, its
``on_event`` declares an OOM in the cgroup (``declare_oom`` = ``bpf_out_of_memory``) and the kernel kills the task.
"""

from __future__ import annotations

from typing import Any

import pytest

from pyoombpf import ArrayMap, Psi, PsiTrigger, i32, psi_policy, u64
from pyoombpf.compiler import compile as pcompile
from tests.examples import example
from tests.waits import wait_until

from .cgroups import CGROUP_ROOT, MB, CgroupTree
from .vmkernel import vm_test

pytestmark = vm_test
# Upper bound for asynchronous deliveries (events come from a workqueue); never a performance claim.
PATIENCE_S = 120.0
ABIS = pytest.mark.parametrize("abi", ["v3", "v2"])


def _policy(target_cgroup_id: int, abi: str) -> tuple[Any, Any]:
    from pyoombpf.modes.struct_ops import PsiPolicy

    pol = example("psi_oom")
    policy = PsiPolicy(pcompile(pol.PsiOom, abi=abi))
    try:
        policy.map("target")[0] = target_cgroup_id
    except BaseException:
        policy.close()
        raise
    return pol, policy


@ABIS
def test_python_psi_policy_declares_oom_on_throttled_cgroup(cgroups: CgroupTree, abi: str) -> None:
    cgroups.make("psi_py")
    cgroups.set("psi_py", "memory.high", str(40 * MB))
    pol, policy = _policy(cgroups.cgroup_id("psi_py"), abi)
    with policy:
        policy.attach()  # system-wide: init() creates the trigger
        stats = policy.map("stats")
        assert stats[pol.INIT_RC] == 0
        hog = cgroups.spawn("psi_py", 500, wait_ready=False)
        assert hog.killed_by_sigkill(), "the throttled allocator was not killed"
        assert stats[pol.EVENTS] >= 1
        assert stats[pol.OOMS] >= 1  # later events may declare again in the emptied cgroup
    assert cgroups.events("psi_py")["oom_kill"] == 1
    assert cgroups.events("psi_py")["high"] > 0


@ABIS
def test_declared_oom_runs_the_python_oom_handler(cgroups: CgroupTree, abi: str) -> None:
    """The PSI policy declares the OOM; the @oom_handler attached at the root decides it: largest_leaf kills the
    big leaf, where the kernel alone would kill the small one (oom_score_adj 1000)."""
    from pyoombpf.modes.struct_ops import StructOpsPolicy

    cgroups.make("psi_chain", parent_of_others=True)
    cgroups.make("psi_chain/small")
    cgroups.make("psi_chain/big")
    cgroups.set("psi_chain", "memory.high", str(40 * MB))
    small = cgroups.spawn("psi_chain/small", 8, oom_score_adj=1000)
    oom_policy = pcompile(example("largest_leaf").largest_leaf)
    pol, policy = _policy(cgroups.cgroup_id("psi_chain"), abi)
    with StructOpsPolicy(oom_policy) as handler, policy:
        handler.attach(CGROUP_ROOT)
        policy.attach()
        hog = cgroups.spawn("psi_chain/big", 500, wait_ready=False)
        assert hog.killed_by_sigkill(), "the throttled allocator was not killed"
        assert small.alive(), "the kernel's choice died: the OOM handler did not decide"
        assert policy.map("stats")[pol.OOMS] >= 1
    assert cgroups.events("psi_chain/big")["oom_kill"] == 1


@ABIS
def test_python_psi_policy_failing_init_refuses_registration(cgroups: CgroupTree, abi: str) -> None:
    import pyoombpf

    pol, policy = _policy(0xFFFF_FFFF_FF, abi)  # no such cgroup: create_trigger fails, init returns it
    with policy:
        with pytest.raises(pyoombpf.AttachError) as info:
            policy.attach()
        assert info.value.errno != 0
        assert policy.map("stats")[pol.INIT_RC] != 0


# --------------------------------------------------------------------------------------------- v2 only

seen = ArrayMap(u64, max_entries=4)
ONLINE, LAST_ONLINE, OFFLINE, LAST_OFFLINE = range(4)


@psi_policy(name="cgroup_watch", abi="v2")
class CgroupWatch:
    """bpf_psi_ops' cgroup callbacks (the v3 interface has none)."""

    def init(psi: Psi) -> i32:  # noqa: N805
        return 0

    def on_event(trigger: PsiTrigger) -> None:  # noqa: N805
        return

    def on_cgroup_online(cgroup_id: u64) -> None:  # noqa: N805
        seen[ONLINE] += 1
        seen[LAST_ONLINE] = cgroup_id

    def on_cgroup_offline(cgroup_id: u64) -> None:  # noqa: N805
        seen[OFFLINE] += 1
        seen[LAST_OFFLINE] = cgroup_id


def test_python_psi_policy_cgroup_online_and_offline(cgroups: CgroupTree) -> None:
    from pyoombpf.modes.struct_ops import PsiPolicy

    with PsiPolicy(pcompile(CgroupWatch)) as policy:
        policy.attach()
        stats = policy.map("seen")
        cgroups.make("newcomer_py")
        newcomer = cgroups.cgroup_id("newcomer_py")
        assert wait_until(lambda: stats[LAST_ONLINE] == newcomer, PATIENCE_S)
        cgroups.remove("newcomer_py")
        assert wait_until(lambda: stats[LAST_OFFLINE] == newcomer, PATIENCE_S)
        assert stats[ONLINE] >= 1
        assert stats[OFFLINE] >= 1
