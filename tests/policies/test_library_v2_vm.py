"""Each library policy handling a real OOM through the cgroup v2 relay, started as a user starts it.

Run with ``make vmtest VMTEST_ARGS="-m vm -v tests/policies/test_library_v2_vm.py"`` (the memory controller is on
cgroup v2 in the guest).  ``pyoombpf run --policy-lib NAME --cgroup oom_test --mode bridge`` runs with a
configuration file that gives ``prefs`` by cgroup path, as a user writes it.  The tree: ``oom_test`` with the
leaves ``big`` (the largest, OMIT), ``mid`` (AVOID), ``small`` and ``alloc`` (OMIT), and a workload in ``alloc``
that, once the relay has started, grows past ``memory.max`` — anonymous memory without swap, so without the relay
the kernel's OOM killer would have to act.  v2 cannot pause an OOM: ``memory.high`` below ``memory.max`` throttles
the workload and the relay's ``high`` / PSI triggers run the policy in the kernel first.  Whatever ranks the
policy uses, the preferences leave one leaf to choose (``small``; ``mid`` once ``small`` is omitted too), so each
policy's documented rule — OMIT never, AVOID only when nothing else qualifies, the kill switch whole cgroup or
largest process — names the victims, and simulate, on a snapshot of the same tree with the same maps, must name
the same.  Proven per policy: exactly those processes die, by SIGKILL; every other process lives; the kernel's OOM
killer never ran (``memory.events`` ``oom_kill 0``); the workload reaches its size (the shortage ended with the
kill: after it the tree is back below ``memory.high``); the relay stops on SIGINT with exit 0; the tree is
removed.  The last test is the control: the same tree and workload without the relay end in the kernel's OOM
killer.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import pytest

from pyoombpf import policies
from pyoombpf.simulate import Scenario, simulate
from tests.bridge.v1 import stream_lines
from tests.vm.cgroups import CGROUP_ROOT, MB, Allocator, CgroupTree
from tests.vm.vmkernel import vm_test

from .scenarios import KILLS_CGROUP

pytestmark = vm_test

REPO = Path(__file__).resolve().parents[2]
#: MiB held by each process of a leaf (``alloc`` holds the growing workload instead)
LEAVES = {"big": [64], "mid": [40, 8], "small": [40, 8]}
#: memory.high / memory.max this far (MiB) above the tree's anonymous memory once everything runs
HIGH_ROOM, MAX_ROOM = 16, 40
#: what the workload takes: 8 MiB past memory.max, and ≥ 32 MiB back under memory.high once a 40 MiB process of
#: the victim's leaf is gone (with its interpreter)
GROW = MAX_ROOM + 8
#: a generous bound for anything under TCG (compiling and loading the policy in the guest takes the longest)
TIMEOUT = 600

# Take ``sys.argv[1]`` MiB one MiB at a time once stdin says "go" (private anonymous memory touched page by page:
# page-fault charges, throttled above memory.high), say "done", then hold it until stdin closes.
_GROW = """\
import mmap, sys
print("ready", flush=True)
sys.stdin.readline()
held = []
for _ in range(int(sys.argv[1])):
    m = mmap.mmap(-1, 1 << 20, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    for i in range(0, len(m), 4096):
        m[i] = 1
    held.append(m)
print("done", flush=True)
sys.stdin.read()
"""


class Workload:
    """The growing process in ``cgroup`` (oom_score_adj 0); a context manager that kills it on exit."""

    def __init__(self, cgroup: str, mb: int) -> None:
        def enter() -> None:
            with open(f"/proc/{os.getpid()}/oom_score_adj", "w") as f:
                f.write("0")
            with open(os.path.join(cgroup, "cgroup.procs"), "w") as f:
                f.write(str(os.getpid()))

        self.proc = subprocess.Popen(
            [sys.executable, "-c", _GROW, str(mb)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            preexec_fn=enter,
        )
        assert self.proc.stdout is not None and self.proc.stdin is not None
        self.stdin: IO[str] = self.proc.stdin
        self.lines = stream_lines(self.proc.stdout, timeout=TIMEOUT)
        assert next(self.lines, None) == "ready", f"the workload in {cgroup} died before it was ready"

    def go(self) -> None:
        self.stdin.write("go\n")
        self.stdin.flush()

    def done(self) -> bool:
        return next(self.lines, None) == "done"

    def __enter__(self) -> Workload:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.stdin.close()
        assert self.proc.stdout is not None
        self.proc.stdout.close()


class Run:
    """``pyoombpf run`` as a user starts it, its JSON events collected; stopped (SIGINT) on exit."""

    def __init__(self, argv: list[str]) -> None:
        cmd = [sys.executable, "-m", "pyoombpf.cli", "run", *argv, "--json"]
        self.proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None
        self.lines = stream_lines(self.proc.stdout, timeout=TIMEOUT)
        self.events: list[dict[str, Any]] = []

    def until(self, wanted: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        """Read events up to the first ``wanted`` one (an AssertionError at the end of the stream)."""
        for line in self.lines:
            self.events.append(json.loads(line))
            if wanted(self.events[-1]):
                return self.events[-1]
        raise AssertionError(f"pyoombpf run ended (exit {self.proc.wait()}): {self.events}")

    def stop(self) -> int:
        """SIGINT, the remaining events, the exit status."""
        self.proc.send_signal(signal.SIGINT)
        self.events.extend(json.loads(line) for line in self.lines)
        return self.proc.wait(timeout=TIMEOUT)

    def of(self, kind: str) -> list[dict[str, Any]]:
        return [e for e in self.events if e["event"] == kind]

    def __enter__(self) -> Run:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        assert self.proc.stdout is not None
        self.proc.stdout.close()


@pytest.fixture
def cgroups() -> Iterator[CgroupTree]:
    with CgroupTree() as tree:
        yield tree


def build(cgroups: CgroupTree) -> dict[str, list[Allocator]]:
    cgroups.make("oom_test", parent_of_others=True)
    procs = {}
    for leaf, sizes in LEAVES.items():
        cgroups.make(f"oom_test/{leaf}")
        procs[leaf] = [cgroups.spawn(f"oom_test/{leaf}", mb) for mb in sizes]
    cgroups.make("oom_test/alloc")
    return procs


def limit(cgroups: CgroupTree) -> None:
    """memory.high and memory.max above what the tree holds now (page cache aside: it can be reclaimed)."""
    current = Path(cgroups.path("oom_test"), "memory.current").read_text()
    anon = int(current) - cgroups.stat("oom_test")["file"]
    cgroups.set("oom_test", "memory.max", str(anon + MAX_ROOM * MB))
    cgroups.set("oom_test", "memory.high", str(anon + HIGH_ROOM * MB))


def rel(cgroups: CgroupTree, leaf: str) -> str:
    return os.path.relpath(cgroups.path(f"oom_test/{leaf}" if leaf else "oom_test"), CGROUP_ROOT)


def configuration(path: Path, cgroups: CgroupTree, prefs: dict[str, str], kill: str | None) -> Path:
    """What a user writes: prefs (and the kill switch) by cgroup path, relative to the hierarchy."""
    text = "[maps.prefs]\n" + "".join(f'"{rel(cgroups, leaf)}" = "{v}"\n' for leaf, v in prefs.items())
    if kill is not None:
        text += f'\n[maps.settings]\n"{rel(cgroups, "")}" = {{ kill = "{kill}" }}\n'
    path.write_text(text)
    return path


def simulated(name: str, cgroups: CgroupTree, prefs: dict[str, str], kill: str | None) -> list[tuple[int, str]]:
    """simulate's victims ``(pid, reason)`` on a snapshot of the tree with the same maps, by cgroup id."""
    mod = policies.module(name)
    maps: dict[str, dict[int, Any]] = {
        "prefs": {cgroups.cgroup_id(f"oom_test/{leaf}"): getattr(mod, v) for leaf, v in prefs.items()}
    }
    if kill is not None:
        maps["settings"] = {cgroups.cgroup_id("oom_test"): {"kill": getattr(mod, kill)}}
    scenario = Scenario.from_system(cgroup=cgroups.path("oom_test"))
    sim = simulate(policies.policy(name), scenario, maps=maps, attach_cgroup=scenario.oom_cgroup)
    assert sim.verdict == "handled", sim.table()
    return sorted((v.pid, v.reason) for v in sim.victims)


def kill_or_kernel_oom(event: dict[str, Any]) -> bool:
    """The policy's first kill, or the kernel's OOM killer acting first (an ``oom`` event of trigger ``oom``)."""
    return event["event"] == "kill" or (event["event"] == "oom" and event["trigger"] == "oom")


def handle_one_oom(
    name: str, cgroups: CgroupTree, tmp_path: Path, prefs: dict[str, str], kill: str | None, victim_leaf: str
) -> None:
    procs = build(cgroups)
    whole = KILLS_CGROUP[name] if kill is None else kill == "KILL_CGROUP"
    victims = procs[victim_leaf] if whole else procs[victim_leaf][:1]
    want = sorted(p.proc.pid for p in victims)
    config = configuration(tmp_path / "pyoombpf.toml", cgroups, prefs, kill)
    argv = ["--policy-lib", name, "--cgroup", cgroups.path("oom_test"), "--mode", "bridge", "--config", str(config)]
    with Workload(cgroups.path("oom_test/alloc"), GROW) as work:
        limit(cgroups)  # before the start: the relay counts limit events from its start on
        sim = simulated(name, cgroups, prefs, kill)  # oc.totalpages: memory.max, as the relay passes it
        assert [pid for pid, _ in sim] == want, sim
        with Run(argv) as run:
            start = run.until(lambda e: e["event"] == "start")
            assert (start["trigger"], start["cgroup"], start["policy"]) == ("cgroup-v2", cgroups.path("oom_test"), name)
            work.go()
            first = run.until(kill_or_kernel_oom)
            assert first["event"] == "kill", f"the kernel acted before the policy: {run.events}"
            assert work.done(), f"the workload never reached {GROW} MiB: the shortage did not end ({run.events})"
            assert work.proc.poll() is None
            assert run.stop() == 0, run.events
    events = run.events
    kills = run.of("kill")
    assert sorted((k["pid"], k["reason"]) for k in kills) == sim, events
    assert {k["cgroup"] for k in kills} == {cgroups.path(f"oom_test/{victim_leaf}")}, events
    assert {k["seq"] for k in kills} == {first["seq"]}, events  # one decision for the one shortage
    oom = next(e for e in run.of("oom") if e["seq"] == first["seq"])
    assert oom["memcg"] == cgroups.path("oom_test") and oom["trigger"] in ("max", "high", "psi"), oom
    assert not run.of("refused") and not run.of("error"), events
    assert (events[-1]["event"], events[-1]["reason"], events[-1]["kernel_kills"]) == ("stop", "SIGINT", 0), events
    for running in procs.values():
        for proc in running:
            if proc in victims:
                assert proc.killed_by_sigkill(), f"victim {proc.proc.pid} did not die by SIGKILL"
            else:
                assert proc.alive(), f"bystander {proc.proc.pid} died"
    assert cgroups.events("oom_test")["oom_kill"] == 0  # the kernel's OOM killer never ran
    cgroups.close()
    assert not os.path.exists(cgroups.root)


@pytest.mark.parametrize("name", policies.names())
def test_omit_never_avoid_last_on_a_real_v2_oom(name: str, cgroups: CgroupTree, tmp_path: Path) -> None:
    """The default kill of each policy, on the one leaf its preferences leave."""
    prefs = {"big": "OMIT", "mid": "AVOID", "alloc": "OMIT"}
    handle_one_oom(name, cgroups, tmp_path, prefs, None, "small")


@pytest.mark.parametrize("name", policies.names())
def test_avoid_when_nothing_else_and_the_kill_switch_on_a_real_v2_oom(
    name: str, cgroups: CgroupTree, tmp_path: Path
) -> None:
    """Everything else omitted: the avoided leaf goes, killed the other way than the policy's default."""
    flip = "KILL_PROCESS" if KILLS_CGROUP[name] else "KILL_CGROUP"
    prefs = {"big": "OMIT", "mid": "AVOID", "small": "OMIT", "alloc": "OMIT"}
    handle_one_oom(name, cgroups, tmp_path, prefs, flip, "mid")


def test_without_the_relay_the_kernels_oom_killer_acts(cgroups: CgroupTree) -> None:
    """The control: the same tree and workload with no relay is a real OOM — the workload either reaches its size
    after the kernel's OOM killer made room, or is the kernel's victim itself; either way the kernel killed."""
    procs = build(cgroups)
    with Workload(cgroups.path("oom_test/alloc"), GROW) as work:
        limit(cgroups)
        work.go()
        done = work.done()  # True: it got its memory; False: its output ended, it was killed
        dead = [p for running in procs.values() for p in running if not p.alive()]
    assert cgroups.events("oom_test")["oom_kill"] >= 1
    assert dead or not done, "the kernel's OOM killer ran but nothing died"
