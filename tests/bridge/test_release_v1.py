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

import contextlib
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
from pyoombpf.runtime.cgroup import remove_cgroup
from tests.waits import PATIENCE_S, wait_until

from .v1 import MB, V1Tree, drive, read

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


def stopped(pid: int) -> bool:
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(") ", 1)[1][0] == "T"


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
    cached = usage(t, "workload/cache")
    assert cached >= 55 * MB
    hog = t.spawn("workload/hog", 40)
    events: list[Event] = []
    dirs = {"cache": DropDir(str(cache), "largest", ("*.keep",))}
    with BridgePolicy(drop_then_kill, t.root, on_event=events.append, lock_memory=False, release=dirs) as policy:
        alloc = t.spawn("workload/alloc", 60, wait=False)
        assert drive(policy, alloc.finished), f"the allocator never completed: {[e.to_json() for e in events]}"
    assert alloc.alive() and hog.alive(), [e.to_json() for e in events]
    assert not kinds(events, "kill") and not kinds(events, "failsafe"), [e.to_json() for e in events]
    releases = kinds(events, "release")
    assert releases and releases[0]["action"] == "drop_files" and releases[0]["deleted_bytes"] >= 10 * MB, (
        releases
    )  # one 10 MiB file at least; the usage moves meanwhile
    # `freed` (the OOMing memcg's usage before and after) may be 0 on v1: the woken allocator charges again at
    # once (docs/bridge.md). The files' own memcg has no allocator: the deleted bytes left it for good.
    assert releases[0]["freed"] >= 0
    assert usage(t, "workload/cache") <= cached - releases[0]["deleted_bytes"] + MB, releases
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


# Write M MiB to a file on the root filesystem (ext4) and fsync it: clean page cache charged to the writer's memcg.
_PAGE_CACHE = """\
import os, sys
with open(sys.argv[1], "wb") as f:
    block = b"y" * (1 << 20)
    for _ in range(int(sys.argv[2])):
        f.write(block)
    f.flush()
    os.fsync(f.fileno())
"""


def test_v1_reclaim_by_amount_frees_page_cache_and_keeps_the_limit(workload: V1Tree, tmp_path: Path) -> None:
    """The v1 equivalent of memory.reclaim: a temporary lower limit makes the kernel reclaim clean page cache;
    the limit is written back."""
    from pyoombpf.bridge.release import reclaim

    t = workload
    cgroup = t.path("workload/cache")

    def enter() -> None:
        with open(os.path.join(cgroup, "cgroup.procs"), "w") as f:
            f.write(str(os.getpid()))

    target = tmp_path / "cache.bin"
    subprocess.run([sys.executable, "-c", _PAGE_CACHE, str(target), "48"], check=True, preexec_fn=enter)
    before = usage(t, "workload/cache")
    assert before >= 40 * MB
    with open(os.path.join(cgroup, "memory.limit_in_bytes")) as f:
        limit = f.read()
    assert reclaim(cgroup, 32 * MB, v2=False) == ""
    assert before - usage(t, "workload/cache") >= 32 * MB - 2 * MB  # page-rounded; the kernel may take a bit more
    with open(os.path.join(cgroup, "memory.limit_in_bytes")) as f:
        assert f.read() == limit


def test_a_reclaim_that_frees_too_little_falls_back_to_the_kill(workload: V1Tree, shm: Path) -> None:
    """tmpfs pages cannot be reclaimed without swap: the reclaim frees (almost) nothing, the kernel refuses the
    lower limit (nothing changed), and the re-run policy kills its next choice."""
    t = workload
    write_files(t, "workload/cache", shm, 4, 10)  # 40 MiB of tmpfs in workload/cache: not reclaimable here
    hog = t.spawn("workload/hog", 50)
    events: list[Event] = []
    with BridgePolicy(compiled("reclaim_then_kill"), t.root, on_event=events.append, lock_memory=False) as policy:
        alloc = t.spawn("workload/alloc", 60, wait=False)
        assert drive(policy, alloc.finished), f"the allocator never completed: {[e.to_json() for e in events]}"
    assert hog.killed() and alloc.alive()
    [rel] = kinds(events, "release")
    assert rel["action"] == "reclaim" and rel["target"] == t.path("workload/cache"), rel.to_json()
    assert rel["freed"] < 32 * MB and rel["error"], rel.to_json()
    assert [e["verdict"] for e in kinds(events, "verdict")][:2] == ["release", "killed"]
    assert t.oom_control("workload")["oom_kill_disable"] == 0  # restored on close
    with open(os.path.join(t.path("workload/cache"), "memory.limit_in_bytes")) as f:
        assert int(f.read()) > 1 << 40  # the cache memcg's own limit was never lowered for good (unlimited)


