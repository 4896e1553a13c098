"""Scenario.from_system keeps the kernel's orders where the files show them (no kernel needed)."""

from __future__ import annotations

import os
from pathlib import Path

from pyoombpf.simulate import Scenario


def test_v2_tasks_keep_cgroup_procs_order(tmp_path: Path) -> None:
    """v2 prints cgroup.procs in the task iterator's order (join order), not sorted: keep it, so a policy that
    kills the first task of memcg.tasks() is simulated on the task the kernel would give it."""
    root = tmp_path / "cg"
    leaf = root / "work" / "leaf"
    leaf.mkdir(parents=True)
    (root / "cgroup.controllers").write_text("memory\n")
    for d in (root / "work", leaf):
        (d / "memory.current").write_text("0\n")
        (d / "cgroup.procs").write_text("")
    later, earlier = sorted([os.getpid(), os.getppid()])[::-1]  # the larger pid joined first
    (leaf / "cgroup.procs").write_text(f"{later}\n{earlier}\n")
    sc = Scenario.from_system("work", root=str(root))
    assert [t.pid for t in sc.cgroups["work/leaf"].tasks] == [later, earlier]
