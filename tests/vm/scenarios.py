"""Cgroup trees with allocators shared by the VM tests."""

from __future__ import annotations

from .cgroups import Allocator, CgroupTree


def largest_leaf_tree(cg: CgroupTree) -> dict[str, Allocator]:
    """The reference tree (sizes in MiB): cg1 10 (+1000), cg2 40 (-1000), cg3/{cg4 30, cg5 20}."""
    cg.make("oom_test", parent_of_others=True)
    for rel in ("oom_test/cg1", "oom_test/cg2", "oom_test/cg3"):
        cg.make(rel, parent_of_others=rel.endswith("cg3"))
    cg.make("oom_test/cg3/cg4")
    cg.make("oom_test/cg3/cg5")
    return {
        "cg1": cg.spawn("oom_test/cg1", 10, oom_score_adj=1000),
        "cg2": cg.spawn("oom_test/cg2", 40, oom_score_adj=-1000),
        "cg4": cg.spawn("oom_test/cg3/cg4", 30),
        "cg5": cg.spawn("oom_test/cg3/cg5", 20),
    }


def two_leaves(cg: CgroupTree) -> dict[str, Allocator]:
    """Two leaves; the kernel would pick "small" (oom_score_adj 1000), largest_leaf picks "big"."""
    cg.make("oom_test", parent_of_others=True)
    cg.make("oom_test/small")
    cg.make("oom_test/big")
    return {
        "small": cg.spawn("oom_test/small", 10, oom_score_adj=1000),
        "big": cg.spawn("oom_test/big", 30),
    }


OOMD_SIZES = {"critical": 34, "batch-a": 46, "batch-b": 30, "batch-c": 22, "unkillable": 26}


def oomd_tree(cg: CgroupTree) -> dict[str, Allocator]:
    """The oomd-like reference tree (MiB) under oom_test; "unkillable" holds a -1000 task."""
    cg.make("oom_test", parent_of_others=True)
    procs = {}
    for name, mb in OOMD_SIZES.items():
        cg.make(f"oom_test/{name}")
        procs[name] = cg.spawn(f"oom_test/{name}", mb, oom_score_adj=-1000 if name == "unkillable" else 0)
    return procs
