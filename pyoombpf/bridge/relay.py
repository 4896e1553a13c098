"""The bridge relay on cgroup v1: pause OOMs, run the policy, fail safe.

``Relay(cgroup, decider)`` claims the subtree at ``cgroup`` (one decider per subtree, :mod:`~pyoombpf.bridge.claims`),
sets ``oom_kill_disable=1`` on the memcg at ``cgroup`` and on every memcg below it (the kernel pauses an OOM only
in the memcg that hit its limit), registers an eventfd on each, and from then on turns every OOM into one call of
``decider`` (see :mod:`pyoombpf.bridge.decider`).  If the decider passes, fails, or nothing is freed within
``deadline_ms``, the failsafe gives that OOM to the kernel's own OOM killer.  A watchdog process
(:mod:`~pyoombpf.bridge.watchdog`) does the same when the relay is stopped, stuck or slow, and restores every
setting if the relay dies; the relay starts a new watchdog when its watchdog dies.  :meth:`Relay.close` restores
the settings otherwise, once the victims it killed have exited (waiting at most ``deadline_ms``).  Memcgs are
followed by id: one removed and created again at the same path is a new memcg.
"""

from __future__ import annotations

import contextlib
import os
import select
import time

from pyoombpf.bridge.abi import FLAG_VICTIM_EXITING, NO_SUCH_CGROUP, STATUS_NO_MEMCG, BridgeContext
from pyoombpf.bridge.loop import (
    DEFAULT_DEADLINE_MS,
    RESCAN_INTERVAL_S,
    RelayLoop,
    cgroup_depth,
    check_outside,
    own_cgroup,
)
from pyoombpf.bridge.memcg_v1 import (
    PAGE_SIZE,
    WatchedMemcg,
    cgroup_removed,
    hierarchy_id,
    memcg_dirs,
    restore_unknown,
    v1_memory_root,
)
from pyoombpf.bridge.oom_control import cgroup_id as current_cgroup_id
from pyoombpf.bridge.victims import Victims
from pyoombpf.bridge.watchdog import BEGIN, END, FORGET, RELEASED, UNDO, WATCH
from pyoombpf.bridge.watchdog_link import WatchdogLink, WatchdogStuck
from pyoombpf.errors import NotSupportedError, PyoombpfError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from pyoombpf.bridge.decider import Decider, Decision
    from pyoombpf.bridge.events import EventSink

DEFAULT_FAILSAFE_TIMEOUT_MS = 5000
DEFAULT_WATCHDOG_GRACE_MS = 500  # on top of the deadline, before the watchdog takes an OOM from the relay
WATCHDOG_RESTARTS = 5  # at most this many new watchdogs within WATCHDOG_RESTART_WINDOW_S, then the relay stops
WATCHDOG_RESTART_WINDOW_S = 60.0
_POLL_STEP_S = 0.0005
#: while a victim exits, how often the relay looks whether the memory came back: it sleeps on the victims' pidfds
#: in between (on a busy machine, polling every _POLL_STEP_S took CPU time from the victim's exit and the allocator)
_EXITING_STEP_S = 0.005
_WAKE_GRACE_S = 0.05  # after the last victim exited, how long paused tasks get to wake up before the policy runs
#: a memcg with less room than this below its limit is still out of memory once every victim exited (a charge is
#: up to a huge page, and the per-CPU charge stocks hold up to 64 pages per CPU that usage counts as used)
_STILL_FULL_BYTES = 4 << 20
_RELEASE_SETTLE_S = 0.1  # after a watchdog release: under_oom 0 for this long and no kernel kill = resolved otherwise
UNLIMITED = 1 << 62  # memory.limit_in_bytes at or above this is "no limit" (LONG_MAX, page-rounded)
FREED, GONE, TIMEOUT = "freed", "gone", "timeout"


