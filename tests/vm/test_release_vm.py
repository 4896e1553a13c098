"""pyoombpf's experimental releaser kfunc, ``bpf_oom_reclaim_memcg``, through ``oc.reclaim`` in a Python policy
compiled with ``@oom_handler(experimental=True)`` (docs/test-kernel.md, "pyoombpf's proposal beyond upstream v3").

The OOM is declared with ``bpf_out_of_memory`` (the ``declare`` fixture): the kernel has not reclaimed anything
for it, so the cgroup still holds clean page cache — a reader process's cache of a file of the host (9p,
``cache=loose``).  Reclaiming it frees memory without a kill; asking for more than there is leaves the OOM to the
kernel's killer, because the kfunc marks the OOM handled only when it freed what was asked.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from pyoombpf import PASS, ArrayMap, OomControl, Verdict, oom_handler, u64
from pyoombpf.compiler import compile as pcompile
from tests.waits import Exits, readline_within, wait_until

from .cgroups import MB, CgroupTree
from .vmkernel import vm_test

pytestmark = vm_test

stats = ArrayMap(u64, max_entries=4)
RUNS, HANDLED, ASK = 0, 1, 2
HUGE = 1 << 40


@oom_handler(name="reclaim_small", experimental=True)
def reclaim_small(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    stats[RUNS] += 1
    v = oc.reclaim(scope, stats[ASK])  # half the page cache the test found
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
    """A file of the host of at least 64 MiB that nothing in the guest maps (the guest sees the host's filesystem
    read-only): LLVM's shared library, which clang-19 (installed by vm/deps.sh) brings and only clang uses.  A
    file a Python process maps (llvmlite's) would be cached already and charged to that process's cgroup.  Only
    the first test of a boot that reads it finds it uncached (the guest kernel has no fadvise to drop it): the
    test that needs the page cache in its own cgroup runs first."""
    import glob

    found = sorted(glob.glob("/usr/lib/x86_64-linux-gnu/libLLVM*.so*"), key=os.path.getsize, reverse=True)
    if not found or os.path.getsize(found[0]) < 64 * MB:
        pytest.skip("needs a file of 64 MiB or more to fill the page cache with (libLLVM of clang-19: vm/deps.sh)")
    return found[0]


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
    assert proc.stdout is not None and readline_within(proc.stdout).strip() == b"ready"
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
    assert file_before >= 8 * MB, cgroups.stat("rec")  # how much stays cached depends on the guest's memory
    ask = file_before // 2
    with StructOpsPolicy(pcompile(reclaim_small)) as policy:
        m = policy.map("stats")
        m[ASK] = ask
        policy.attach(cgroups.path("rec"))
        declare(cgroups.cgroup_id("rec"))
        assert (m[RUNS], m[HANDLED]) == (1, 1)
    assert reader.poll() is None, "the reader died: the reclaim did not count as handled"
    assert cgroups.events("rec")["oom_kill"] == 0
    assert file_before - cgroups.stat("rec")["file"] >= ask - MB  # page cache went, not a process


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


# ------------------------------------------------------------------------- bridge mode on cgroup v2 (the relay)

# Take 1 MiB every ``step`` ms up to ``total`` MiB (throttled above memory.high), say "done", wait for stdin.
_GROW_TO = """\
import mmap, sys, time
maps = []
for _ in range(int(sys.argv[1])):
    m = mmap.mmap(-1, 1 << 20, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    for i in range(0, len(m), 4096):
        m[i] = 1
    maps.append(m)
    time.sleep(float(sys.argv[2]) / 1000)
print("done", flush=True)
sys.stdin.read()
"""
# Write N files of 8 MiB into a directory, then exit (the tmpfs pages stay charged to the cgroup).
_WRITE = """\
import os, sys
for i in range(int(sys.argv[2])):
    with open(os.path.join(sys.argv[1], f"part{i}.bin"), "wb") as f:
        f.write(b"x" * (8 << 20))
"""


def _in(cgroup: str) -> Callable[[], None]:
    def enter() -> None:
        with open(f"/proc/{os.getpid()}/oom_score_adj", "w") as f:
            f.write("0")  # not the relay's -1000
        with open(os.path.join(cgroup, "cgroup.procs"), "w") as f:
            f.write(str(os.getpid()))

    return enter


def test_bridge_v2_drops_files_before_the_kernel_would_kill(cgroups: CgroupTree, tmp_path: Any) -> None:
    """memory.high 80 MiB, memory.max 112 MiB: 40 MiB of tmpfs cache and a workload growing by 40 MiB (about 100
    MiB with the processes themselves).  At memory.high the relay runs the policy, which drops cache files; the
    workload completes and nothing dies."""

    from pyoombpf.bridge.events import Event
    from pyoombpf.bridge.policy import BridgePolicy
    from pyoombpf.bridge.release import DropDir
    from pyoombpf.files import import_file

    cgroups.make("oom_test", parent_of_others=True)
    for leaf in ("cache", "hog", "work"):
        cgroups.make(f"oom_test/{leaf}")
    cgroups.set("oom_test", "memory.max", str(112 * MB))
    cgroups.set("oom_test", "memory.high", str(80 * MB))
    cache = tmp_path / "cache"
    cache.mkdir()
    subprocess.run(
        [sys.executable, "-c", _WRITE, str(cache), "5"], check=True, preexec_fn=_in(cgroups.path("oom_test/cache"))
    )
    hog = cgroups.spawn("oom_test/hog", 8)
    policies = os.path.join(os.path.dirname(__file__), "..", "bridge", "policies", "release.py")
    compiled = pcompile(import_file(os.path.abspath(policies)).drop_then_kill, mode="bridge")
    events: list[Event] = []
    release = {"cache": DropDir(str(cache))}
    with BridgePolicy(
        compiled, cgroups.root, on_event=events.append, lock_memory=False, release=release,
        v2_options={"triggers": ("high",)},
    ) as policy:  # fmt: skip
        work = subprocess.Popen(
            [sys.executable, "-c", _GROW_TO, "40", "20"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            preexec_fn=_in(cgroups.path("oom_test/work")),
        )  # fmt: skip
        try:
            end = time.monotonic() + 180
            assert work.stdout is not None
            os.set_blocking(work.stdout.fileno(), False)
            out = b""
            while b"done" not in out:
                assert time.monotonic() < end and work.poll() is None, [e.to_json() for e in events]
                policy.run_once(0.2)
                out += work.stdout.read() or b""
        finally:
            work.kill()
            work.wait()
    print("\n".join(e.to_json() for e in events))
    releases = [e for e in events if e.kind == "release"]
    assert releases and releases[0]["action"] == "drop_files" and releases[0]["deleted_bytes"] >= 8 * MB
    assert not [e for e in events if e.kind == "kill"] and hog.alive()
    assert cgroups.events("oom_test")["oom_kill"] == 0


def test_v2_freeze_is_bounded_and_thaws(cgroups: CgroupTree) -> None:
    """The relay's freezer on cgroup v2: cgroup.freeze, thawed when its time is up; a killed one is thawed after
    the signal so its processes can die."""

    from pyoombpf.bridge.release import Freezer

    def frozen(rel: str) -> bool:
        with open(os.path.join(cgroups.path(rel), "cgroup.events")) as f:
            return "frozen 1" in f.read()

    cgroups.make("a")
    cgroups.make("b")
    keep, doomed = cgroups.spawn("a", 4), cgroups.spawn("b", 4)
    freezer = Freezer(v2=True)
    assert freezer.freeze(cgroups.path("a"), 1, "thaw") == "" and freezer.freeze(cgroups.path("b"), 1, "kill") == ""
    assert wait_until(lambda: frozen("a") and frozen("b"))
    outcomes = {e.memcg_dir: outcome for e, outcome in freezer.expire(time.monotonic() + 2)}
    assert outcomes == {cgroups.path("a"): "thawed", cgroups.path("b"): "killed"}
    assert wait_until(lambda: not frozen("a")) and keep.alive()
    assert doomed.killed_by_sigkill()


# A v2 relay running the policy ``sys.argv[2]`` of the file ``sys.argv[1]`` on the cgroup ``sys.argv[3]`` (on its
# memory.high events), printing its watchdog's pid and then its events, until it is killed.
_RELAY = """\
import sys
from pyoombpf.bridge.policy import BridgePolicy
from pyoombpf.compiler import compile
from pyoombpf.files import import_file
compiled = compile(getattr(import_file(sys.argv[1]), sys.argv[2]), mode="bridge")
out = lambda e: print(e.to_json(), flush=True)
with BridgePolicy(compiled, sys.argv[3], on_event=out, lock_memory=False, v2_options={"triggers": ("high",)}) as p:
    print("watchdog", p.relay.watchdog_pid, flush=True)
    while True:
        p.run_once(0.2)
"""


@contextlib.contextmanager
def _freezing_relay(cgroups: CgroupTree) -> Iterator[tuple[subprocess.Popen[str], list[dict[str, Any]], int]]:
    """A v2 relay (its own process) whose policy freezes ``oom_test/hog`` (memory.high 24 MiB) for ten minutes: the
    process, the events it printed before it was ready, and its watchdog's pid.  Killed and the hog thawed after."""
    cgroups.make("oom_test", parent_of_others=True)
    cgroups.make("oom_test/hog")
    cgroups.set("oom_test", "memory.high", str(24 * MB))
    policies = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "bridge", "policies", "release.py"))
    relay = subprocess.Popen(
        [sys.executable, "-c", _RELAY, policies, "freeze_long", cgroups.root], stdout=subprocess.PIPE, text=True
    )
    try:
        assert relay.stdout is not None
        lines = [readline_within(relay.stdout)]  # events (start, …), then the watchdog's pid
        while lines[-1] and not lines[-1].startswith("watchdog "):
            lines.append(readline_within(relay.stdout))
        assert lines[-1].startswith("watchdog "), lines
        yield relay, [json.loads(line) for line in lines[:-1]], int(lines[-1].split()[1])
    finally:
        if relay.poll() is None:
            relay.kill()
        relay.wait()
        with open(os.path.join(cgroups.path("oom_test/hog"), "cgroup.freeze"), "w") as f:
            f.write("0")  # the cgroup's teardown kills what is in it; frozen, it would still die, but thaw anyway


