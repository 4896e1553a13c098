"""Scenario.from_system on real cgroup v1 memcgs with real processes (root), and on a cgroup v2-shaped tree."""

from __future__ import annotations

import os
import secrets
import select
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pyoombpf.runtime.cgroup import remove_cgroup
from pyoombpf.simulate import Scenario, simulate
from tests.waits import PATIENCE_S

from .helpers import MB, example

V1 = Path("/sys/fs/cgroup/memory")
ALLOC = (
    "import sys, time\n"
    "n = int(sys.argv[1]) << 20\n"
    "b = bytearray(n)\n"
    "for i in range(0, n, 4096): b[i] = 1\n"
    "print('ready', flush=True)\n"
    "time.sleep(600)\n"
)


def _v1_unavailable() -> str | None:
    if os.geteuid() != 0:
        return "needs root to create cgroup v1 memcgs"
    if not (V1 / "memory.usage_in_bytes").exists():
        return "needs the cgroup v1 memory controller at /sys/fs/cgroup/memory"
    return None


class Tree:
    """Throwaway memcgs under a unique name, with processes we started; torn down even when a test fails."""

    def __init__(self) -> None:
        self.top = V1 / f"pyoombpf-test-sim-{secrets.token_hex(4)}"
        self.procs: list[subprocess.Popen[str]] = []
        self.dirs: list[Path] = []

    def mkdir(self, rel: str, limit_mb: int | None = None) -> Path:
        d = self.top / rel if rel else self.top
        d.mkdir()
        self.dirs.append(d)
        if limit_mb is not None:
            (d / "memory.limit_in_bytes").write_text(str(limit_mb * MB))
        return d

    def spawn(self, rel: str, mb: int, adj: int = 0) -> subprocess.Popen[str]:
        procs = str(self.top / rel / "cgroup.procs")

        def enter() -> None:
            with open(procs, "w") as f:
                f.write(str(os.getpid()))
            if adj:
                with open(f"/proc/{os.getpid()}/oom_score_adj", "w") as f:
                    f.write(str(adj))

        p = subprocess.Popen(
            [sys.executable, "-c", ALLOC, str(mb)], stdout=subprocess.PIPE, text=True, preexec_fn=enter
        )
        self.procs.append(p)
        assert p.stdout is not None
        assert select.select([p.stdout], [], [], PATIENCE_S)[0], f"allocator in {rel} not ready in time"
        assert p.stdout.readline().strip() == "ready"
        return p

    def close(self) -> None:
        for p in self.procs:
            if p.poll() is None:
                p.kill()  # by the pid we started
            p.wait()
            if p.stdout:
                p.stdout.close()
        for d in reversed(self.dirs):  # a killed task leaves its memcg a moment after it is reaped (EBUSY)
            assert remove_cgroup(str(d), timeout=PATIENCE_S), f"{d} still busy"


@pytest.fixture
def tree() -> Iterator[Tree]:
    reason = _v1_unavailable()
    if reason:
        pytest.skip(reason)
    t = Tree()
    try:
        yield t
    finally:
        t.close()


@pytest.mark.kernel
def test_snapshot_of_real_v1_memcgs(tree: Tree) -> None:
    tree.mkdir("", limit_mb=256)
    for name in ("small", "big", "idle"):
        tree.mkdir(name)
    small = tree.spawn("small", 8)
    big = tree.spawn("big", 40, adj=500)
    sc = Scenario.from_system(str(tree.top))
    rel = tree.top.name
    assert sc.oom_cgroup == rel and sc.attach == ""
    assert set(sc.cgroups) == {"", rel, f"{rel}/small", f"{rel}/big", f"{rel}/idle"}
    assert sc.cgroups[rel].limit == 256 * MB and sc.totalpages == 256 * MB // 4096
    assert sc.cgroups[f"{rel}/big"].id == os.stat(tree.top / "big").st_ino
    assert sc.cgroups[f"{rel}/big"].usage >= 40 * MB > sc.cgroups[f"{rel}/small"].usage >= 8 * MB
    assert sc.cgroups[f"{rel}/idle"].tasks == []
    (t,) = sc.cgroups[f"{rel}/big"].tasks
    assert (t.pid, t.oom_score_adj, t.exiting) == (big.pid, 500, False)
    assert t.comm.startswith("python") and t.rss >= 40 * MB
    assert "NR_ANON_MAPPED" in sc.cgroups[f"{rel}/big"].stats and "MEMCG_OOM_KILL" in sc.cgroups[rel].stats

    res = simulate(example("largest_leaf").largest_leaf, sc)
    assert res.verdict == "handled" and [v.pid for v in res.victims] == [big.pid]
    assert small.poll() is None and big.poll() is None  # a simulation kills nothing
    replay = Scenario.loads(sc.dumps(), "snapshot.toml")  # a snapshot saved as a file replays the same
    assert [v.pid for v in simulate(example("largest_leaf").largest_leaf, replay).victims] == [big.pid]


