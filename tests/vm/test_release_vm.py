"""pyoombpf's experimental releaser kfunc, ``bpf_oom_reclaim_memcg``, through ``oc.reclaim`` in a Python policy
compiled with ``@oom_handler(experimental=True)`` (docs/test-kernel.md, "pyoombpf's proposal beyond upstream v3").

The OOM is declared with ``bpf_out_of_memory`` (the ``declare`` fixture): the kernel has not reclaimed anything
for it, so the cgroup still holds clean page cache — a reader process's cache of a file of the host (9p,
``cache=loose``).  Reclaiming it frees memory without a kill; asking for more than there is leaves the OOM to the
kernel's killer, because the kfunc marks the OOM handled only when it freed what was asked.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator

import pytest

from pyoombpf import PASS, ArrayMap, OomControl, Verdict, oom_handler, u64
from pyoombpf.compiler import compile as pcompile

from .cgroups import MB, CgroupTree
from .vmkernel import vm_test

pytestmark = vm_test

stats = ArrayMap(u64, max_entries=4)
RUNS, HANDLED = 0, 1
SMALL = 16 << 20
HUGE = 1 << 40


@oom_handler(name="reclaim_small", experimental=True)
def reclaim_small(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    stats[RUNS] += 1
    v = oc.reclaim(scope, SMALL)
    if v:
        stats[HANDLED] += 1
        return v
    return PASS


@oom_handler(name="reclaim_huge", experimental=True)
def reclaim_huge(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    stats[RUNS] += 1
    v = oc.reclaim(scope, HUGE)
    if v:
        stats[HANDLED] += 1
        return v
    return PASS


# Read N MiB of a file into the page cache (charged to this process's cgroup), say "ready", wait for stdin.
_READ = """\
import sys
with open(sys.argv[1], "rb", buffering=0) as f:
    left = int(sys.argv[2]) << 20
    while left > 0:
        chunk = f.read(min(left, 1 << 20))
        if not chunk:
            break
        left -= len(chunk)
print("ready", flush=True)
sys.stdin.read()
"""


def _big_file() -> str:
    """A file of the host of at least 64 MiB (the guest sees the host's filesystem read-only)."""
    import llvmlite.binding

    path = os.path.join(os.path.dirname(llvmlite.binding.__file__), "libllvmlite.so")
    if not os.path.exists(path) or os.path.getsize(path) < 64 * MB:
        pytest.skip(f"needs a file of 64 MiB or more to fill the page cache with ({path})")
    return path


@pytest.fixture
def reader(cgroups: CgroupTree) -> Iterator[subprocess.Popen[bytes]]:
    cgroups.make("rec")
    cgroup = cgroups.path("rec")

    def enter() -> None:
        with open(os.path.join(cgroup, "cgroup.procs"), "w") as f:
            f.write(str(os.getpid()))

    proc = subprocess.Popen(
        [sys.executable, "-c", _READ, _big_file(), "64"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        preexec_fn=enter,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == b"ready"
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()


def test_reclaiming_page_cache_handles_the_oom_without_a_kill(
    cgroups: CgroupTree, reader: subprocess.Popen[bytes], declare: Callable[..., int]
) -> None:
    from pyoombpf.modes.struct_ops import StructOpsPolicy

    file_before = cgroups.stat("rec")["file"]
    assert file_before >= 32 * MB, cgroups.stat("rec")
    with StructOpsPolicy(pcompile(reclaim_small)) as policy:
        policy.attach(cgroups.path("rec"))
        declare(cgroups.cgroup_id("rec"))
        m = policy.map("stats")
        assert (m[RUNS], m[HANDLED]) == (1, 1)
    assert reader.poll() is None, "the reader died: the reclaim did not count as handled"
    assert cgroups.events("rec")["oom_kill"] == 0
    assert file_before - cgroups.stat("rec")["file"] >= SMALL - MB  # page cache went, not a process


def test_asking_for_more_than_can_be_reclaimed_leaves_the_oom_to_the_kernel(
    cgroups: CgroupTree, reader: subprocess.Popen[bytes], declare: Callable[..., int]
) -> None:
    from pyoombpf.modes.struct_ops import StructOpsPolicy

    with StructOpsPolicy(pcompile(reclaim_huge)) as policy:
        policy.attach(cgroups.path("rec"))
        declare(cgroups.cgroup_id("rec"))
        m = policy.map("stats")
        assert (m[RUNS], m[HANDLED]) == (1, 0)  # it reclaimed, but not 1 TiB: not handled
    reader.wait(timeout=60)
    assert reader.returncode == -9 and cgroups.events("rec")["oom_kill"] == 1  # the kernel's killer acted
