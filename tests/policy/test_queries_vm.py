"""The cgroup/task queries of the policy language, in the kernel (test VM: ``make vmtest``).

One OOM decision (``bpf_out_of_memory`` on oom_test) runs tests/policy/progs_queries.py attached above it; its
answers, written to the ``seen`` map, are compared with what user space knows about the same cgroups and task.
The policy passed the verifier to get here: ``memcg.parent``/``task.memcg`` hand RCU-protected pointers to
``bpf_get_mem_cgroup`` on every path, ``oc.victim_exiting`` walks under RCU with every reference put.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
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


# Runs the loaded declare_oom program (fd inherited) once with BPF_PROG_RUN, from inside a cgroup: a raw bpf()
# syscall (BPF_PROG_TEST_RUN = 10; bpf_attr.test: prog_fd @0, ctx_size_in @40, ctx_in @48), no imports of ours.
_DECLARE_FROM_CHILD = """
import ctypes, struct, sys
fd, cgid, order, flags = (int(a) for a in sys.argv[1:5])
ctx = ctypes.create_string_buffer(struct.pack("<4Q", cgid, order, flags, 0), 32)
attr = ctypes.create_string_buffer(80)
struct.pack_into("<I", attr, 0, fd)
struct.pack_into("<I", attr, 40, 32)
struct.pack_into("<Q", attr, 48, ctypes.addressof(ctx))
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
print(libc.syscall(321, 10, attr, 80), ctypes.get_errno(), flush=True)
"""


def _declare_from(cgroup: str, prog_fd: int, cgroup_id: int, flags: int) -> subprocess.Popen[bytes]:
    def enter() -> None:
        with open(os.path.join(cgroup, "cgroup.procs"), "w") as f:
            f.write(str(os.getpid()))

    return subprocess.Popen(
        [sys.executable, "-c", _DECLARE_FROM_CHILD, str(prog_fd), str(cgroup_id), "0", str(flags)],
        pass_fds=(prog_fd,),
        stdout=subprocess.PIPE,
        preexec_fn=enter,
    )


def test_queries_answer_like_user_space(cgroups: CgroupTree) -> None:
    """The OOM is declared by a process inside "big": the policy kills it too, and it cannot finish dying while
    it is still running the handler — so right after the kill a victim of the scope is exiting, for certain."""
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
        fd = declare._prog.fd
        child = _declare_from(
            cgroups.path("oom_test/big"), fd, cgroups.cgroup_id("oom_test"), declare_oom.WAIT_ON_OOM_LOCK
        )
        try:
            out, _ = child.communicate(timeout=300)
        finally:
            child.kill()
        seen = dict(pol.obj.map("seen", key=IntCodec(4), value=IntCodec(8)).items())
    assert child.returncode == -signal.SIGKILL, out  # the declaring process was a victim itself

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
    # victim_exiting: nobody was dying before the kill; right after it the declaring process is
    assert seen[Q.EXITING_BEFORE] == 0
    assert seen[Q.KILLED] == 1
    assert seen[Q.EXITING_AFTER] == 1
    assert big.killed_by_sigkill()
    assert small.alive()
    assert cgroups.events("oom_test/big")["oom_kill"] == 2  # the allocator and the declaring process


def test_task_memcg_of_a_cgroup_without_memory_controller(cgroups: CgroupTree) -> None:
    """outer has a memory controller, outer/inner does not (outer enables none for its children): the task in
    inner is charged to outer's memcg, and task.memcg finds it by walking up from inner."""
    from pyoombpf.runtime import IntCodec
    from pyoombpf.testing import KernelFunction

    from . import declare_oom

    cgroups.make("outer")
    cgroups.make("outer/inner")
    assert os.path.exists(os.path.join(cgroups.path("outer"), "memory.current"))
    assert not os.path.exists(os.path.join(cgroups.path("outer/inner"), "memory.current"))
    proc = cgroups.spawn("outer/inner", 20)
    obj = pcompile(Q.task_memcg_probe)
    with Attached(obj.elf, "task_memcg_probe") as pol, KernelFunction(declare_oom.declare_oom) as declare:
        pol.attach(cgroups.root)
        assert declare(cgroups.cgroup_id("outer"), 0, declare_oom.WAIT_ON_OOM_LOCK) == 1
        found = dict(pol.obj.map("found", key=IntCodec(4), value=IntCodec(8)).items())
    assert found[Q.FOUND_PID] == proc.proc.pid
    assert found[Q.FOUND_MEMCG_ID] == cgroups.cgroup_id("outer")
    assert found[Q.FOUND_ROOT_HAS_NO_PARENT] == 1
    assert proc.killed_by_sigkill()  # the policy passed: the kernel killed the only task of outer