@pytest.mark.kernel
def test_a_memcg_removed_while_its_files_are_read_is_left_out(tree: Tree, monkeypatch: pytest.MonkeyPatch) -> None:
    """A memcg removed between the open and the read of one of its files (the read answers ENODEV, not ENOENT) is
    left out of the snapshot like one removed before the walk reached it; the rest is read as usual."""
    from pyoombpf.simulate import live

    tree.mkdir("", limit_mb=128)
    tree.mkdir("kept")
    gone = tree.mkdir("gone")
    real_open = open

    def open_then_remove(path: str, *args: Any, **kwargs: Any) -> Any:
        f = real_open(path, *args, **kwargs)
        if os.path.dirname(path) == str(gone) and gone.is_dir():
            gone.rmdir()  # the file is open: its read meets a removed cgroup
        return f

    monkeypatch.setattr(live, "open", open_then_remove, raising=False)
    sc = Scenario.from_system(str(tree.top))
    rel = tree.top.name
    assert not gone.is_dir() and set(sc.cgroups) == {"", rel, f"{rel}/kept"}
    assert sc.cgroups[f"{rel}/kept"].usage is not None


@pytest.mark.kernel
def test_cli_live_reports_the_victim_without_killing(tree: Tree) -> None:
    from pyoombpf import cli_simulate

    tree.mkdir("", limit_mb=128)
    tree.mkdir("a")
    tree.mkdir("b")
    tree.spawn("a", 4)
    b = tree.spawn("b", 24)
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "pyoombpf.cli_simulate",
            str(Path(example("largest_leaf").__file__)),
            "--live",
            "--cgroup",
            tree.top.name,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert f"pid {b.pid} (python" in out.stdout and f"/{tree.top.name}/b" in out.stdout
    assert b.poll() is None
    assert cli_simulate.main([example("largest_leaf").__file__, "--live", "--cgroup", "/no/such/cgroup"]) == 1


def test_snapshot_of_a_v2_shaped_tree(tmp_path: Path) -> None:
    """cgroup v2 files (the memory controller is on v1 here, so the tree is written by the test)."""
    root = tmp_path / "cg"
    work = root / "work"
    leaf = work / "leaf"
    leaf.mkdir(parents=True)
    (root / "cgroup.controllers").write_text("memory\n")
    for d, cur in ((work, 64 * MB), (leaf, 48 * MB)):
        (d / "memory.current").write_text(f"{cur}\n")
        (d / "memory.max").write_text("max\n" if d is leaf else f"{80 * MB}\n")
        (d / "memory.stat").write_text(f"anon {40 * MB}\nfile {8 * MB}\npgscan_kswapd 17\npgscan_direct 3\n")
        (d / "memory.events").write_text("low 0\nhigh 2\nmax 5\noom 1\noom_kill 1\noom_group_kill 0\n")
        (d / "memory.swap.current").write_text("8192\n")
        (d / "memory.oom.group").write_text("1\n" if d is leaf else "0\n")
        (d / "cgroup.procs").write_text("")
    (leaf / "cgroup.procs").write_text(f"{os.getpid()}\n")
    sc = Scenario.from_system("work", root=str(root))
    spec = sc.cgroups["work/leaf"]
    assert spec.usage == 48 * MB and spec.limit is None and sc.cgroups["work"].limit == 80 * MB
    assert spec.stats["NR_FILE_PAGES"] == 8 * MB and spec.stats["PGSCAN_KSWAPD"] == 17
    assert spec.stats["MEMCG_OOM_KILL"] == 1 and spec.stats["MEMCG_MAX"] == 5 and spec.stats["MEMCG_SWAP"] == 8192
    assert spec.oom_group is True and sc.cgroups["work"].oom_group is False
    assert [t.pid for t in spec.tasks] == [os.getpid()]
    assert sc.totalpages == 80 * MB // 4096
    res = simulate(example("oomd_like").oomd_like, sc)
    assert res.cgroup("work/leaf").value("PGSCAN_KSWAPD") == 17 and res.victim_cgroups == ["/work/leaf"]
    assert res.maps["decisions"].data[example("oomd_like").KILLS] == 1


def test_a_cgroup_removed_during_the_snapshot_is_left_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a busy machine cgroups come and go while the whole hierarchy is read (`simulate --live` without
    --cgroup): one that vanishes between listing and reading is left out with its subtree, not an error."""
    from pyoombpf.simulate import live

    root = tmp_path / "cg"
    for rel in ("stays", "goes", "goes/child"):
        d = root / rel
        d.mkdir(parents=True)
        (d / "memory.current").write_text(f"{MB}\n")
        (d / "cgroup.procs").write_text("")
    (root / "cgroup.controllers").write_text("memory\n")
    real = live._cgroup

    def racing(base: str, path: str, *args: object, **kw: object) -> object:
        if path == "goes":
            raise FileNotFoundError(2, "No such file or directory", os.path.join(base, path))
        return real(base, path, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(live, "_cgroup", racing)
    sc = Scenario.from_system("/", root=str(root))
    assert sorted(sc.cgroups) == ["", "stays"]