def _resolve_cgroup(cgroup: str | None) -> tuple[str, str]:
    """(v1 memory mount point, absolute memcg directory) for ``cgroup`` (a path, absolute or below the mount)."""
    root = v1_memory_root()
    if root is None:
        raise NotSupportedError(
            "the cgroup v1 OOM relay",
            "the memory controller is not on a cgroup v1 hierarchy here (it is on cgroup v2)",
            "use pyoombpf.bridge.RelayV2 (run_policy and `pyoombpf run` pick it by where memory is)",
        )
    path = os.path.realpath(os.path.join(root, cgroup) if cgroup is not None else root)
    if os.path.commonpath([path, root]) != root or not os.path.exists(os.path.join(path, "memory.oom_control")):
        raise PyoombpfError(f"{cgroup!r} is not a memory cgroup directory under {root}; create it or fix the path")
    if path == root:
        raise NotSupportedError(
            f"the bridge relay on the root memory cgroup ({root})",
            "the kernel refuses oom_kill_disable on the v1 root memcg (EINVAL), so a global OOM cannot be paused",
            f"attach to a memcg below it (--cgroup {root}/<group>) and put the workload there",
        )
    # The relay must not be charged to a memcg it pauses: its own page faults would stall with the OOM.
    check_outside(
        path,
        own_cgroup(root, v1=True),
        "an OOM there would pause the relay itself; run it from a memory cgroup outside the one it handles",
    )
    return root, path


