"""The cgroup/task queries of the policy language, in the kernel (test VM: ``make vmtest``).

One OOM decision (``bpf_out_of_memory`` on oom_test) runs tests/policy/progs_queries.py attached above it; its
answers, written to the ``seen`` map, are compared with what user space knows about the same cgroups and task.
The policy passed the verifier to get here: ``memcg.parent``/``task.memcg`` hand RCU-protected pointers to
``bpf_get_mem_cgroup`` on every path, ``oc.victim_exiting`` walks under RCU with every reference put.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from pyoombpf.compiler import compile as pcompile
from tests.vm.cgroups import CGROUP_ROOT, MB, CgroupTree
from tests.vm.vmkernel import vm_test

from . import progs_queries as Q
from .test_struct_ops_vm import Attached

pytestmark = vm_test


@pytest.fixture
def cgroups() -> Iterator[CgroupTree]:
    with CgroupTree() as tree:
        yield tree


def _vm_rss(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise AssertionError(f"no VmRSS for pid {pid}")


def test_queries_answer_like_user_space(cgroups: CgroupTree) -> None:
    from pyoombpf.runtime import IntCodec
    from pyoombpf.testing import KernelFunction

    from . import declare_oom

    cgroups.make("oom_test", parent_of_others=True)
    cgroups.make("oom_test/small")
    cgroups.make("oom_test/big")
    small = cgroups.spawn("oom_test/small", 10)
    big = cgroups.spawn("oom_test/big", 30)
    rss_before = _vm_rss(big.proc.pid)
    obj = pcompile(Q.queries)
    with Attached(obj.elf, "queries") as pol, KernelFunction(declare_oom.declare_oom) as declare:
        pol.attach(cgroups.root)
        assert declare(cgroups.cgroup_id("oom_test"), 0, declare_oom.WAIT_ON_OOM_LOCK) == 1
        seen = dict(pol.obj.map("seen", key=IntCodec(4), value=IntCodec(8)).items())

    assert seen[Q.SCOPE_ID] == cgroups.cgroup_id("oom_test")
    # memcg.parent: oom_test -> the tree's root -> the cgroup v2 root, and the root's parent is None
    assert seen[Q.PARENT_ID] == cgroups.cgroup_id("")
    assert seen[Q.GRANDPARENT_ID] == os.stat(CGROUP_ROOT).st_ino
    assert seen[Q.DEPTH] == 2
    assert seen[Q.BIG_PARENT_IS_SCOPE] == 1
    # names: the cgroup's own directory name, compared exactly or by prefix
    assert seen[Q.NAMES] == Q.IS_OOM_TEST | Q.STARTS_OOM
    # task.rss / swap (no swap in the guest) / memcg
    assert seen[Q.TASK_PID] == big.proc.pid
    assert 30 * MB <= seen[Q.RSS] <= 30 * MB + 64 * MB
    assert abs(seen[Q.RSS] - rss_before) <= 4 * MB, (seen[Q.RSS], rss_before)
    assert seen[Q.SWAP] == 0
    assert seen[Q.TASK_MEMCG_ID] == cgroups.cgroup_id("oom_test/big")
    # victim_exiting: nobody was dying before the kill; the victim is, right after it
    assert seen[Q.EXITING_BEFORE] == 0
    assert seen[Q.KILLED] == 1
    assert seen[Q.EXITING_AFTER] == 1
    assert big.killed_by_sigkill()
    assert small.alive()
    assert cgroups.events("oom_test/big")["oom_kill"] == 1
