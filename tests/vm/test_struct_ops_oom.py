"""The BPF OOM struct_ops interface, end to end, with the reference C policies (inside the test VM).

Two ways to cause an OOM in a throwaway cgroup full of python allocators:

- ``squeeze``: lower ``memory.max`` below what is in use even without page cache; the write runs the kernel's
  OOM path synchronously until enough memory is gone (the reference scenario, a real memcg OOM);
- ``declare``: a SYSCALL program calling ``bpf_out_of_memory(memcg, 0, WAIT_ON_OOM_LOCK)`` through
  BPF_PROG_RUN: exactly one ``out_of_memory()`` call, so exactly one decision to check.

A squeeze may end with more than one kill: on this one-CPU guest the writer's retry loop can run the OOM
path again while the first victim is exiting (its dying leader is no longer seen by the memcg task walk).
So squeeze tests assert the first decision; single-decision claims use ``declare``.
"""

from __future__ import annotations

import errno
import struct
from collections.abc import Callable

import pytest

from .bpfload import BpfObject, LoadError
from .cgroups import CGROUP_ROOT, CgroupTree
from .scenarios import OOMD_SIZES, largest_leaf_tree, oomd_tree, two_leaves
from .vmkernel import vm_test

pytestmark = vm_test

# largest_leaf's stats map
RUNS, DECLINED, KILLS, FIRST_VICTIM = 0, 1, 2, 3


def test_largest_leaf_reference_scenario_upward_chain(cgroups: CgroupTree, policy_path: Callable[[str], str]) -> None:
    procs = largest_leaf_tree(cgroups)
    obj = policy_path("largest_leaf")
    with BpfObject(obj, "largest_leaf_ops") as at_oom, BpfObject(obj, "largest_leaf_ops") as at_root:
        at_oom.attach(cgroups.path("oom_test"))
        at_root.attach(CGROUP_ROOT)
        cgroups.squeeze("oom_test", free_mb=8)

        # The copy at the OOMing cgroup declined; the one at the root chose cg4 first.
        assert at_oom.lookup_u64("stats", DECLINED) >= 1
        assert at_oom.lookup_u64("stats", KILLS) == 0
        assert at_root.lookup_u64("stats", KILLS) >= 1
        assert at_root.lookup_u64("stats", FIRST_VICTIM) == cgroups.cgroup_id("oom_test/cg3/cg4")
    assert procs["cg4"].killed_by_sigkill()
    assert cgroups.events("oom_test/cg3/cg4")["oom_kill"] == 1
    assert procs["cg2"].alive()  # the -1000 task is never a victim


def test_policy_decides_instead_of_kernel(
    cgroups: CgroupTree, policy_path: Callable[[str], str], declare: Callable[..., int]
) -> None:
    procs = two_leaves(cgroups)
    with BpfObject(policy_path("largest_leaf"), "largest_leaf_ops") as pol:
        pol.attach(cgroups.root)  # above the OOMing cgroup, so it does not decline
        assert declare(cgroups.cgroup_id("oom_test")) == 1
        assert pol.lookup_u64("stats", RUNS) == 1
        assert pol.lookup_u64("stats", KILLS) == 1
    assert procs["big"].killed_by_sigkill()
    assert procs["small"].alive()
    assert cgroups.events("oom_test/big")["oom_kill"] == 1
    assert cgroups.events("oom_test/small")["oom_kill"] == 0


def test_global_oom_goes_to_the_root_handler_only(
    cgroups: CgroupTree, policy_path: Callable[[str], str], declare: Callable[..., int]
) -> None:
    cgroups.make("oom_test", parent_of_others=True)
    cgroups.make("oom_test/huge")
    # Larger than anything else in the guest (the test runner included), so the system-wide choice is certain.
    huge = cgroups.spawn("oom_test/huge", 200)
    obj = policy_path("largest_leaf")
    with BpfObject(obj, "largest_leaf_ops") as at_test, BpfObject(obj, "largest_leaf_ops") as at_root:
        at_test.attach(cgroups.path("oom_test"))
        at_root.attach(CGROUP_ROOT)
        assert declare(0) == 1  # NULL memcg: a global OOM
        assert at_test.lookup_u64("stats", RUNS) == 0  # the walk starts at the root memcg
        assert at_root.lookup_u64("stats", RUNS) == 1
        assert at_root.lookup_u64("stats", FIRST_VICTIM) == cgroups.cgroup_id("oom_test/huge")
    assert huge.killed_by_sigkill()
    assert cgroups.events("oom_test/huge")["oom_kill"] == 1