class Relay(RelayLoop):
    """Bridge relay on one cgroup v1 memcg subtree.  A context manager; see the module docstring."""

    def __init__(
        self,
        cgroup: str | None,
        decider: Decider,
        *,
        deadline_ms: float = DEFAULT_DEADLINE_MS,
        failsafe_timeout_ms: float = DEFAULT_FAILSAFE_TIMEOUT_MS,
        watchdog_grace_ms: float = DEFAULT_WATCHDOG_GRACE_MS,
        reap: bool = True,
        on_event: EventSink | None = None,
        kill_reasons: list[str] | tuple[str, ...] = (),
        policy_name: str = "",
        lock_memory: bool = True,
        realtime: bool | None = None,
    ) -> None:
        self.root, self.path = _resolve_cgroup(cgroup)
        super().__init__(decider, deadline_ms, on_event, kill_reasons, policy_name)
        self.failsafe_timeout_s = failsafe_timeout_ms / 1000
        self.watchdog_limit_ms = deadline_ms + watchdog_grace_ms
        self.reap = reap
        self._memcgs: dict[str, WatchedMemcg] = {}
        self._by_efd: dict[int, WatchedMemcg] = {}
        self._link: WatchdogLink | None = None
        self._restarts: list[float] = []
        self._victims = Victims()
        self._started = False
        self._last_handled: dict[int, float] = {}
        self.stats = {"ooms": 0, "kills": 0, "failsafes": 0}
        self._hierarchy_id = hierarchy_id()
        self._attach_id = 0  # the attach memcg's cgroup id, known once it is watched
        self._attach_depth = cgroup_depth(self.root, self.path)
        self._parent_oom_fd: int | None = None  # the attach point's parent's oom_control, read when it OOMs
        self._undo: dict[str, list[Any]] = {}  # what the watchdog must undo if we die (release actions)
        self.realtime = realtime
        self._begin(lock_memory)

    # ------------------------------------------------------------------ start / stop
    def _start(self, lock_memory: bool) -> None:
        self._take_claim("v1", os.stat(self.path).st_ino)
        self._protect(lock_memory)
        self._attach_id = os.stat(self.path).st_ino
        self._start_watchdog()
        self._rescan()
        with contextlib.suppress(OSError):
            self._parent_oom_fd = os.open(
                os.path.join(os.path.dirname(self.path), "memory.oom_control"), os.O_RDONLY | os.O_CLOEXEC
            )
        self._started = True
        self._warn_unlimited()
        self._emit(
            "start",
            mode="bridge",
            trigger="cgroup-v1",
            cgroup=self.path,
            policy=self.policy_name,
            memcgs=len(self._memcgs),
            deadline_ms=self.deadline_s * 1000,
            pid=os.getpid(),
            watchdog_pid=self._link.pid if self._link else None,
        )

    def _warn_unlimited(self) -> None:
        """No memcg of the subtree has a limit: its OOMs can only be an ancestor's or the system's, which this
        relay does not decide; say so at the start rather than wait silently for an OOM that never comes here."""
        if any(_limited(m) for m in self._memcgs.values()):
            return
        self._warn(
            f"no memory cgroup at or below {self.path} has a memory limit (memory.limit_in_bytes): an OOM can only "
            "happen above it (at a limited ancestor, or system-wide), and this relay decides none of those; set a "
            f"limit (echo 256M > {self.path}/memory.limit_in_bytes) or attach to the cgroup that carries it"
        )

    def _start_watchdog(self) -> None:
        link = WatchdogLink(self.path, self._attach_id, self.watchdog_limit_ms)
        for what, problem in link.problems.items():
            if problem and what != "oom_score_adj":
                self._warn(f"watchdog: {what} failed ({problem})")
        self._link = link
        self._poller.register(link.pidfd, select.POLLIN)
        self._poller.register(link.out_fd, select.POLLIN)

    def _stop_watchdog(self, *, clean: bool, kill: bool = False) -> None:
        link, self._link = self._link, None
        if link is None:
            return
        for fd in (link.pidfd, link.out_fd):
            with contextlib.suppress(KeyError, ValueError, OSError):
                self._poller.unregister(fd)
        link.close(clean=clean, kill=kill)

    def _tell(self, *msg: Any, must: bool = False) -> None:
        """Send the watchdog a message; one it ``must`` have goes to a new watchdog if this one stopped reading."""
        if self._link is None:
            return
        try:
            self._link.send(*msg, must=must)
        except WatchdogStuck:
            self._replace_watchdog("stopped reading its pipe")
            self._link.send(*msg, must=True)

    def _guard(self, *msg: Any) -> None:
        """Release actions: tell the watchdog what to undo if the relay dies (``undo``), and when that is over
        (``done``); remembered, so a new watchdog is told too."""
        if msg[0] == UNDO:
            self._undo[str(msg[1])] = list(msg)
        else:
            self._undo.pop(str(msg[1]), None)
        self._tell(*msg, must=True)

    def _watch(self, path: str) -> None:
        memcg = WatchedMemcg(path)
        parent = self._memcgs.get(os.path.dirname(path))
        if parent is not None and self._started:
            # v1 copies oom_kill_disable from the parent into a new memcg: a child created while we run got
            # our 1; what it would have had without us is the parent's original value.
            memcg.original_disable = parent.original_disable
        try:
            self._tell(WATCH, memcg.id, path, memcg.original_disable, must=True)  # before the write
            memcg.set_disable(1)
        except BaseException:
            memcg.close()
            raise
        self._memcgs[path] = memcg
        self._by_efd[memcg.efd] = memcg
        self._poller.register(memcg.efd, select.POLLIN)

    def _unwatch(self, memcg: WatchedMemcg) -> None:
        """Stop watching ``memcg`` (removed: nothing to restore)."""
        self._close_memcg(memcg)
        self._tell(FORGET, memcg.id)

    def _close_memcg(self, memcg: WatchedMemcg) -> None:
        del self._memcgs[memcg.path]
        del self._by_efd[memcg.efd]
        self._poller.unregister(memcg.efd)
        memcg.close()

    def _rescan(self) -> None:
        """Watch memcgs created below the attach point since the last scan (or created again at a known path);
        drop removed ones."""
        self._next_rescan = time.monotonic() + RESCAN_INTERVAL_S
        for memcg in [m for m in self._memcgs.values() if not m.exists()]:
            self._unwatch(memcg)
        if self._started and current_cgroup_id(self.path) != self._attach_id:
            # the attach memcg itself is gone (or another one now has its path): nothing is left to decide for,
            # and our claim on the path would refuse a relay started on the memcg created there again
            self.stop("cgroup-removed")
            return
        for path in memcg_dirs(self.path):
            if path not in self._memcgs:
                try:
                    self._watch(path)
                except OSError as exc:
                    if not cgroup_removed(exc):
                        raise
                    continue  # removed while we looked (ENOENT), or between our open and read (ENODEV)

    def _restore_all(self) -> int:
        """Every watched memcg back to its original setting (deepest first), and the memcgs created below them
        since the last scan (they inherited our 1).  How many were written."""
        restored = 0
        for memcg in sorted(self._memcgs.values(), key=lambda m: m.path, reverse=True):
            try:
                memcg.set_disable(memcg.original_disable)
                restored += 1
            except PyoombpfError:
                continue  # removed meanwhile
        known = {m.id: m.original_disable for m in self._memcgs.values()}
        return restored + len(restore_unknown(self.path, self._attach_id, known))

    def _shutdown(self, reason: str) -> None:
        if self._closed:
            return
        self._closed = True
        self._thaw_all()  # nothing the policy froze stays frozen
        # a victim still on its way out holds memory its OOM is waiting for: handed back now, the kernel's killer
        # would see the paused allocator retry before that memory is uncharged and take a bystander as well
        self._victims.wait(self.deadline_s)
        restored = self._restore_all() if self._memcgs else 0
        for memcg in list(self._memcgs.values()):
            self._close_memcg(memcg)  # the watchdog keeps them all: it checks them once more when we are gone
        self._stop_watchdog(clean=True)
        if self._parent_oom_fd is not None:
            os.close(self._parent_oom_fd)
        self._victims.close()
        self._unprotect()
        self._release_claim()
        if reason != "error":
            self._emit("stop", reason=reason, restored=restored, **self.stats)

    @property
    def memcgs(self) -> list[str]:
        return sorted(self._memcgs)

    @property
    def watchdog_pid(self) -> int | None:
        return self._link.pid if self._link is not None else None

    def _by_id(self, cgroup_id: int) -> WatchedMemcg | None:
        return next((m for m in self._memcgs.values() if m.id == cgroup_id), None)

    def _owns(self, cgroup_id: int) -> bool:
        return self._by_id(cgroup_id) is not None

    def cgroup_path(self, cgroup_id: int) -> str:
        memcg = self._by_id(cgroup_id)
        if memcg is not None:
            return memcg.path
        here = self.path
        while here != self.root:  # outside the subtree: perhaps an ancestor
            here = os.path.dirname(here)
            with contextlib.suppress(OSError):
                if os.stat(here).st_ino == cgroup_id:
                    return here
        return f"<cgroup id {cgroup_id}>"

    # ------------------------------------------------------------------ the loop
    def run_once(self, timeout: float = 0.0) -> int:
        """Wait up to ``timeout`` seconds for OOM notifications and handle every paused OOM; returns how many
        OOMs were handled."""
        if self._closed:
            raise PyoombpfError("the relay is closed; start a new one")
        try:
            return self._run_once(timeout)
        finally:
            self._restore_priority()  # real-time again (if it was) before the next wait

    def _run_once(self, timeout: float) -> int:
        if time.monotonic() >= self._next_rescan:
            self._rescan()
            self._sweep()
        self._expire_frozen()
        if self._freezer is not None and self._freezer.frozen:  # wake up in time to end a freeze
            timeout = min(timeout, max(0.0, min(e.until for e in self._freezer.frozen.values()) - time.monotonic()))
        ready = {fd for fd, _ in self._poller.poll(max(0, timeout) * 1000)}
        self._supervise(ready)
        if not ready:
            self._raise_sink_error()
            return 0
        self._drain_wake()
        fired = [self._by_efd[fd] for fd in ready if fd in self._by_efd]
        # an OOM notification: the notified memcgs only; any other wake-up (the watchdog released an OOM, say):
        # every memcg still paused
        handled = self._handle_notified(fired) if fired else self.handle_pending()
        self._raise_sink_error()
        return handled

    def _handle_notified(self, fired: list[WatchedMemcg]) -> int:
        """The OOM that woke the relay, before anything else: the kernel signalled the memcg that hit its limit
        and every memcg below it, so the topmost of them showing ``under_oom 1`` is the OOMing one.  One read of
        each notified memcg, none of the others.  A removed memcg signals too; its files then fail to read."""
        removed = False
        paused: list[WatchedMemcg] = []
        for memcg in sorted(fired, key=lambda m: m.path.count("/")):
            memcg.drain()
            try:
                state = memcg.state()
            except OSError:
                removed = True
                continue
            if state.under_oom and not any(memcg.path.startswith(p.path + "/") for p in paused):
                paused.append(memcg)
        if removed:
            self._rescan()
        if paused and paused[0].path == self.path and self._ancestor_oom():
            return 0
        for memcg in paused:
            self._handle(memcg)
        return len(paused)

    def _sweep(self) -> None:
        """Safety net: an OOM still paused a second after the relay last looked at it (no new notification
        came) is handled again."""
        now = time.monotonic()
        for memcg in self._paused():
            if now - self._last_handled.get(memcg.id, 0.0) >= RESCAN_INTERVAL_S:
                self._handle(memcg)

    def handle_pending(self) -> int:
        """Handle each OOM paused right now, once; returns how many.  A memcg stays ``under_oom`` until its
        paused tasks wake up, which is after the memory is freed: only a new notification (a new OOM) makes the
        relay look at it again."""
        paused = self._paused()
        for memcg in paused:
            self._handle(memcg)
        return len(paused)

    def _paused(self) -> list[WatchedMemcg]:
        """The OOMing memcgs: the topmost watched ones showing ``under_oom 1`` (v1 marks the whole subtree of
        the memcg that hit its limit)."""
        found: list[WatchedMemcg] = []
        for path in sorted(self._memcgs, key=lambda p: p.count("/")):
            if any(path.startswith(m.path + "/") for m in found):
                continue
            memcg = self._memcgs[path]
            try:
                if memcg.state().under_oom:
                    found.append(memcg)
            except OSError:
                continue  # removed
        if found and found[0].path == self.path and self._ancestor_oom():
            return []
        return found

    def _ancestor_oom(self) -> bool:
        """Whether the OOM is above the attach point (the kernel handles those; we cannot pause them)."""
        if self._parent_oom_fd is None:
            return False
        try:
            above = b"under_oom 1" in os.pread(self._parent_oom_fd, 256, 0)
        except OSError:
            return False
        if above:
            self._warn(f"OOM in an ancestor of {self.path}: the kernel handles it (the relay only pauses below)")
        return above

    # ------------------------------------------------------------------ the watchdog
    def _supervise(self, ready: set[int]) -> None:
        """What the watchdog said (it released an OOM), and whether it is still there."""
        link = self._link
        if link is None:
            return
        if link.out_fd in ready:
            for msg in link.receive():
                if msg[0] == RELEASED:
                    self._released(*msg[1:6])
        if link.pidfd in ready or link.exited():
            self._replace_watchdog()

    def _replace_watchdog(self, why: str = "") -> None:
        """The watchdog is gone (or stuck): give every memcg back to the kernel, start a new watchdog, tell it
        everything, pause OOMs again.  The relay stops (raises) when watchdogs keep dying."""
        old = self._link
        status = old.returncode if old is not None else None
        self._restore_all()  # nothing paused while no watchdog covers us
        self._stop_watchdog(clean=False, kill=bool(why))
        now = time.monotonic()
        self._restarts = [t for t in self._restarts if now - t < WATCHDOG_RESTART_WINDOW_S] + [now]
        if len(self._restarts) > WATCHDOG_RESTARTS:
            raise PyoombpfError(
                f"the relay's watchdog died {len(self._restarts)} times within {WATCHDOG_RESTART_WINDOW_S:g} s; "
                "every memcg was restored and the relay stops (an OOM killer that cannot be supervised should "
                "not pause OOMs)"
            )
        self._start_watchdog()
        for memcg in self._memcgs.values():
            self._tell(WATCH, memcg.id, memcg.path, memcg.original_disable, must=True)
        for undo in self._undo.values():
            self._tell(*undo, must=True)
        for memcg in self._memcgs.values():
            with contextlib.suppress(PyoombpfError):
                memcg.set_disable(1)
        self._emit(
            "warning",
            message=f"the watchdog (pid {old.pid if old else '?'}) {why or f'exited (status {status})'}: every "
            f"memcg was given back to the kernel meanwhile; a new watchdog (pid {self.watchdog_pid}) took over",
            watchdog_pid=self.watchdog_pid,
        )

    def _released(self, memcg_id: int, path: str, waited_ms: float, seq: int, kills_before: int) -> None:
        """The watchdog gave an OOM the relay had not resolved in time to the kernel: report it, wait for the
        kernel's kill, pause OOMs there again."""
        memcg = self._by_id(memcg_id)
        if not seq:  # the relay never saw this OOM (it was stopped the whole time)
            seq = self._count_oom(memcg_id, path)
        self._count_failsafe(memcg_id, path, "watchdog")
        self._lower_priority()
        start = time.monotonic()
        killed = False
        if memcg is not None:
            killed = self._await_kernel(memcg, kills_before, settle_s=_RELEASE_SETTLE_S)
            with contextlib.suppress(PyoombpfError):
                memcg.set_disable(1)
        self._emit(
            "failsafe",
            seq=seq,
            memcg=path,
            why="watchdog",
            kernel_killed=killed,
            waited_ms=waited_ms + (time.monotonic() - start) * 1000,
        )

    # ------------------------------------------------------------------ one OOM
    def probe_context(self) -> BridgeContext:
        """A context as an OOM gets it, for a memcg that does not exist: the program finds none and returns
        (``STATUS_NO_MEMCG``) without running the policy."""
        return BridgeContext(
            memcg_id=NO_SUCH_CGROUP,
            attach_cgroup_id=self._attach_id,
            totalpages=self._mem_total_pages,
            hierarchy_id=self._hierarchy_id,
            attach_depth=self._attach_depth,
        )

    def _context(self, memcg: WatchedMemcg, limit: int) -> BridgeContext:
        return BridgeContext(
            memcg_id=memcg.id,
            attach_cgroup_id=self._attach_id,
            totalpages=min(limit // PAGE_SIZE, self._mem_total_pages),
            hierarchy_id=self._hierarchy_id,
            attach_depth=self._attach_depth,
        )

    def _handle(self, memcg: WatchedMemcg) -> None:
        seq = self._count_oom(memcg.id, memcg.path)
        self._last_handled[memcg.id] = time.monotonic()
        self._hold()  # until the first decision's victims are reaped (_decide)
        self._later(lambda: self._tell(BEGIN, memcg.id, seq))
        try:
            self._resolve(seq, memcg)
        finally:
            self._release()
            self._tell(END, memcg.id, seq)

    def _resolve(self, seq: int, memcg: WatchedMemcg) -> None:
        """Run the policy until the OOM is over (memory freed), or give it to the kernel (failsafe).  When every
        victim has exited and the memcg is still out of memory, the policy decides again, until the deadline."""
        exiting = self._victims.exiting()
        limit = memcg.limit()
        self._emit(
            "oom",
            seq=seq,
            memcg=memcg.path,
            memcg_id=memcg.id,
            usage=memcg.usage(),
            limit=limit,
            victim_exiting=exiting,
        )
        if exiting and self._victim_exit_frees(seq, memcg):
            return
        end = time.monotonic() + self.deadline_s
        tried = released = 0
        while True:
            decision = self._decide(seq, memcg, limit, tried, released)
            if decision is None:
                return
            if decision.ctx.status == STATUS_NO_MEMCG:
                self._failsafe(seq, memcg, "no-memcg")
                return
            actions = self._new_actions(decision, tried) if decision.retval else []
            if not decision.killed and not any(not a.refused for a in actions):
                self._failsafe(seq, memcg, "declined")
                return
            if actions:
                freed, bits = self._carry_out(seq, memcg.path, memcg.usage, limit, actions, end)
                tried, released = tried | bits, released + freed
                if not decision.killed:
                    released_at = time.monotonic()
                    outcome = self._wait_freed(memcg, end)
                    if outcome == FREED:
                        after_ms = (time.monotonic() - released_at) * 1000
                        self._emit(
                            "freed", seq=seq, memcg=memcg.path, after_ms=after_ms, by="release", released=released
                        )
                        return
                    if outcome == TIMEOUT:
                        self._failsafe(seq, memcg, "deadline")
                        return
                    continue  # still full: the policy decides again, knowing what was tried and freed
            killed_at = time.monotonic()
            outcome = self._wait_freed(memcg, end)
            if outcome == FREED:
                after_ms = (time.monotonic() - killed_at) * 1000
                self._emit("freed", seq=seq, memcg=memcg.path, after_ms=after_ms, by="policy")
                return
            if outcome == TIMEOUT:
                self._failsafe(seq, memcg, "deadline")
                return

    def _decide(self, seq: int, memcg: WatchedMemcg, limit: int, tried: int = 0, released: int = 0) -> Decision | None:
        """One run of the policy; its victims followed (and reaped) and reported.  None when it failed (the
        failsafe has run)."""
        ctx = self._context(memcg, limit)
        ctx.tried, ctx.released = tried, released
        if self._victims.exiting():
            ctx.flags |= FLAG_VICTIM_EXITING
        started = time.monotonic()
        try:
            decision = self._decider(ctx)
        except Exception as exc:  # the policy must never take the relay down: the kernel decides instead
            self._emit("verdict", seq=seq, memcg=memcg.path, verdict="error", retval=None, nr_kills=0, error=str(exc))
            self._release()
            self._lower_priority()
            self._failsafe(seq, memcg, "error")
            return None
        self._report_verdict(seq, memcg.path, decision, (time.monotonic() - started) * 1000)  # held: made now
        reaped = self._victims.add([k.pid for k in decision.kills if not k.refused], reap=self.reap)
        self._lower_priority()
        self._release()
        self._report_kills(seq, memcg.path, decision, reaped)
        return decision

    def _victim_exit_frees(self, seq: int, memcg: WatchedMemcg) -> bool:
        """A victim of an earlier kill is still exiting: wait for it (as the kernel's OOM killer would) instead
        of choosing another.  Whether that ended the OOM."""
        self._release()
        start = time.monotonic()
        self._victims.wait(self.deadline_s)
        if self._wait_freed(memcg, time.monotonic() + _WAKE_GRACE_S) != FREED:
            return False
        self._emit("freed", seq=seq, memcg=memcg.path, after_ms=(time.monotonic() - start) * 1000, by="victim-exit")
        return True

    def _wait_freed(self, memcg: WatchedMemcg, end: float) -> str:
        """How the OOM went after a kill: ``FREED`` (``under_oom 0``: the paused tasks woke up because memory was
        uncharged), ``GONE`` (every victim has exited, yet the memcg stays out of memory for longer than the
        paused tasks need to wake up) or ``TIMEOUT`` (``end`` came first).

        ``under_oom`` drops only when a paused task has run again, which on a loaded machine may take longer than
        the grace: once the victims' memory is uncharged (room below the limit), the relay waits for the paused
        tasks until ``end`` instead of running the policy again -- a second kill there would take a bystander."""
        gone_since: float | None = None
        while True:
            try:
                if not memcg.state().under_oom:
                    return FREED
            except OSError:
                return FREED  # the memcg is gone, and its memory with it
            now = time.monotonic()
            if not self._victims.exiting():
                gone_since = gone_since or now
                if now - gone_since >= _WAKE_GRACE_S and self._still_full(memcg):
                    return GONE
            if now >= end:
                return TIMEOUT
            if gone_since is None:  # a victim is still exiting: sleep on its pidfd, look again now and then
                self._victims.wait_any(min(_EXITING_STEP_S, end - now))
            else:
                time.sleep(_POLL_STEP_S)

    @staticmethod
    def _still_full(memcg: WatchedMemcg) -> bool:
        """Whether ``memcg`` has (almost) no room below its limit: what exited freed nothing there."""
        try:
            return memcg.limit() - memcg.usage() < _STILL_FULL_BYTES
        except OSError:
            return False  # the memcg is gone

    @staticmethod
    def _kills(memcgs: list[WatchedMemcg]) -> int:
        """The kernel's ``oom_kill`` counts of ``memcgs``, summed (a memcg removed meanwhile counts 0)."""
        total = 0
        for m in memcgs:
            try:
                total += m.state().oom_kill
            except OSError:
                continue
        return total

    def _subtree(self, memcg: WatchedMemcg) -> list[WatchedMemcg]:
        return [m for p, m in self._memcgs.items() if p == memcg.path or p.startswith(memcg.path + "/")]

    def _await_kernel(self, memcg: WatchedMemcg, before: int, settle_s: float | None = None) -> bool:
        """Wait until the kernel's OOM killer killed in ``memcg``'s subtree (its ``oom_kill`` counts grew past
        ``before``), at most the failsafe timeout; whether it did.  With ``settle_s``, stop waiting too once the
        memcg has shown ``under_oom 0`` for that long (the OOM ended some other way)."""
        subtree = self._subtree(memcg)
        start = time.monotonic()
        calm_since: float | None = None
        while time.monotonic() - start < self.failsafe_timeout_s:
            if self._kills(subtree) > before:
                return True
            if settle_s is not None:
                try:
                    paused = memcg.state().under_oom
                except OSError:
                    return False
                now = time.monotonic()
                calm_since = None if paused else (calm_since or now)
                if calm_since is not None and now - calm_since >= settle_s:
                    return False
            time.sleep(_POLL_STEP_S)
        return False

    def _failsafe(self, seq: int, memcg: WatchedMemcg, why: str) -> None:
        """Give this OOM to the kernel: ``oom_kill_disable=0`` (which also wakes the paused tasks, so the
        kernel's OOM killer runs at once), wait until the kernel killed (at most the failsafe timeout), then pause
        again."""
        self._count_failsafe(memcg.id, memcg.path, why)
        before = self._kills(self._subtree(memcg))
        start = time.monotonic()
        memcg.set_disable(0)
        killed = False
        try:
            killed = self._await_kernel(memcg, before)
        finally:
            with contextlib.suppress(PyoombpfError):  # removed meanwhile
                memcg.set_disable(1)
        self._emit(
            "failsafe",
            seq=seq,
            memcg=memcg.path,
            why=why,
            kernel_killed=killed,
            waited_ms=(time.monotonic() - start) * 1000,
        )


def _limited(memcg: WatchedMemcg) -> bool:
    """``memory.limit_in_bytes`` is set (the kernel shows "no limit" as a page-rounded LONG_MAX)."""
    try:
        return memcg.limit() < UNLIMITED
    except (OSError, ValueError):
        return False  # removed meanwhile
