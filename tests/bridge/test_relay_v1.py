"""The cgroup v1 relay with stand-in deciders written here: kill, decline, fail, claim a kill that frees nothing.

Real OOMs in throwaway memcgs: a holder process sits on memory, an allocator touches more page by page until
the memcg (limit 128 MiB) is out of memory and the allocator pauses; the relay runs the decider.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys

import pytest

from pyoombpf.bridge import relay as relay_module
from pyoombpf.bridge.abi import BridgeContext, KillRecord
from pyoombpf.bridge.decider import Decision
from pyoombpf.bridge.events import KINDS, Event
from pyoombpf.bridge.memcg_v1 import OomState
from pyoombpf.bridge.relay import Relay
from pyoombpf.errors import NotSupportedError
from pyoombpf.runtime.testing import open_fd_count
from tests.waits import Exits, wait_until

from .v1 import REPO, Proc, V1Tree, assert_one_kill, drive
from .v1 import write as v1_write

pytestmark = pytest.mark.kernel

HOLD_MB, ALLOC_MB = 70, 70  # together above the 128 MiB limit; either alone fits


def killer(victim: Proc, cgroup_id: int, seen: list[BridgeContext] | None = None) -> object:
    """A decider that SIGKILLs ``victim`` (a process this test started) and records it like a policy would."""

    def decide(ctx: BridgeContext) -> Decision:
        if seen is not None:
            seen.append(ctx)
        os.kill(victim.pid, signal.SIGKILL)
        return Decision(1, ctx.replace(nr_kills=1), [KillRecord(victim.pid, 0, cgroup_id, "python3")])

    return decide


def decline(ctx: BridgeContext) -> Decision:
    return Decision(0, ctx)


def relay(tree: V1Tree, decider: object, events: list[Event], **kw: object) -> Relay:
    kw.setdefault("lock_memory", False)  # the pytest process itself is not locked; the CLI test covers mlockall
    return Relay(tree.root, decider, on_event=events.append, kill_reasons=["test victim"], **kw)  # type: ignore[arg-type]


def test_policy_kill_frees_memory_and_the_allocator_completes(tree: V1Tree) -> None:
    tree.make("a")
    holder = tree.spawn("a", HOLD_MB)
    events: list[Event] = []
    seen: list[BridgeContext] = []
    with relay(tree, killer(holder, tree.cgroup_id("a"), seen), events) as r:
        alloc = tree.spawn("a", ALLOC_MB, wait=False)
        assert drive(r, alloc.finished), "the allocator never completed"
    assert holder.killed()
    assert alloc.alive()
    assert_one_kill([e.to_dict() for e in events])
    oom = next(e for e in events if e.kind == "oom")
    assert oom["memcg"] == tree.root  # the memcg that hit its limit, not the child the allocator is in
    kill = next(e for e in events if e.kind == "kill")
    assert (kill["pid"], kill["cgroup"], kill["reason"]) == (holder.pid, tree.path("a"), "test victim")
    ctx = seen[0]
    assert ctx.memcg_id == ctx.attach_cgroup_id == tree.cgroup_id()
    assert ctx.totalpages == (128 << 20) // os.sysconf("SC_PAGE_SIZE")
    assert ctx.hierarchy_id > 0


def test_decline_gives_the_oom_to_the_kernel_killer(tree: V1Tree) -> None:
    holder = tree.spawn("", HOLD_MB)
    events: list[Event] = []
    with relay(tree, decline, events) as r:
        alloc = tree.spawn("", ALLOC_MB, wait=False)
        assert drive(r, lambda: not holder.alive() or not alloc.alive()), "nobody was killed: the OOM hung"
        assert tree.oom_control()["oom_kill_disable"] == 1  # paused again for the next OOM
    assert holder.killed() or alloc.killed()
    failsafe = next(e for e in events if e.kind == "failsafe")
    assert failsafe["why"] == "declined"
    assert failsafe["kernel_killed"] is True
    assert next(e for e in events if e.kind == "verdict")["verdict"] == "passed"
    assert tree.oom_control()["under_oom"] == 0


def test_a_failing_policy_is_a_failsafe_not_a_crash(tree: V1Tree) -> None:
    def broken(ctx: BridgeContext) -> Decision:
        raise RuntimeError("the policy broke")

    holder = tree.spawn("", HOLD_MB)
    events: list[Event] = []
    with relay(tree, broken, events) as r:
        alloc = tree.spawn("", ALLOC_MB, wait=False)
        assert drive(r, lambda: not holder.alive() or not alloc.alive())
    verdict = next(e for e in events if e.kind == "verdict")
    assert (verdict["verdict"], verdict["error"]) == ("error", "the policy broke")
    assert next(e for e in events if e.kind == "failsafe")["why"] == "error"


def test_a_kill_that_frees_nothing_hits_the_deadline(tree: V1Tree) -> None:
    def liar(ctx: BridgeContext) -> Decision:  # claims a kill, kills nobody
        return Decision(1, ctx.replace(nr_kills=1), [KillRecord(1, 0, 0, "nobody")])

    holder = tree.spawn("", HOLD_MB)
    events: list[Event] = []
    with relay(tree, liar, events, deadline_ms=50) as r:
        alloc = tree.spawn("", ALLOC_MB, wait=False)
        assert drive(r, lambda: not holder.alive() or not alloc.alive())
    failsafe = next(e for e in events if e.kind == "failsafe")
    assert (failsafe["why"], failsafe["kernel_killed"]) == ("deadline", True)


def test_stop_restores_every_setting_and_closes_every_fd(tree: V1Tree) -> None:
    tree.make("a")
    tree.make("a/b")
    tree.make("c")
    with open(os.path.join(tree.path("c"), "memory.oom_control"), "w") as f:
        f.write("1")  # someone else's choice: must stay 1 after the relay
    before = tree.disable_values()
    fds = open_fd_count()
    events: list[Event] = []
    with relay(tree, decline, events) as r:
        assert set(tree.disable_values().values()) == {1}
        late = tree.make("late")  # created after the start: picked up by the rescan
        assert wait_until(lambda: (r.run_once(0.1), late in r.memcgs)[1])
        assert tree.oom_control("late")["oom_kill_disable"] == 1
        watchdog = Exits(next(e for e in events if e.kind == "start")["watchdog_pid"])  # immune to pid reuse
        fds += 1  # the pidfd of that watch
    assert tree.disable_values() == {**before, late: 0}
    assert open_fd_count() == fds
    assert watchdog.reaped()  # stopped and reaped by the relay's stop, not left to exit later
    watchdog.close()
    assert events[-1].kind == "stop"
    assert events[-1]["restored"] == 5


def test_a_memcg_created_just_before_stop_is_restored_too(tree: V1Tree) -> None:
    """v1 copies the parent's oom_kill_disable=1 into a new child; one created after the last rescan must not keep
    it once the relay is gone (its OOMs would stay paused with nobody to handle them)."""
    events: list[Event] = []
    with relay(tree, decline, events):
        late = tree.make("late")  # no run_once: the relay has not rescanned since
        assert tree.oom_control("late")["oom_kill_disable"] == 1
    assert tree.disable_values() == {tree.root: 0, late: 0}
    assert events[-1]["restored"] == 2


def test_the_root_memcg_is_refused_clearly() -> None:
    from pyoombpf.bridge.memcg_v1 import v1_memory_root

    root = v1_memory_root()
    if root is None:
        pytest.skip("needs the memory controller on cgroup v1")
    with pytest.raises(NotSupportedError, match="EINVAL.*attach to a memcg below it"):
        Relay(root, decline, lock_memory=False)


def test_event_stream_is_one_json_object_per_line(tree: V1Tree) -> None:
    holder = tree.spawn("", HOLD_MB)
    events: list[Event] = []
    with relay(tree, killer(holder, tree.cgroup_id()), events) as r:
        alloc = tree.spawn("", ALLOC_MB, wait=False)
        assert drive(r, alloc.finished)
    lines = [e.to_json() for e in events]
    decoded = [json.loads(line) for line in lines]
    assert all("\n" not in line for line in lines)
    assert all(d["event"] in KINDS and isinstance(d["time"], float) for d in decoded)
    by_kind = {d["event"]: d for d in decoded}
    assert set(by_kind["start"]) >= {"mode", "cgroup", "policy", "memcgs", "deadline_ms", "pid", "watchdog_pid"}
    assert set(by_kind["oom"]) >= {"seq", "memcg", "memcg_id", "usage", "limit"}
    assert set(by_kind["verdict"]) >= {"seq", "memcg", "verdict", "retval", "nr_kills"}
    assert set(by_kind["kill"]) >= {"seq", "pid", "comm", "cgroup", "cgroup_id", "reason"}
    assert set(by_kind["stop"]) >= {"reason", "ooms", "kills", "failsafes", "restored"}
    assert all(e.to_text().startswith("pyoombpf: ") for e in events)


def test_the_relay_refuses_to_run_inside_the_memcg_it_pauses(tree: V1Tree) -> None:
    child = subprocess.run(
        [sys.executable, "-c", INSIDE, tree.root],
        preexec_fn=lambda: v1_write(os.path.join(tree.root, "cgroup.procs"), str(os.getpid())),
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert "an OOM there would pause the relay itself" in child.stdout, child.stderr
    assert tree.oom_control()["oom_kill_disable"] == 0


INSIDE = """\\
import sys
from pyoombpf.bridge.relay import Relay
from pyoombpf.errors import PyoombpfError
try:
    Relay(sys.argv[1], lambda ctx: None, lock_memory=False)