def test_detach_restores_kernel_behaviour(
    cgroups: CgroupTree, policy_path: Callable[[str], str], declare: Callable[..., int]
) -> None:
    procs = two_leaves(cgroups)
    with BpfObject(policy_path("largest_leaf"), "largest_leaf_ops") as pol:
        link = pol.attach(cgroups.root)
        pol.detach(link)
        assert declare(cgroups.cgroup_id("oom_test")) == 1
        assert pol.lookup_u64("stats", RUNS) == 0
    # The kernel OOM killer picks the oom_score_adj 1000 task.
    assert procs["small"].killed_by_sigkill()
    assert procs["big"].alive()
    assert cgroups.events("oom_test/small")["oom_kill"] == 1
    assert cgroups.events("oom_test/big")["oom_kill"] == 0


def test_returning_one_without_killing_leaves_it_to_the_kernel(
    cgroups: CgroupTree, policy_path: Callable[[str], str], declare: Callable[..., int]
) -> None:
    procs = two_leaves(cgroups)
    with BpfObject(policy_path("test_return_one"), "return_one_ops") as pol:
        pol.attach(cgroups.path("oom_test"))
        assert declare(cgroups.cgroup_id("oom_test")) == 1
        assert pol.lookup_u64("stats", 0) == 1
        assert pol.lookup_u64("stats", 1) == 0  # bpf_memory_freed is reset before each handler
    assert procs["small"].killed_by_sigkill()  # by the kernel, which ran after the handler
    assert cgroups.events("oom_test/small")["oom_kill"] == 1


def test_returning_one_under_a_real_oom(cgroups: CgroupTree, policy_path: Callable[[str], str]) -> None:
    cgroups.make("victim")
    proc = cgroups.spawn("victim", 30)
    with BpfObject(policy_path("test_return_one"), "return_one_ops") as pol:
        pol.attach(cgroups.path("victim"))
        cgroups.squeeze("victim", free_mb=8)
        assert pol.lookup_u64("stats", 0) >= 1
    assert proc.killed_by_sigkill()
    assert cgroups.events("victim")["oom_kill"] == 1


def test_second_attach_to_same_cgroup_is_eexist(cgroups: CgroupTree, policy_path: Callable[[str], str]) -> None:
    obj = policy_path("largest_leaf")
    with BpfObject(obj, "largest_leaf_ops") as first, BpfObject(obj, "largest_leaf_ops") as second:
        first.attach(cgroups.root)
        with pytest.raises(OSError) as exc:
            second.attach(cgroups.root)
        assert exc.value.errno == errno.EEXIST
        # Another cgroup is fine.
        cgroups.make("other")
        assert second.attach(cgroups.path("other")) > 0


def test_handler_is_dropped_when_its_cgroup_goes(
    cgroups: CgroupTree, policy_path: Callable[[str], str], declare: Callable[..., int]
) -> None:
    obj = policy_path("largest_leaf")
    with BpfObject(obj, "largest_leaf_ops") as gone, BpfObject(obj, "largest_leaf_ops") as above:
        cgroups.make("short_lived")
        gone.attach(cgroups.path("short_lived"))
        cgroups.remove("short_lived")  # the link stays open, detached from the dead cgroup
        procs = two_leaves(cgroups)
        above.attach(cgroups.root)
        assert declare(cgroups.cgroup_id("oom_test")) == 1
        assert gone.lookup_u64("stats", RUNS) == 0
        assert above.lookup_u64("stats", KILLS) == 1
    assert procs["big"].killed_by_sigkill()


