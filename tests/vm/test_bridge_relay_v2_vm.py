"""The bridge relay on cgroup v2 (the memory controller on v2: the test VM), with real workloads.

v2 has no OOM pause, so the relay acts before the kernel's OOM killer: a workload grows slowly towards
``memory.max`` with ``memory.high`` a little below it, gets throttled there, and the ``high`` / PSI notifications
run ``examples/largest_leaf.py`` (bridge mode) on the cgroup at its limit.  The policy's victim is the growing
leaf; the kernel's own choice would be the small ``oom_score_adj +1000`` task in the other leaf, so a surviving
small task and ``oom_kill 0`` prove the policy came first.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import pyoombpf
from pyoombpf.bridge.abi import BridgeContext
from pyoombpf.bridge.decider import Decision
from pyoombpf.bridge.events import Event
from pyoombpf.bridge.memcg_v2 import PsiSpec, arm_psi
from pyoombpf.bridge.policy import BridgePolicy
from pyoombpf.bridge.relay_v2 import RelayV2
from pyoombpf.errors import NotSupportedError
from tests.examples import example
from tests.vm.cgroups import MB, CgroupTree
from tests.vm.vmkernel import vm_test
from tests.waits import PATIENCE_S, readline_within

pytestmark = vm_test

REPO = Path(__file__).resolve().parents[2]
# Hold ``base`` MiB, say "ready", then take one more MiB every ``step`` ms until killed (private anonymous
# memory touched page by page: page-fault charges, throttled above memory.high).
_GROW = """\
import mmap, sys, time
maps = []
def grab(mb):
    m = mmap.mmap(-1, mb << 20, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    for i in range(0, len(m), 4096):
        m[i] = 1
    maps.append(m)
grab(int(sys.argv[1]))
print("ready", flush=True)
while True:
    grab(1)
    time.sleep(float(sys.argv[2]) / 1000)
"""


class Grower:
    """A process in a cgroup that grows until it is killed."""

    def __init__(self, cgroup: str, base_mb: int, step_ms: float) -> None:
        def enter() -> None:
            # explicit: the relay in this process runs at -1000 where it may, and a child would inherit that
            # (largest_leaf skips leaves holding a -1000 task)
            with open(f"/proc/{os.getpid()}/oom_score_adj", "w") as f:
                f.write("0")
            with open(os.path.join(cgroup, "cgroup.procs"), "w") as f:
                f.write(str(os.getpid()))

        self.proc = subprocess.Popen(
            [sys.executable, "-c", _GROW, str(base_mb), str(step_ms)], stdout=subprocess.PIPE, preexec_fn=enter
        )
        assert self.proc.stdout is not None
        if readline_within(self.proc.stdout).strip() != b"ready":
            self.proc.wait()
            raise RuntimeError(f"the grower in {cgroup} died before it was ready (exit {self.proc.returncode})")
        self.pid = self.proc.pid

    def dead(self) -> bool:
        return self.proc.poll() is not None

    def killed_by_sigkill(self) -> bool:
        self.proc.wait(timeout=60)
        return self.proc.returncode == -signal.SIGKILL

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()


@pytest.fixture
def cgroups() -> Iterator[CgroupTree]:
    with CgroupTree() as tree:
        yield tree


@pytest.fixture
def grower() -> Iterator[Callable[..., Grower]]:
    started: list[Grower] = []

    def start(cgroup: str, base_mb: int = 30, step_ms: float = 20) -> Grower:
        g = Grower(cgroup, base_mb, step_ms)
        started.append(g)
        return g

    yield start
    for g in started:
        g.stop()


@pytest.fixture(scope="module")
def largest_leaf() -> Any:
    return pyoombpf.compile(example("largest_leaf").largest_leaf, mode="bridge")


@pytest.fixture(scope="module")
def chain_policy() -> Any:
    """The test policy that passes at its own attach point (tests/policy/chain_policy.py)."""
    from tests.policy.chain_policy import largest_leaf_chain

    return pyoombpf.compile(largest_leaf_chain, mode="bridge")


def _throttled_tree(cg: CgroupTree, *, high_mb: int | None = 80, max_mb: int = 112) -> None:
    """oom_test (memory.max ``max_mb``, memory.high ``high_mb``) with leaves ``small`` and ``big``."""
    cg.make("oom_test", parent_of_others=True)
    cg.make("oom_test/small")
    cg.make("oom_test/big")
    cg.set("oom_test", "memory.max", str(max_mb * MB))
    if high_mb is not None:
        cg.set("oom_test", "memory.high", str(high_mb * MB))


def _run_until(policy: BridgePolicy, done: Callable[[], bool], events: list[Event], timeout_s: float = 180) -> None:
    end = time.monotonic() + timeout_s
    while not done():
        assert time.monotonic() < end, f"nothing happened within {timeout_s} s: {[e.to_json() for e in events]}"
        policy.run_once(0.2)


def _kinds(events: list[Event], kind: str) -> list[Event]:
    return [e for e in events if e.kind == kind]


@pytest.mark.parametrize("triggers", [("max", "high", "psi"), ("high",), ("psi",)])
def test_the_policy_kills_before_the_kernel_would(
    cgroups: CgroupTree, grower: Callable[..., Grower], largest_leaf: Any, triggers: tuple[str, ...]
) -> None:
    _throttled_tree(cgroups)
    small = cgroups.spawn("oom_test/small", 10, oom_score_adj=1000)  # the kernel's own choice
    events: list[Event] = []
    with BridgePolicy(
        largest_leaf, cgroups.root, on_event=events.append, lock_memory=False, v2_options={"triggers": triggers}
    ) as policy:
        big = grower(cgroups.path("oom_test/big"))
        _run_until(policy, big.dead, events)
        stats = dict(policy.relay.stats)
    print("\n".join(e.to_json() for e in events))
    assert big.killed_by_sigkill()
    assert small.alive()
    oom_test = cgroups.events("oom_test")
    assert (oom_test["oom"], oom_test["oom_kill"]) == (0, 0), oom_test  # the kernel's OOM killer never ran
    kill = next(e for e in _kinds(events, "kill") if e["pid"] == big.pid)
    oom = next(e for e in _kinds(events, "oom") if e["seq"] == kill["seq"])
    assert oom["memcg"] == cgroups.path("oom_test") and oom["trigger"] in triggers
    assert json.loads(oom.to_json())["trigger"] == oom["trigger"]
    assert kill["cgroup"] == cgroups.path("oom_test/big") and kill["reason"] == "largest_leaf policy"
    verdict = next(e for e in _kinds(events, "verdict") if e["seq"] == kill["seq"])
    assert verdict["verdict"] == "killed"
    assert stats["kernel_kills"] == 0 and stats["kills"] >= 1


def test_attached_at_the_cgroup_with_the_limit_the_example_decides_its_oom(
    cgroups: CgroupTree, grower: Callable[..., Grower], largest_leaf: Any
) -> None:
    """``pyoombpf run examples/largest_leaf.py --cgroup oom_test``: the policy handles the OOMs of the cgroup it is
    attached to, not only those below it."""
    _throttled_tree(cgroups)
    small = cgroups.spawn("oom_test/small", 10, oom_score_adj=1000)  # the kernel's own choice
    events: list[Event] = []
    with BridgePolicy(largest_leaf, cgroups.path("oom_test"), on_event=events.append, lock_memory=False) as policy:
        big = grower(cgroups.path("oom_test/big"))
        _run_until(policy, big.dead, events)
    assert big.killed_by_sigkill()
    assert small.alive()
    kill = next(e for e in _kinds(events, "kill") if e["pid"] == big.pid)
    assert kill["cgroup"] == cgroups.path("oom_test/big") and kill["reason"] == "largest_leaf policy"
    oom = next(e for e in _kinds(events, "oom") if e["seq"] == kill["seq"])
    assert oom["memcg"] == cgroups.path("oom_test")
    assert cgroups.events("oom_test")["oom_kill"] == 0  # the kernel's OOM killer never ran


def test_a_declining_policy_leaves_the_kernel_in_charge_and_its_kill_is_reported(
    cgroups: CgroupTree, grower: Callable[..., Grower], chain_policy: Any
) -> None:
    # Attached at oom_test itself, the chain test policy declines there (its attach point); no memory.high: the
    # grower runs into memory.max and the kernel's OOM killer acts.
    _throttled_tree(cgroups, high_mb=None, max_mb=64)
    small = cgroups.spawn("oom_test/small", 10, oom_score_adj=1000)
    events: list[Event] = []
    with BridgePolicy(chain_policy, cgroups.path("oom_test"), on_event=events.append, lock_memory=False) as policy:
        grower(cgroups.path("oom_test/big"), base_mb=20, step_ms=5)

        def kernel_killed() -> bool:
            return any(e.get("trigger") == "oom" and e.get("kernel_kills", 0) > 0 for e in events)

        _run_until(policy, kernel_killed, events)
        stats = dict(policy.relay.stats)
    assert not _kinds(events, "kill")  # the policy never killed
    assert all(e["verdict"] == "passed" for e in _kinds(events, "verdict"))
    assert stats["kernel_kills"] >= 1
    assert small.killed_by_sigkill()  # the kernel's choice: the +1000 task
    reported = [e for e in _kinds(events, "oom") if e["trigger"] == "oom"]
    assert {e["memcg"] for e in reported} <= {cgroups.path(p) for p in ("oom_test", "oom_test/small", "oom_test/big")}


def test_a_failing_policy_is_reported_and_the_relay_goes_on(cgroups: CgroupTree, grower: Callable[..., Grower]) -> None:
    _throttled_tree(cgroups)
    seen: list[BridgeContext] = []

    def broken(ctx: BridgeContext) -> Decision:
        seen.append(ctx)
        raise RuntimeError("policy bug")

    events: list[Event] = []
    with RelayV2(cgroups.root, broken, triggers=("high",), on_event=events.append, lock_memory=False) as relay:
        grower(cgroups.path("oom_test/big"))
        end = time.monotonic() + 180
        while len(seen) < 2:  # a second run: the relay went on after the first error
            assert time.monotonic() < end, [e.to_json() for e in events]
            relay.run_once(0.2)
    page = os.sysconf("SC_PAGE_SIZE")
    assert [(c.memcg_id, c.attach_cgroup_id, c.hierarchy_id, c.totalpages) for c in seen] == 2 * [
        (cgroups.cgroup_id("oom_test"), cgroups.cgroup_id(""), 0, 112 * MB // page)
    ]
    verdicts = _kinds(events, "verdict")
    assert len(verdicts) == 2 and all(v["verdict"] == "error" and v["error"] == "policy bug" for v in verdicts)
    assert not _kinds(events, "failsafe") and not _kinds(events, "kill")  # nothing to hand back on v2
    assert _kinds(events, "stop")[0]["failsafes"] == 0


def test_start_and_stop_leave_no_fd_and_no_trigger(cgroups: CgroupTree, largest_leaf: Any) -> None:
    _throttled_tree(cgroups)
    before = sorted(os.listdir("/proc/self/fd"))
    events: list[Event] = []
    with BridgePolicy(largest_leaf, cgroups.root, on_event=events.append, lock_memory=False) as policy:
        relay = policy.relay
        assert isinstance(relay, RelayV2)
        assert relay.memcgs == sorted(cgroups.path(p) for p in ("", "oom_test", "oom_test/big", "oom_test/small"))
        assert relay.psi_armed() == [cgroups.root, cgroups.path("oom_test")]  # the attach point and the limit
        cgroups.make("oom_test/late")
        cgroups.set("oom_test/late", "memory.max", str(32 * MB))
        relay.rescan()
        assert cgroups.path("oom_test/late") in relay.psi_armed()
    assert sorted(os.listdir("/proc/self/fd")) == before
    start, stop = _kinds(events, "start")[0], events[-1]
    assert (start.kind, start["trigger"], start["watchdog_pid"], start["psi"]) == (
        "start",
        "cgroup-v2",
        None,
        "some 150000 2000000",
    )
    assert (stop.kind, stop["reason"], stop["restored"], stop["ooms"]) == ("stop", "closed", 0, 0)


def test_at_the_root_the_trigger_is_the_system_one_and_nothing_is_left_behind(cgroups: CgroupTree) -> None:
    """Attached at the root of the hierarchy (no memory.events, no limits there): the relay watches every
    cgroup below, arms its root trigger on the root's memory.pressure (or /proc/pressure/memory) and writes
    nothing.  Only starts and stops: the guest's other cgroups are only read."""
    _throttled_tree(cgroups)
    before = sorted(os.listdir("/proc/self/fd"))
    events: list[Event] = []

    def never(ctx: BridgeContext) -> Decision:
        raise AssertionError("no trigger expected")

    with RelayV2(None, never, on_event=events.append, lock_memory=False) as relay:
        assert relay.path == "/sys/fs/cgroup"
        armed = relay.psi_armed()
        assert {relay.path, cgroups.path("oom_test")} <= set(armed) and cgroups.root not in armed  # no limit
        assert {cgroups.root, cgroups.path("oom_test/small")} <= set(relay.memcgs)
    assert sorted(os.listdir("/proc/self/fd")) == before
    assert _kinds(events, "stop")[0]["restored"] == 0


def _has_cap_sys_resource() -> bool:
    with open("/proc/self/status") as f:
        cap_eff = int(next(line.split()[1] for line in f if line.startswith("CapEff:")), 16)
    return bool(cap_eff & (1 << 24))  # CAP_SYS_RESOURCE


def test_a_cgroup_removed_while_the_rescan_reads_it_is_skipped(
    cgroups: CgroupTree, largest_leaf: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cgroup removed between the rescan's open of memory.events.local and its read (a container that exits):
    the read answers ENODEV, not ENOENT.  The relay skips it, as one removed before the open, and keeps running."""
    from pyoombpf.bridge import relay_v2

    _throttled_tree(cgroups)
    events: list[Event] = []
    with BridgePolicy(largest_leaf, cgroups.root, on_event=events.append, lock_memory=False) as policy:
        gone = cgroups.make("oom_test/gone")

        class RemovedAfterOpen(relay_v2.WatchedCgroupV2):
            def read_events(self) -> dict[str, int]:
                if self.path == gone and os.path.isdir(gone):
                    os.rmdir(gone)  # memory.events.local is open: the read below meets a removed cgroup
                return super().read_events()

        monkeypatch.setattr(relay_v2, "WatchedCgroupV2", RemovedAfterOpen)
        kept = cgroups.make("oom_test/kept")
        policy.relay.rescan()
        assert not os.path.isdir(gone)
        assert kept in policy.relay.memcgs and gone not in policy.relay.memcgs
    assert events[-1].kind == "stop", [e.to_json() for e in events]


def test_psi_windows_below_2s_need_cap_sys_resource(cgroups: CgroupTree) -> None:
    """The rule the relay's error message states, checked against this kernel (root in the VM has every
    capability, so sub-2 s windows are allowed here; on the development machines they are not)."""
    pressure = os.path.join(cgroups.root, "memory.pressure")
    os.close(arm_psi(pressure, PsiSpec("some", 150_000, 2_000_000)))
    try:
        os.close(arm_psi(pressure, PsiSpec("some", 100_000, 500_000)))
        allowed = True
    except NotSupportedError:
        allowed = False
    assert allowed == _has_cap_sys_resource()


def _run_json(args: list[str], stop: Callable[[subprocess.Popen[str]], object]) -> tuple[dict[str, Any], list[Any]]:
    """``pyoombpf run ARGS --mode bridge --json`` from the repo (bridge forced: with the BPF OOM series here,
    ``auto`` would pick struct_ops): its start event (after any warnings), then ``stop(run)``, then the events it
    printed until it exited 0 (killed in the end if it did not exit)."""
    cmd = [sys.executable, "-m", "pyoombpf.cli", "run", *args, "--mode", "bridge", "--json"]
    run = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        assert run.stdout is not None
        start = json.loads(readline_within(run.stdout))
        while start["event"] == "warning":
            start = json.loads(readline_within(run.stdout))
        stop(run)
        out, _ = run.communicate(timeout=PATIENCE_S)
        assert run.returncode == 0
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
    return start, [json.loads(line) for line in out.splitlines()]


def test_pyoombpf_run_picks_the_v2_relay(cgroups: CgroupTree) -> None:
    _throttled_tree(cgroups)
    args = [
        "examples/largest_leaf.py",
        "--cgroup",
        cgroups.root,
        "--psi",
        "some 100000 2000000",
        "--cooldown-ms",
        "500",
    ]
    start, rest = _run_json(args, lambda run: run.send_signal(signal.SIGINT))
    assert (start["event"], start["trigger"], start["cgroup"]) == ("start", "cgroup-v2", cgroups.root)
    assert (start["psi"], start["cooldown_ms"]) == ("some 100000 2000000", 500)
    assert rest[-1]["event"] == "stop" and rest[-1]["reason"] == "SIGINT"


def test_pyoombpf_run_stops_when_its_cgroup_is_removed(cgroups: CgroupTree) -> None:
    """As on v1 (tests/cli/test_run_lifecycle.py): the attach cgroup removed (a service restart) stops the relay
    with reason ``cgroup-removed`` and releases its claim, instead of watching nothing and refusing its successor."""
    job = cgroups.make("job")
    cgroups.set("job", "memory.max", str(64 * MB))
    start, rest = _run_json(["examples/largest_leaf.py", "--cgroup", job], lambda run: os.rmdir(job))
    assert (start["event"], start["trigger"]) == ("start", "cgroup-v2")
    assert rest[-1]["event"] == "stop" and rest[-1]["reason"] == "cgroup-removed", rest