def test_a_frozen_cgroup_that_goes_away_is_reported_and_nothing_stays_stopped(workload: V1Tree) -> None:
    """freeze (no freezer cgroup at the memcg's path here: SIGSTOP), then the re-run kills the frozen hog; its
    cgroup is removed before the bound: the relay reports it gone instead of acting on it."""
    t = workload
    hog = t.spawn("workload/hog", 70)
    events: list[Event] = []
    with BridgePolicy(compiled("freeze_then_kill"), t.root, on_event=events.append, lock_memory=False) as policy:
        alloc = t.spawn("workload/alloc", 80, wait=False)
        assert drive(policy, alloc.finished), f"the allocator never completed: {[e.to_json() for e in events]}"
        assert hog.killed()
        os.rmdir(t.path("workload/hog"))
        assert drive(policy, lambda: bool(kinds(events, "thawed")), timeout=30)
    [rel] = kinds(events, "release")
    assert (rel["action"], rel["seconds"], rel["then"], rel["error"]) == ("freeze", 2, "kill", ""), rel.to_json()
    [thawed] = kinds(events, "thawed")
    assert thawed["outcome"] == "gone" and thawed["cgroup"] == t.path("workload/hog")
    assert alloc.alive()


def test_a_frozen_cgroup_is_thawed_when_its_time_is_up(workload: V1Tree) -> None:
    """The relay's freezer on its own: frozen by SIGSTOP, thawed after the bound, and thawed on close."""
    import time

    from pyoombpf.bridge.release import Freezer

    t = workload
    proc = t.spawn("workload/hog", 4)
    freezer = Freezer(v2=False, memory_root=os.path.dirname(t.root))
    assert freezer.freeze(t.path("workload/hog"), 1, "thaw") == ""
    assert wait_until(lambda: stopped(proc.pid))  # signals are delivered asynchronously
    assert freezer.expire(time.monotonic()) == []
    [(entry, outcome)] = freezer.expire(time.monotonic() + 2)
    assert outcome == "thawed" and entry.stopped == [proc.pid]
    assert wait_until(lambda: not stopped(proc.pid))
    assert freezer.freeze(t.path("workload/hog"), 60, "kill") == ""
    assert freezer.close() == 1 and proc.alive()  # closing thaws, never kills


def test_the_watchdog_undoes_what_release_actions_left_when_the_relay_is_gone(workload: V1Tree, tmp_path: Path) -> None:
    """A relay killed between the two writes of a v1 reclaim, or with a cgroup frozen: the watchdog writes the old
    limit back and continues the stopped processes (its ``undo`` messages; a ``done`` one is forgotten)."""
    import signal

    from pyoombpf.bridge.watchdog import DONE, UNDO, Guard, decode, encode

    t = workload
    proc = t.spawn("workload/hog", 4)
    os.kill(proc.pid, signal.SIGSTOP)
    assert wait_until(lambda: stopped(proc.pid))
    limit = tmp_path / "limit"
    limit.write_text("lowered")
    forgotten = tmp_path / "forgotten"
    forgotten.write_text("as it was")
    guard = Guard(t.root, t.cgroup_id(), 1.0, os.getpid())
    for msg in (
        (UNDO, "frozen:x", "cont", str(proc.pid)),
        (UNDO, "limit:x", "write", str(limit), "134217728"),
        (UNDO, "limit:y", "write", str(forgotten), "0"),
        (DONE, "limit:y"),
    ):
        decoded = decode(encode(*msg))  # as the pipe carries them
        assert decoded is not None
        guard.message(decoded, 0.0)
    undone = guard.restore()
    assert str(limit) in undone and limit.read_text() == "134217728"
    assert forgotten.read_text() == "as it was"
    assert wait_until(lambda: not stopped(proc.pid))  # continued
    assert guard.undo == {}


