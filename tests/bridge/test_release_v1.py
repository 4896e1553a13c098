"""Release actions on real OOMs in throwaway v1 memcgs: the relay drops disposable files, reclaims page cache or
freezes a cgroup for the policy, measures what that freed, and falls back to the policy's next choice (a kill)
when it was not enough.  Never a process of the workload dies when dropping files was enough, and nothing outside
the declared directory (or behind a symlink) is ever deleted.

Tree (attach point ``T``)::

    T                256 MiB
      workload/      128 MiB  (the OOM is here)
        cache/       the tmpfs files are written from here, so their pages are charged to it
        hog/         40 MiB of anonymous memory (the kill when releasing was not enough)
        alloc/       the allocating task: 80 MiB, which only fits once memory was released
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pyoombpf.bridge.events import Event
from pyoombpf.bridge.policy import BridgePolicy
from pyoombpf.bridge.release import DropDir, ReleaseConfigError
from pyoombpf.files import import_file

from .v1 import MB, V1Tree, drive

pytestmark = pytest.mark.kernel

POLICIES = Path(__file__).parent / "policies" / "release.py"
# Write N files of M MiB each into a directory, then exit (the pages stay charged to the writer's memcg).
_WRITE = """\
import os, sys
d, n, mb = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
block = b"x" * (1 << 20)
for i in range(n):
    with open(os.path.join(d, f"part{i}.bin"), "wb") as f:
        for _ in range(mb):
            f.write(block)
"""


def compiled(name: str) -> object:
    import pyoombpf

    return pyoombpf.compile(getattr(import_file(str(POLICIES)), name), mode="bridge")


@pytest.fixture(scope="module")
def drop_then_kill() -> object:
    return compiled("drop_then_kill")


@pytest.fixture
def shm() -> Iterator[Path]:
    """A directory on tmpfs (/dev/shm) of our own, removed afterwards."""
    root = Path("/dev/shm") / f"pyoombpf-test-{secrets.token_hex(4)}"
    root.mkdir()
    try:
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def workload(tree: V1Tree) -> Iterator[V1Tree]:
    tree.limit(tree.root, 256)
    tree.make("workload", limit_mb=128)
    for leaf in ("cache", "hog", "alloc"):
        tree.make(f"workload/{leaf}")
    yield tree


def write_files(tree: V1Tree, rel: str, directory: Path, n: int, mb: int) -> None:
    """Write the files from a process inside memcg ``rel`` (so the tmpfs pages are charged there)."""
    cgroup = tree.path(rel)

    def enter() -> None:
        with open(os.path.join(cgroup, "cgroup.procs"), "w") as f:
            f.write(str(os.getpid()))

    subprocess.run([sys.executable, "-c", _WRITE, str(directory), str(n), str(mb)], check=True, preexec_fn=enter)


def usage(tree: V1Tree, rel: str) -> int:
    with open(os.path.join(tree.path(rel), "memory.usage_in_bytes")) as f:
        return int(f.read())


def kinds(events: list[Event], kind: str) -> list[Event]:
    return [e for e in events if e.kind == kind]


def test_dropping_files_frees_the_memory_and_no_process_dies(
    workload: V1Tree, shm: Path, drop_then_kill: object
) -> None:
    t = workload
    cache = shm / "cache"
    cache.mkdir()
    precious = shm / "precious.bin"  # outside the declared directory: must survive
    precious.write_bytes(b"p" * MB)
    (cache / "link-to-precious").symlink_to(precious)  # a planted symlink: neither it nor its target go
    (cache / "state.keep").write_bytes(b"k" * 4096)  # kept by the declaration's glob
    write_files(t, "workload/cache", cache, 6, 10)  # 60 MiB of tmpfs charged to workload/cache
    assert usage(t, "workload/cache") >= 55 * MB
    hog = t.spawn("workload/hog", 40)
    events: list[Event] = []
    dirs = {"cache": DropDir(str(cache), "largest", ("*.keep",))}
    with BridgePolicy(drop_then_kill, t.root, on_event=events.append, lock_memory=False, release=dirs) as policy:
        alloc = t.spawn("workload/alloc", 60, wait=False)
        assert drive(policy, alloc.finished), f"the allocator never completed: {[e.to_json() for e in events]}"
    assert alloc.alive() and hog.alive(), [e.to_json() for e in events]
    assert not kinds(events, "kill") and not kinds(events, "failsafe"), [e.to_json() for e in events]
    releases = kinds(events, "release")
    assert releases and releases[0]["action"] == "drop_files" and releases[0]["freed"] >= 10 * MB, releases
    assert any(e.kind == "freed" and e["by"] == "release" for e in events), [e.to_json() for e in events]
    assert precious.read_bytes() == b"p" * MB
    assert (cache / "link-to-precious").is_symlink() and (cache / "state.keep").exists()
    assert len(list(cache.glob("part*.bin"))) < 6  # some were deleted, largest first: not necessarily all


def test_without_disposable_files_the_policy_falls_back_to_a_kill(
    workload: V1Tree, shm: Path, drop_then_kill: object
) -> None:
    t = workload
    empty = shm / "cache"
    empty.mkdir()
    (empty / "link").symlink_to("/etc/hostname")  # nothing deletable: only a symlink
    hog = t.spawn("workload/hog", 70)
    events: list[Event] = []
    dirs = {"cache": DropDir(str(empty))}
    with BridgePolicy(drop_then_kill, t.root, on_event=events.append, lock_memory=False, release=dirs) as policy:
        alloc = t.spawn("workload/alloc", 80, wait=False)
        assert drive(policy, alloc.finished), f"the allocator never completed: {[e.to_json() for e in events]}"
    assert hog.killed() and alloc.alive()
    [rel] = kinds(events, "release")
    assert (rel["action"], rel["freed"], rel["error"]) == ("drop_files", 0, "nothing to drop"), rel.to_json()
    verdicts = [e["verdict"] for e in kinds(events, "verdict")]
    assert verdicts[:2] == ["release", "killed"], verdicts
    [kill] = kinds(events, "kill")
    assert kill["pid"] == hog.pid and kill["reason"] == "nothing left to drop"
    assert (empty / "link").is_symlink() and os.path.exists("/etc/hostname")


def test_an_undeclared_tag_is_refused_before_anything_starts(workload: V1Tree, drop_then_kill: object) -> None:
    t = workload
    with pytest.raises(ReleaseConfigError, match=r"drops files tagged cache.*\[release\.cache\]"):
        BridgePolicy(drop_then_kill, t.root, lock_memory=False, release={})
    assert t.oom_control("workload")["oom_kill_disable"] == 0  # nothing was changed


def test_a_symlinked_directory_is_refused(workload: V1Tree, shm: Path, drop_then_kill: object) -> None:
    real = shm / "real"
    real.mkdir()
    (shm / "alias").symlink_to(real)
    with pytest.raises(ReleaseConfigError, match="is a symlink"):
        BridgePolicy(drop_then_kill, workload.root, lock_memory=False, release={"cache": DropDir(str(shm / "alias"))})
