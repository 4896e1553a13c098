"""The library's policies as struct_ops handlers in the pyoombpf test VM (a kernel with ``bpf_oom_ops``).

Run with ``make vmtest VMTEST_ARGS="-m vm -v tests/policies"``.  Each policy is compiled in the guest against its
kernel's BTF, attached to ``oom_test`` (the cgroup whose OOM it decides), given preferences through its
``prefs`` map, and one ``out_of_memory()`` is declared on ``oom_test`` (``bpf_out_of_memory``: exactly one
decision).  The OMIT leaf and the AVOID leaf survive, the small leaf dies (whole, or its largest process, as the
policy's kill switch says), and simulate — on a snapshot of the same tree with the same maps — chooses the same.
The last test runs ``pyoombpf run --policy-lib systemd_oomd`` in struct_ops mode and sets systemd's xattrs after
it started: the kernel calls the policy directly there, so only the mirror can have put them into ``prefs``.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

import pyoombpf
from pyoombpf import policies
from pyoombpf.policies import AVOID, OMIT
from pyoombpf.service.xattrs import AVOID_XATTR, OMIT_XATTR
from pyoombpf.simulate import Scenario, simulate
from tests.bridge.v1 import stream_lines
from tests.vm.cgroups import Allocator, CgroupTree
from tests.vm.vmkernel import vm_test

from .scenarios import KILLS_CGROUP

pytestmark = vm_test

LEAVES = {"big": [40], "mid": [30], "small": [20, 8]}
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture
def cgroups() -> Iterator[CgroupTree]:
    with CgroupTree() as tree:
        yield tree


def build(cgroups: CgroupTree) -> dict[str, list[Allocator]]:
    cgroups.make("oom_test", parent_of_others=True)
    cgroups.set("oom_test", "memory.max", str(512 << 20))  # oc.totalpages: what the process rankings scale by
    procs = {}
    for leaf, sizes in LEAVES.items():
        cgroups.make(f"oom_test/{leaf}")
        procs[leaf] = [cgroups.spawn(f"oom_test/{leaf}", mb) for mb in sizes]
    return procs


def declare(cgroups: CgroupTree) -> None:
    from pyoombpf.testing import KernelFunction
    from tests.policy import declare_oom

    with KernelFunction(declare_oom.declare_oom) as oom:
        assert oom(cgroups.cgroup_id("oom_test"), 0, declare_oom.WAIT_ON_OOM_LOCK) == 1


def check(procs: dict[str, list[Allocator]], victims: list[Allocator]) -> None:
    for running in procs.values():
        for proc in running:
            if proc in victims:
                assert proc.killed_by_sigkill()
            else:
                assert proc.alive()


@pytest.mark.parametrize("name", policies.names())
def test_the_library_policy_decides_in_the_kernels_oom_path(name: str, cgroups: CgroupTree) -> None:
    from pyoombpf.modes.struct_ops import StructOpsPolicy

    procs = build(cgroups)
    prefs = {cgroups.cgroup_id("oom_test/big"): OMIT, cgroups.cgroup_id("oom_test/mid"): AVOID}
    fn = policies.policy(name)
    scenario = Scenario.from_system(cgroup=cgroups.path("oom_test"))
    sim = simulate(fn, scenario, maps={"prefs": prefs}, attach_cgroup=scenario.oom_cgroup)
    victims = procs["small"] if KILLS_CGROUP[name] else procs["small"][:1]
    assert sorted(v.pid for v in sim.victims) == sorted(p.proc.pid for p in victims), sim.table()
    with StructOpsPolicy(pyoombpf.compile(fn)) as loaded:
        for cgid, pref in prefs.items():
            loaded.map("prefs")[cgid] = pref
        loaded.attach(cgroups.path("oom_test"))
        declare(cgroups)
    check(procs, victims)


def test_xattrs_set_after_the_start_reach_a_struct_ops_policy(cgroups: CgroupTree) -> None:
    procs = build(cgroups)
    os.setxattr(cgroups.path("oom_test/big"), OMIT_XATTR, b"1")
    cmd = [sys.executable, "-m", "pyoombpf.cli", "run", "--policy-lib", "systemd_oomd", "--mode", "struct_ops"]
    run = subprocess.Popen(
        [*cmd, "--cgroup", cgroups.path("oom_test"), "--json"], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    seen: list[dict[str, Any]] = []
    try:
        assert run.stdout is not None
        lines = stream_lines(run.stdout, timeout=600)
        for line in lines:
            seen.append(json.loads(line))
            if seen[-1]["event"] == "start":
                break
        assert seen and seen[-1]["event"] == "start", seen
        os.setxattr(cgroups.path("oom_test/mid"), AVOID_XATTR, b"1")
        want = {cgroups.cgroup_id("oom_test/big"), cgroups.cgroup_id("oom_test/mid")}
        for line in lines:  # the mirror reports each preference it stored
            seen.append(json.loads(line))
            stored = {e["cgroup_id"] for e in seen if e["event"] == "preference" and e["preference"] != "none"}
            if want <= stored:
                break
        declare(cgroups)
        run.send_signal(signal.SIGINT)
        assert run.wait(timeout=120) == 0
    finally:
        if run.poll() is None:
            run.kill()
        run.wait()
    check(procs, procs["small"])


def test_the_test_kernel_lacks_bpf_cgroup_read_xattr() -> None:
    """Measured, not assumed: the struct_ops test kernel is built without CONFIG_BPF_LSM, so the kfunc behind
    memcg.xattr_flag() is absent and the library policies (which load above) read False there — systemd's xattrs
    reach them through pyoombpf run's mirror (the test above)."""
    from pyoombpf.btf.loader import vmlinux

    assert "bpf_cgroup_read_xattr" not in vmlinux().kfuncs()


@pytest.mark.parametrize("name", policies.names())
def test_the_library_policy_in_bridge_mode_on_cgroup_v2(name: str, cgroups: CgroupTree) -> None:
    """The same policy compiled for bridge mode, run once as the cgroup v2 relay runs it (the memory controller is
    on v2 in the guest): the same leaf dies."""
    from pyoombpf.bridge import abi
    from pyoombpf.runtime import BpfObject, BytesCodec, IntCodec

    procs = build(cgroups)
    compiled = pyoombpf.compile(policies.policy(name), mode="bridge")
    with BpfObject.open(compiled.elf, name=compiled.name) as obj:
        obj.load()
        key, value = compiled.map_codecs("prefs")
        prefs = obj.map("prefs", key=key, value=value)
        prefs[cgroups.cgroup_id("oom_test/big")] = OMIT
        prefs[cgroups.cgroup_id("oom_test/mid")] = AVOID
        oom = cgroups.cgroup_id("oom_test")
        ctx = abi.BridgeContext(memcg_id=oom, attach_cgroup_id=oom, totalpages=(512 << 20) // 4096, hierarchy_id=0)
        r = obj.program(compiled.symbol).test_run(ctx.encode())
        out = abi.BridgeContext.decode(r.ctx_out)
        kills = obj.map(abi.KILLS_MAP, IntCodec(4), BytesCodec(abi.KILL_SIZE))
        killed = sorted(abi.decode_kill(kills[i]).pid for i in range(min(out.nr_kills, abi.MAX_KILLS)))
    victims = procs["small"] if KILLS_CGROUP[name] else procs["small"][:1]
    assert (r.retval, out.status) == (1, abi.STATUS_OK)
    assert killed == sorted(p.proc.pid for p in victims)
    check(procs, victims)
