"""Properties of simulate mode on generated trees, against an independent reference of the example policy."""

from __future__ import annotations

import ast
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pyoombpf.simulate import Scenario, TaskSpec, simulate

from .helpers import MB, example

LEAF = st.tuples(
    st.integers(0, 64),  # rss in MiB
    st.integers(0, 16),  # file in MiB
    st.booleans(),  # holds an unkillable task
    st.integers(0, 3),  # tasks
)


def _tree(shape: list[list[tuple[int, int, bool, int]]]) -> Scenario:
    sc = Scenario(oom_cgroup="w")
    sc.cgroup("w", limit=1 << 30)
    pid = 100
    for g, leaves in enumerate(shape):
        sc.cgroup(f"w/g{g}")
        for i, (rss, file, unkillable, ntasks) in enumerate(leaves):
            tasks = []
            for t in range(ntasks):
                pid += 1
                tasks.append(TaskSpec(pid, rss=rss * MB, oom_score_adj=-1000 if unkillable and t == 0 else 0))
            sc.cgroup(f"w/g{g}/l{i}", file=file * MB, tasks=tasks)
    return sc


def _reference_victim(sc: Scenario) -> str | None:
    """largest_leaf written directly over the scenario data: post-order leaves, strict '>' keeps the first."""
    best, best_usage = None, 0
    leaves = [p for p in sc.cgroups if p.startswith("w/") and not any(q.startswith(p + "/") for q in sc.cgroups)]
    order = sorted(leaves, key=lambda p: [int(x[1:]) for x in p.split("/")[1:]])
    for p in order:
        c = sc.cgroups[p]
        usage = sum(t.rss for t in c.tasks) + (c.file or 0)
        anon = usage - (c.file or 0)
        if anon > best_usage and not any(t.oom_score_adj == -1000 for t in c.tasks):
            best, best_usage = p, anon
    return best


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(LEAF, min_size=0, max_size=4), min_size=1, max_size=4))
def test_largest_leaf_matches_a_direct_reference(shape: list[list[tuple[int, int, bool, int]]]) -> None:
    sc = _tree(shape)
    res = simulate(example("largest_leaf").largest_leaf, sc)
    want = _reference_victim(sc)
    killable = want is not None and any(t.oom_score_adj != -1000 for t in sc.cgroups[want].tasks)
    if want is None or not killable:
        assert res.verdict == "pass" and res.victims == []
    else:
        assert res.verdict == "handled" and res.victim_cgroups == [f"/{want}"]
        assert sorted(v.pid for v in res.victims) == sorted(t.pid for t in sc.cgroups[want].tasks)
    # every cgroup below the scope was visited exactly once by the walk, leaves before parents
    walked = [c.cgroup for c in res.candidates if c.visits]
    assert sorted(walked) == sorted(["/w"] + [f"/{p}" for p in sc.cgroups if p.startswith("w/")])
    assert walked[-1] == "/w" and all(c.visits == 1 for c in res.candidates)


def test_live_snapshot_code_only_reads() -> None:
    """The snapshot path never opens a file for writing (it must not touch /sys/fs/cgroup)."""
    import pyoombpf.simulate.live as live

    tree = ast.parse(Path(live.__file__).read_text())
    opens = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", None) == "open"]
    assert opens, "the snapshot reads files with open()"
    for call in opens:
        modes = [a.value for a in call.args[1:2] if isinstance(a, ast.Constant)]
        modes += [k.value.value for k in call.keywords if k.arg == "mode" and isinstance(k.value, ast.Constant)]
        assert all(set(str(m)) <= {"r", "b", "t"} for m in modes), ast.unparse(call)
    names = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    assert not names & {"write", "write_text", "setxattr", "kill", "mkdir", "rmdir", "unlink"}


def test_scenarios_built_in_code() -> None:
    sc = Scenario(oom_cgroup="a")
    sc.cgroup("a/b/c", usage=5 * MB, tasks=[{"pid": 7, "comm": "x"}])
    assert set(sc.cgroups) == {"a", "a/b", "a/b/c"}
    assert sc.cgroup("a/b/c").tasks[0].pid == 7  # a path alone returns the existing cgroup
    res = simulate(example("largest_leaf").largest_leaf, sc)
    assert res.victims[0].pid == 7 and res.cgroup("a/b").value("is_leaf") is False