def test_link_without_cgroup_is_einval(policy_path: Callable[[str], str]) -> None:
    with BpfObject(policy_path("largest_leaf"), "largest_leaf_ops") as pol:
        with pytest.raises(OSError) as exc:
            pol.attach(None)
        assert exc.value.errno == errno.EINVAL


def test_registration_without_link_is_eopnotsupp(policy_path: Callable[[str], str]) -> None:
    with BpfObject(policy_path("largest_leaf"), "largest_leaf_ops", link_map=False) as pol:
        with pytest.raises(OSError) as exc:
            pol.push_value()
        assert exc.value.errno == errno.EOPNOTSUPP


def test_oom_handler_cannot_call_bpf_out_of_memory(policy_path: Callable[[str], str]) -> None:
    with pytest.raises(LoadError) as exc:
        BpfObject(policy_path("test_bad_handler"), "bad_handler_ops")
    assert exc.value.errno == errno.EACCES
    assert "bpf_out_of_memory" in exc.value.log


def test_handler_cannot_forge_bpf_memory_freed(policy_path: Callable[[str], str]) -> None:
    with pytest.raises(LoadError) as exc:
        BpfObject(policy_path("test_bad_forge_freed"), "forge_ops")
    assert exc.value.errno == errno.EACCES
    assert "only read is supported" in exc.value.log


def test_bpf_oom_kill_process_only_in_oom_handlers(policy_path: Callable[[str], str]) -> None:
    with pytest.raises(LoadError) as exc:
        BpfObject(policy_path("test_bad_syscall_kill"))
    assert "calling kernel function bpf_oom_kill_process is not allowed" in exc.value.log


def test_bpf_out_of_memory_rejects_bad_flags_and_order(cgroups: CgroupTree, declare: Callable[..., int]) -> None:
    cgroups.make("idle")
    cgid = cgroups.cgroup_id("idle")
    assert declare(cgid, flags=1 << 1) == -errno.EINVAL
    assert declare(cgid, order=-1) == -errno.EINVAL
    assert declare(cgid, order=64) == -errno.EINVAL


def test_bpf_out_of_memory_in_an_empty_cgroup_does_nothing(cgroups: CgroupTree, declare: Callable[..., int]) -> None:
    cgroups.make("idle")
    assert declare(cgroups.cgroup_id("idle"), flags=0) == 0


# oomd_like's preference kinds and decision counters (the same as examples/oomd_like.py's)
PREF_AVOID, PREF_OMIT = 1, 2
D_RUNS, D_CANDIDATES, D_OMITTED, D_AVOIDED, D_KILLS, D_VICTIM_ID, D_NO_VICTIM = range(7)


def test_oomd_like_reference_scenario(
    cgroups: CgroupTree, policy_path: Callable[[str], str], declare: Callable[..., int]
) -> None:
    procs = oomd_tree(cgroups)
    with BpfObject(policy_path("oomd_like"), "oomd_like_ops") as pol:
        for name, kind in (("critical", PREF_OMIT), ("batch-a", PREF_AVOID)):
            key = struct.pack("<Q", cgroups.cgroup_id(f"oom_test/{name}"))
            pol.update("prefs", key, struct.pack("<IIQ", kind, 0, 0))
        pol.attach(cgroups.root)
        assert declare(cgroups.cgroup_id("oom_test")) == 1

        counters = [pol.lookup_u64("decisions", i) for i in range(7)]
        assert counters[D_RUNS] == 1
        assert counters[D_CANDIDATES] == len(OOMD_SIZES)
        assert counters[D_OMITTED] == 1
        assert counters[D_AVOIDED] == 1
        assert counters[D_KILLS] == 1
        assert counters[D_VICTIM_ID] == cgroups.cgroup_id("oom_test/batch-b")
        assert counters[D_NO_VICTIM] == 0
    assert procs["batch-b"].killed_by_sigkill()
    assert cgroups.events("oom_test/batch-b")["oom_kill"] == 1
    for name in ("critical", "batch-a", "batch-c", "unkillable"):
        assert procs[name].alive(), name