def _hog_frozen(cgroups: CgroupTree) -> bool:
    with open(os.path.join(cgroups.path("oom_test/hog"), "cgroup.events")) as f:
        return "frozen 1" in f.read()


def test_v2_watchdog_thaws_when_the_relay_is_killed(cgroups: CgroupTree) -> None:
    """A v2 relay whose policy can freeze runs the watchdog (named by its start event): SIGKILLed while the hog is
    frozen for ten minutes, the watchdog thaws it (the process lives on) and exits."""
    with _freezing_relay(cgroups) as (relay, events, watchdog):
        start = next(e for e in events if e["event"] == "start")
        assert start["watchdog_pid"] == watchdog  # started before the start event, which names it
        watchdog_exits = Exits(watchdog)  # the relay (its parent) still runs: the pid is still the watchdog's
        hog = cgroups.spawn("oom_test/hog", 48, wait_ready=False)  # over memory.high: the relay freezes it
        assert wait_until(lambda: _hog_frozen(cgroups)), "the relay did not freeze the hog"
        relay.send_signal(signal.SIGKILL)
        relay.wait()
        # the freeze lasts ten minutes: only the watchdog can have thawed it within this bound
        assert wait_until(lambda: not _hog_frozen(cgroups)), "the hog is still frozen a minute after the relay died"
        assert hog.alive()
        with watchdog_exits:
            assert watchdog_exits.wait(), "the watchdog did not exit"


