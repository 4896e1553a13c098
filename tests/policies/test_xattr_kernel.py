"""``memcg.xattr_flag(NAME)``: systemd's preference xattrs read in the kernel (``bpf_cgroup_read_xattr`` from the
bridge's SYSCALL program, on real v1 memory cgroups), equal to the Python model's reading (simulate)."""

from __future__ import annotations

import os

import pytest

from pyoombpf.bridge.memcg_v1 import v1_memory_root
from pyoombpf.simulate import Scenario, simulate
from tests.bridge.v1 import V1Tree
from tests.differential.harness import BridgeProgram

from .xattr_probe import xattr_probe

CASES = {  # leaf: (xattrs, owner uid, what the kernel reads)
    "omit": ({"user.oomd_omit": b"1"}, 0, 1),
    "avoid": ({"user.oomd_avoid": b"1"}, 0, 2),
    "both": ({"user.oomd_omit": b"1", "user.oomd_avoid": b"1"}, 0, 3),
    "zero": ({"user.oomd_omit": b"0"}, 0, 0),
    "yes": ({"user.oomd_avoid": b"yes"}, 0, 0),  # only "1", what systemd writes (the mirror reads the rest)
    "delegated": ({"user.oomd_omit": b"1"}, 1000, 0),  # not owned by root: as systemd-oomd, ignored
    "none": ({}, 0, 0),
}


@pytest.mark.kernel
@pytest.mark.skipif(v1_memory_root() is None, reason="no cgroup v1 memory hierarchy (the test cgroups live there)")
def test_the_kernel_reads_systemds_xattrs_as_the_model_does() -> None:
    with V1Tree(limit_mb=None) as tree, BridgeProgram(xattr_probe) as prog:
        for leaf, (xattrs, uid, _) in CASES.items():
            tree.make(leaf)
            for name, value in xattrs.items():
                os.setxattr(tree.path(leaf), name, value)
            os.chown(tree.path(leaf), uid, 0)
        run = prog.run(tree.cgroup_id(), 1000, attach_id=tree.cgroup_id())
        assert run.verdict == "pass"
        key, value = prog.compiled.map_codecs("flags")
        flags = prog.obj.map("flags", key=key, value=value)
        kernel = {leaf: flags[tree.cgroup_id(leaf)] for leaf in CASES}
        assert kernel == {leaf: want for leaf, (_, _, want) in CASES.items()}
        scenario = Scenario.from_system(cgroup=tree.root)  # xattrs and owners included
    sim = simulate(xattr_probe, scenario)
    assert {leaf: sim.maps["flags"].data[scenario.id_of(f"{scenario.oom_cgroup}/{leaf}")] for leaf in CASES} == kernel


def test_the_model_reads_only_1_on_root_owned_cgroups() -> None:
    sc = Scenario.loads(
        """
[oom]
cgroup = "w"
[cgroup.w]
limit = "64M"
[cgroup."w/a"]
xattrs = { "user.oomd_omit" = "1", "user.oomd_avoid" = "1" }
[cgroup."w/b"]
xattrs = { "user.oomd_avoid" = "true" }
""",
        "<xattrs>",
    )
    sim = simulate(xattr_probe, sc)
    assert sim.maps["flags"].data == {sc.id_of("w"): 0, sc.id_of("w/a"): 3, sc.id_of("w/b"): 0}