except PyoombpfError as exc:
    print(exc)
"""


def test_a_memcg_removed_while_the_rescan_reads_it_is_skipped(tree: V1Tree, monkeypatch: pytest.MonkeyPatch) -> None:
    """A memcg removed between the rescan's open of its files and its read of them (a container that exits): the
    kernel answers ENODEV, not ENOENT.  The relay skips it, as one removed before the open, and keeps running."""
    events: list[Event] = []
    with relay(tree, decline, events) as r:
        gone = tree.make("gone")

        class RemovedAfterOpen(relay_module.WatchedMemcg):
            def state(self) -> OomState:
                if self.path == gone and os.path.isdir(gone):
                    os.rmdir(gone)  # the files are open: the read below meets a removed cgroup
                return super().state()

        monkeypatch.setattr(relay_module, "WatchedMemcg", RemovedAfterOpen)
        kept = tree.make("kept")
        assert wait_until(lambda: (r.run_once(0.1), kept in r.memcgs)[1])
        assert not os.path.isdir(gone) and gone not in r.memcgs
        assert tree.oom_control("kept")["oom_kill_disable"] == 1
    assert tree.oom_control("kept")["oom_kill_disable"] == 0
    assert events[-1].kind == "stop"


def test_twenty_start_stop_cycles_leave_no_fd_and_no_process(tree: V1Tree) -> None:
    tree.make("a")
    tree.make("a/b")
    with relay(tree, decline, []):
        pass  # the first start fills per-process caches (imports, the page size, the libc binding)
    fds = open_fd_count()
    watchdogs = []
    for _ in range(20):
        events: list[Event] = []
        with relay(tree, decline, events) as r:
            r.run_once(0)
            # watched while it surely runs: a later process given its pid (pid wrap) cannot look like it
            watchdogs.append(Exits(events[[e.kind for e in events].index("start")]["watchdog_pid"]))
    assert open_fd_count() == fds + len(watchdogs)  # nothing but the pidfds of those watches
    assert not [w.pid for w in watchdogs if not w.reaped()]  # neither running nor a zombie
    for w in watchdogs:
        w.close()
    assert set(tree.disable_values().values()) == {0}


def test_a_failing_event_callback_does_not_cut_an_oom_short(tree: V1Tree) -> None:
    holder = tree.spawn("", HOLD_MB)
    seen: list[str] = []

    def fragile(event: Event) -> None:
        seen.append(event.kind)
        if event.kind == "kill":
            raise BrokenPipeError("stdout went away")

    with Relay(tree.root, killer(holder, tree.cgroup_id()), on_event=fragile, lock_memory=False) as r:  # type: ignore[arg-type]
        alloc = tree.spawn("", ALLOC_MB, wait=False)
        with pytest.raises(BrokenPipeError):
            drive(r, alloc.finished)
        assert "freed" in seen  # the OOM was finished before the error surfaced
        assert alloc.wait_done()
    assert tree.oom_control()["oom_kill_disable"] == 0


def test_a_dead_watchdog_is_replaced_once_and_close_still_restores(tree: V1Tree) -> None:
    events: list[Event] = []
    with relay(tree, decline, events) as r:
        first = r.watchdog_pid
        assert first is not None
        os.kill(first, signal.SIGKILL)  # a process this test's relay started

        def replaced() -> bool:
            r.run_once(0.1)
            return r.watchdog_pid not in (None, first)

        assert wait_until(replaced)
        r.run_once(1.2)  # another rescan: nothing more to report
        assert r.watchdog_pid is not None
        second = Exits(r.watchdog_pid)
        assert tree.oom_control()["oom_kill_disable"] == 1
    notes = [e for e in events if e.kind == "warning" and "watchdog" in e["message"]]
    assert len(notes) == 1 and notes[0]["watchdog_pid"] == second.pid, notes
    assert tree.oom_control()["oom_kill_disable"] == 0
    with second:
        assert second.wait()


def test_sibling_memcgs_out_of_memory_at_once_are_each_handled(tree: V1Tree) -> None:
    tree.limit(tree.root, 256)
    holders = {}
    for name in ("a", "b"):
        tree.make(name, limit_mb=96)
        holders[tree.cgroup_id(name)] = tree.spawn(name, 50)

    def kill_in_memcg(ctx: BridgeContext) -> Decision:  # the holder of whichever memcg is out of memory
        victim = holders[ctx.memcg_id]
        os.kill(victim.pid, signal.SIGKILL)
        return Decision(1, ctx.replace(nr_kills=1), [KillRecord(victim.pid, 0, ctx.memcg_id, "python3")])

    events: list[Event] = []
    with relay(tree, kill_in_memcg, events) as r:
        allocs = [tree.spawn(name, 50, wait=False) for name in ("a", "b")]
        assert drive(r, lambda: all(a.finished() for a in allocs)), [e.to_json() for e in events]
    assert all(h.killed() for h in holders.values())
    assert sorted(e["cgroup"] for e in events if e.kind == "kill") == [tree.path("a"), tree.path("b")]
    assert not [e for e in events if e.kind == "failsafe"]


def test_a_watchdog_that_stops_reading_is_replaced(tree: V1Tree) -> None:
    """A stopped watchdog cannot stall the relay: its pipe fills, the relay waits a moment for a message the
    watchdog must have (a memcg about to be paused), then kills it and starts another."""
    events: list[Event] = []
    with relay(tree, decline, events) as r:
        stuck = r.watchdog_pid
        assert stuck is not None
        stuck_exits = Exits(stuck)
        os.kill(stuck, signal.SIGSTOP)  # started by this test's relay
        try:
            for i in range(1000):  # ~110 bytes of "watch" message each: more than a pipe holds
                tree.make(f"a-memcg-with-a-name-long-enough-to-fill-the-pipe-{i:04d}")

            def replaced() -> bool:
                r.run_once(0.1)
                return r.watchdog_pid != stuck

            assert wait_until(replaced, timeout=60)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.kill(stuck, signal.SIGCONT)
        assert len(r.memcgs) == 1001
        assert set(tree.disable_values().values()) == {1}
    assert any("stopped reading its pipe" in e.get("message", "") for e in events)
    assert set(tree.disable_values().values()) == {0}
    with stuck_exits:
        assert stuck_exits.wait()


def straggling_killer(holder: Proc, straggler: subprocess.Popen[bytes], cgroup_id: int) -> object:
    """A decider that kills ``holder`` and also reports ``straggler`` (a process this test started) as a victim:
    one that stands for a victim still exiting when the relay is told to stop."""

    def decide(ctx: BridgeContext) -> Decision:
        os.kill(holder.pid, signal.SIGKILL)
        kills = [KillRecord(holder.pid, 0, cgroup_id, "python3"), KillRecord(straggler.pid, 0, cgroup_id, "sleep")]
        return Decision(1, ctx.replace(nr_kills=2), kills)

    return decide


def test_stop_waits_for_an_exiting_victim_then_restores(tree: V1Tree) -> None:
    """Stopped right after a kill, the relay hands the memcgs back only once its victims are gone: the woken
    allocator must not find the kernel's OOM killer armed while the victim's memory is still being freed (it would
    take a bystander for an OOM the policy already ended)."""
    holder = tree.spawn("", HOLD_MB)
    straggler = subprocess.Popen(["sleep", "1"])  # exits by itself, well inside the deadline below
    try:
        events: list[Event] = []
        with relay(tree, straggling_killer(holder, straggler, tree.cgroup_id()), events, deadline_ms=30_000) as r:
            alloc = tree.spawn("", ALLOC_MB, wait=False)
            assert drive(r, lambda: any(e.kind == "freed" for e in events)), [e.to_json() for e in events]
            assert straggler.poll() is None  # still "exiting" when the stop begins
        assert straggler.poll() is not None  # close() waited for it ...
        assert tree.oom_control()["oom_kill_disable"] == 0  # ... then restored
        assert events[-1].kind == "stop" and events[-1]["restored"] == 1
        assert alloc.wait_done()
    finally:
        straggler.kill()
        straggler.wait()


def test_stop_waits_at_most_the_deadline(tree: V1Tree) -> None:
    """A victim that does not exit cannot hold the stop: the settings are restored after the deadline."""
    holder = tree.spawn("", HOLD_MB)
    straggler = subprocess.Popen(["sleep", "600"])
    try:
        events: list[Event] = []
        with relay(tree, straggling_killer(holder, straggler, tree.cgroup_id()), events, deadline_ms=300) as r:
            alloc = tree.spawn("", ALLOC_MB, wait=False)
            assert drive(r, lambda: any(e.kind == "freed" for e in events)), [e.to_json() for e in events]
        assert straggler.poll() is None  # not waited for past the deadline
        assert tree.oom_control()["oom_kill_disable"] == 0
        assert events[-1].kind == "stop"
        assert alloc.wait_done()
    finally:
        straggler.kill()
        straggler.wait()