def test_a_replaced_v2_watchdog_still_thaws(cgroups: CgroupTree) -> None:
    """The v2 relay's watchdog is SIGKILLed while the hog is frozen: the relay starts a new one at once, says so
    (a warning naming the new pid), tells it what is frozen, and when the relay is then killed too, the new
    watchdog thaws the hog."""
    with _freezing_relay(cgroups) as (relay, _events, first):
        assert relay.stdout is not None
        hog = cgroups.spawn("oom_test/hog", 48, wait_ready=False)
        assert wait_until(lambda: _hog_frozen(cgroups)), "the relay did not freeze the hog"
        os.kill(first, signal.SIGKILL)
        warning: dict[str, Any] = {}
        while not warning:
            line = readline_within(relay.stdout)
            assert line, "the relay ended without replacing its watchdog"
            event = json.loads(line)
            warning = event if event["event"] == "warning" and event.get("watchdog_pid") else {}
        assert warning["watchdog_pid"] != first, warning
        second = Exits(warning["watchdog_pid"])
        assert not second.gone(), warning
        assert _hog_frozen(cgroups)  # replacing the watchdog thaws nothing
        relay.send_signal(signal.SIGKILL)
        relay.wait()
        assert wait_until(lambda: not _hog_frozen(cgroups)), "the new watchdog did not thaw the hog"
        assert hog.alive()
        with second:
            assert second.wait(), "the new watchdog did not exit"
