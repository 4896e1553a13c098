"""BPF PSI inside the test VM with the reference C policies, in both forms: v3 (psi_oom_v3: a sleepable program
on the psi_avgs_work tracepoint) and v2 (psi_oom: bpf_psi_ops with a kernel trigger).

A task throttled by memory.high is never OOM-killed by the kernel; the PSI handler sees the memory stall ("full"
memory pressure over 100 ms per 1 s) and declares an OOM with bpf_out_of_memory(), and the kernel kills the task.
"""

from __future__ import annotations

import struct
from collections.abc import Callable

from tests.waits import wait_until

from .bpfload import BpfObject
from .cgroups import MB, CgroupTree
from .vmkernel import vm_test

pytestmark = vm_test

S_INIT_RC, S_EVENTS, S_OOM_RC, S_ONLINE, S_LAST_ONLINE, S_OFFLINE, S_LAST_OFFLINE, S_OOMS = range(8)
V3_TICKS, V3_EVENTS, V3_OOM_RC, V3_OOMS = range(4)  # psi_oom_v3's slots
# Upper bound for asynchronous deliveries (events come from a workqueue); never a performance claim.
PATIENCE_S = 120.0


def test_psi_tracepoint_program_declares_oom_on_throttled_cgroup(
    cgroups: CgroupTree, policy_path: Callable[[str], str]
) -> None:
    cgroups.make("psi_test")
    cgroups.set("psi_test", "memory.high", str(40 * MB))
    with BpfObject(policy_path("psi_oom_v3")) as pol:
        pol.update("target", struct.pack("<I", 0), struct.pack("<Q", cgroups.cgroup_id("psi_test")))
        pol.attach_program("psi_avgs")  # v3: no registration, a tracepoint program

        hog = cgroups.spawn("psi_test", 500, wait_ready=False)
        assert hog.killed_by_sigkill(), "the throttled allocator was not killed"
        assert pol.lookup_u64("psi_stats", V3_TICKS) >= 1
        assert pol.lookup_u64("psi_stats", V3_EVENTS) >= 1
        assert pol.lookup_u64("psi_stats", V3_OOMS) >= 1
    assert cgroups.events("psi_test")["oom_kill"] == 1
    assert cgroups.events("psi_test")["high"] > 0


def test_psi_event_declares_oom_on_throttled_cgroup(cgroups: CgroupTree, policy_path: Callable[[str], str]) -> None:
    cgroups.make("psi_test")
    cgroups.set("psi_test", "memory.high", str(40 * MB))
    with BpfObject(policy_path("psi_oom"), "psi_oom_ops") as pol:
        pol.update("target", struct.pack("<I", 0), struct.pack("<Q", cgroups.cgroup_id("psi_test")))
        pol.attach(None)  # PSI handlers are system-wide: a plain struct_ops link runs init()
        assert pol.lookup_u64("psi_stats", S_INIT_RC) == 0

        hog = cgroups.spawn("psi_test", 500, wait_ready=False)
        assert hog.killed_by_sigkill(), "the throttled allocator was not killed"
        assert pol.lookup_u64("psi_stats", S_EVENTS) >= 1
        # Later events (the pressure lingers for a window) may declare again in the now empty cgroup.
        assert pol.lookup_u64("psi_stats", S_OOMS) >= 1
    assert cgroups.events("psi_test")["oom_kill"] == 1
    assert cgroups.events("psi_test")["high"] > 0


def test_psi_cgroup_online_and_offline_callbacks(cgroups: CgroupTree, policy_path: Callable[[str], str]) -> None:
    cgroups.make("watched")
    with BpfObject(policy_path("psi_oom"), "psi_oom_ops") as pol:
        pol.update("target", struct.pack("<I", 0), struct.pack("<Q", cgroups.cgroup_id("watched")))
        pol.attach(None)
        cgroups.make("newcomer")
        newcomer = cgroups.cgroup_id("newcomer")
        assert wait_until(lambda: pol.lookup_u64("psi_stats", S_LAST_ONLINE) == newcomer, PATIENCE_S)
        # The watched cgroup goes away: offline callback, then its trigger is destroyed.
        watched = cgroups.cgroup_id("watched")
        cgroups.remove("watched")
        assert wait_until(lambda: pol.lookup_u64("psi_stats", S_LAST_OFFLINE) == watched, PATIENCE_S)
        assert pol.lookup_u64("psi_stats", S_ONLINE) >= 1
        assert pol.lookup_u64("psi_stats", S_OFFLINE) >= 1


def test_psi_init_failure_refuses_registration(cgroups: CgroupTree, policy_path: Callable[[str], str]) -> None:
    with BpfObject(policy_path("psi_oom"), "psi_oom_ops") as pol:
        # No such cgroup: bpf_psi_create_trigger() fails, init() returns it, the link is refused.
        pol.update("target", struct.pack("<I", 0), struct.pack("<Q", 0xFFFF_FFFF_FF))
        try:
            pol.attach(None)
        except OSError as exc:
            assert exc.errno != 0
        else:
            raise AssertionError("registration with a failing init() succeeded")
        assert pol.lookup_u64("psi_stats", S_INIT_RC) != 0
