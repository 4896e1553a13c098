"""The struct_ops part of ``make demo``, run inside the test VM (``-s`` shows the narrative).

A throwaway cgroup with two workloads runs out of memory twice: once with only the kernel's OOM killer, once
with the Python policy ``examples/largest_leaf.py`` attached as a ``bpf_oom_ops`` handler.
"""

from __future__ import annotations

import signal

from pyoombpf.compiler import compile as pcompile
from pyoombpf.modes.struct_ops import StructOpsPolicy
from pyoombpf.testing import KernelFunction
from tests.examples import example
from tests.policy import declare_oom
from tests.vm.cgroups import CgroupTree
from tests.vm.vmkernel import vm_test
from tests.waits import wait_until

pytestmark = vm_test
PF_EXITING = 0x4  # include/linux/sched.h


def _policy() -> object:
    return example("largest_leaf").largest_leaf


def _round(title: str, policy: object | None) -> dict[str, str]:
    print(f"\n   -- {title} --")
    with CgroupTree() as cg, KernelFunction(declare_oom.declare_oom) as declare:
        cg.make("demo", parent_of_others=True)
        cg.make("demo/web")
        cg.make("demo/batch")
        procs = {
            "web (10 MiB, oom_score_adj +1000)": cg.spawn("demo/web", 10, oom_score_adj=1000),
            "batch (30 MiB)": cg.spawn("demo/batch", 30),
        }
        handle = StructOpsPolicy(pcompile(policy)) if policy is not None else None
        try:
            if handle is not None:
                handle.attach(cg.path("demo"))
                print("   policy largest_leaf attached (bpf_oom_ops) at the cgroup")
            print(f"   out_of_memory() on {cg.path('demo')} ...")
            declare(cg.cgroup_id("demo"), 0, declare_oom.WAIT_ON_OOM_LOCK)
        finally:
            if handle is not None:
                handle.close()
        outcome = {}
        # out_of_memory() ran synchronously in declare(): every kill it made is sent.  A victim takes a while to
        # exit under TCG; one that has not yet exited has the SIGKILL pending or is exiting.
        assert wait_until(lambda: not all(p.alive() and not _dying(p.proc.pid) for p in procs.values()))
        for name, proc in procs.items():
            doomed = not proc.alive() or _dying(proc.proc.pid)
            outcome[name] = ("KILLED" if proc.killed_by_sigkill() else "exited") if doomed else "alive"
            print(f"   {name:<36} {outcome[name]}")
    return outcome


def _dying(pid: int) -> bool:
    """Whether ``pid`` (our child, not yet reaped: its /proc entry is there) has a SIGKILL pending or is exiting
    (PF_EXITING: it took the signal and is freeing its memory, which takes a while under TCG)."""
    with open(f"/proc/{pid}/status") as f:
        lines = f.read().splitlines()
    masks = [int(line.split()[1], 16) for line in lines if line.startswith(("SigPnd:", "ShdPnd:"))]
    with open(f"/proc/{pid}/stat") as f:
        flags = int(f.read().rsplit(")", 1)[1].split()[6])  # field 9, after the comm
    return bool(flags & PF_EXITING) or any(mask & (1 << (signal.SIGKILL - 1)) for mask in masks)


def test_demo_kernel_alone_vs_python_policy() -> None:
    alone = _round("the kernel's OOM killer alone", None)
    with_policy = _round("with the Python policy in the kernel", _policy())
    assert alone["web (10 MiB, oom_score_adj +1000)"] == "KILLED"
    assert with_policy["batch (30 MiB)"] == "KILLED"
    assert with_policy["web (10 MiB, oom_score_adj +1000)"] == "alive"
    print("\n   the policy killed the largest workload; the kernel alone killed the one it scores worst")