def test_pyoombpf_run_with_a_release_section_drops_files_instead_of_killing(
    workload: V1Tree, shm: Path, tmp_path: Path
) -> None:
    """End to end: a configuration file with [release.cache], `pyoombpf run --config` (auto mode picks bridge mode
    for a policy that drops files; it is compiled in a child), a real OOM, no process dies."""
    from .v1 import CliRun

    t = workload
    cache = shm / "cache"
    cache.mkdir()
    write_files(t, "workload/cache", cache, 6, 10)
    hog = t.spawn("workload/hog", 40)
    cfg = tmp_path / "svc.toml"
    cfg.write_text(
        f'policy = "{POLICIES}"\nfunction = "drop_then_kill"\ncgroup = "{t.root}"\n\n'
        f'[release.cache]\npath = "{cache}"\norder = "oldest"\n'
    )
    with CliRun("--config", str(cfg)) as run:
        run.next("start")
        alloc = t.spawn("workload/alloc", 60, wait=False)
        rel = run.next("release")
        assert alloc.wait_done(60), run.events
        freed = run.next("freed")
    assert (rel["action"], rel["target"], rel["error"]) == ("drop_files", "cache", ""), rel
    assert rel["files"] >= 1 and rel["deleted_bytes"] >= 10 * MB and freed["by"] == "release"
    assert hog.alive() and alloc.alive()
    assert not [e for e in run.events if e["event"] in ("kill", "failsafe")], run.events


def test_v1_freezes_through_the_freezer_cgroup_at_the_memcgs_path(workload: V1Tree) -> None:
    """When the v1 freezer hierarchy has a cgroup at the memcg's own path holding exactly its processes, the relay
    freezes that (freezer.state) instead of stopping each process; then="kill" kills, then thaws."""
    import time

    from pyoombpf.bridge.release import Freezer

    t = workload
    freezer_root = "/sys/fs/cgroup/freezer"
    if not os.path.exists(os.path.join(freezer_root, "freezer.state")) and not os.path.isdir(freezer_root):
        pytest.skip("no cgroup v1 freezer hierarchy at /sys/fs/cgroup/freezer")
    proc = t.spawn("workload/hog", 4)
    rel = os.path.relpath(t.path("workload/hog"), os.path.dirname(t.root))
    made = []
    here = freezer_root
    try:
        for part in rel.split("/"):
            here = os.path.join(here, part)
            os.mkdir(here)
            made.append(here)
        with open(os.path.join(here, "cgroup.procs"), "w") as f:
            f.write(str(proc.pid))
        freezer = Freezer(v2=False, memory_root=os.path.dirname(t.root), freezer_root=freezer_root)
        assert freezer.freeze(t.path("workload/hog"), 1, "kill") == ""
        [entry] = freezer.frozen.values()
        assert entry.freezer == os.path.join(here, "freezer.state") and entry.stopped == []
        assert wait_until(lambda: read(entry.freezer).strip() == "FROZEN")
        [(_, outcome)] = freezer.expire(time.monotonic() + 2)
        assert outcome == "killed" and proc.killed()
        assert read(entry.freezer).strip() == "THAWED"
    finally:
        with contextlib.suppress(OSError), open(os.path.join(here, "freezer.state"), "w") as f:
            f.write("THAWED")
        proc.stop()
        for path in reversed(made):
            remove_cgroup(path, timeout=PATIENCE_S)  # killed tasks leave it only once they are gone
