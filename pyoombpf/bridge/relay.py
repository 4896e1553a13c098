"""The bridge relay on cgroup v1: pause OOMs, run the policy, fail safe.

``Relay(cgroup, decider)`` sets ``oom_kill_disable=1`` on the memcg at ``cgroup`` and on every memcg below it
(the kernel pauses an OOM only in the memcg that hit its limit), registers an eventfd on each, and from then on
turns every OOM into one call of ``decider`` (see :mod:`pyoombpf.bridge.decider`).  If the decider passes, fails,
or nothing is freed within ``deadline_ms``, the failsafe gives that OOM to the kernel's own OOM killer.  A
watchdog process restores the settings if the relay dies; :meth:`Relay.close` restores them otherwise.
"""

from __future__ import annotations

import contextlib
import os
import select
import time

from pyoombpf.bridge.abi import FLAG_VICTIM_EXITING, STATUS_NO_MEMCG, BridgeContext
from pyoombpf.bridge.decider import Decider
from pyoombpf.bridge.events import EventSink
from pyoombpf.bridge.loop import DEFAULT_DEADLINE_MS, RESCAN_INTERVAL_S, RelayLoop, check_outside, own_cgroup
from pyoombpf.bridge.memcg_v1 import (
    PAGE_SIZE,
    WatchedMemcg,
    hierarchy_id,
    memcg_dirs,
    v1_memory_root,
)
from pyoombpf.bridge.victims import Victims
from pyoombpf.bridge.watchdog import Watchdog
from pyoombpf.errors import NotSupportedError, PyoombpfError

DEFAULT_FAILSAFE_TIMEOUT_MS = 5000
_POLL_STEP_S = 0.0005
_WAKE_GRACE_S = 0.05  # after the last victim exited, how long paused tasks get to wake up before the policy runs


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
        on_event: EventSink | None = None,
        kill_reasons: list[str] | tuple[str, ...] = (),
        policy_name: str = "",
        lock_memory: bool = True,
    ) -> None:
        self.root, self.path = _resolve_cgroup(cgroup)
        super().__init__(decider, deadline_ms, on_event, kill_reasons, policy_name)
        self.failsafe_timeout_s = failsafe_timeout_ms / 1000
        self._memcgs: dict[str, WatchedMemcg] = {}
        self._watchdog: Watchdog | None = None
        self._victims = Victims()
        self._watchdog_warned = False
        self._started = False
        self._last_handled: dict[str, float] = {}
        self.stats = {"ooms": 0, "kills": 0, "failsafes": 0}
        self._hierarchy_id = hierarchy_id()
        self._attach_id = 0  # the attach memcg's cgroup id, known once it is watched
        self._parent_oom_fd: int | None = None  # the attach point's parent's oom_control, read when it OOMs
        self._begin(lock_memory)

    # ------------------------------------------------------------------ start / stop
    def _start(self, lock_memory: bool) -> None:
        self._protect(lock_memory)
        self._watchdog = Watchdog()
        for what, wd_problem in self._watchdog.problems.items():
            if wd_problem and what != "oom_score_adj":
                self._warn(f"watchdog: {what} failed ({wd_problem})")
        self._rescan()
        self._attach_id = self._memcgs[self.path].id
        with contextlib.suppress(OSError):
            self._parent_oom_fd = os.open(
                os.path.join(os.path.dirname(self.path), "memory.oom_control"), os.O_RDONLY | os.O_CLOEXEC
            )
        self._started = True
        self._emit(
            "start",
            mode="bridge",
            trigger="cgroup-v1",
            cgroup=self.path,
            policy=self.policy_name,
            memcgs=len(self._memcgs),
            deadline_ms=self.deadline_s * 1000,
            pid=os.getpid(),
            watchdog_pid=self._watchdog.pid,
        )

    def _watch(self, path: str) -> None:
        assert self._watchdog is not None
        memcg = WatchedMemcg(path)
        parent = self._memcgs.get(os.path.dirname(path))
        if parent is not None and self._started:
            # v1 copies oom_kill_disable from the parent into a new memcg: a child created while we run got
            # our 1; what it would have had without us is the parent's original value.
            memcg.original_disable = parent.original_disable
        try:
            if memcg.original_disable == 0:
                self._watchdog.changed(path)  # before the write: a relay killed right after it is covered
            memcg.set_disable(1)
        except BaseException:
            memcg.close()
            raise
        self._memcgs[path] = memcg
        self._poller.register(memcg.efd, select.POLLIN)

    def _unwatch(self, memcg: WatchedMemcg, restore: bool) -> bool:
        """Stop watching ``memcg``; restore its original setting if asked.  Whether that write succeeded."""
        del self._memcgs[memcg.path]
        self._poller.unregister(memcg.efd)
        ok = True
        if restore:
            try:
                memcg.set_disable(memcg.original_disable)
            except PyoombpfError:
                ok = False  # removed meanwhile
        memcg.close()
        if memcg.original_disable == 0 and self._watchdog is not None and self._watchdog.alive():
            self._watchdog.restored(memcg.path)
        return ok

    def _rescan(self) -> None:
        """Watch memcgs created below the attach point since the last scan; drop removed ones."""
        self._next_rescan = time.monotonic() + RESCAN_INTERVAL_S
        for memcg in [m for m in self._memcgs.values() if not m.exists()]:
            self._unwatch(memcg, restore=False)
        for path in memcg_dirs(self.path):
            if path not in self._memcgs:
                try:
                    self._watch(path)
                except FileNotFoundError:
                    continue  # removed while we looked
        if self._watchdog is not None and not self._watchdog.alive() and not self._watchdog_warned:
            self._watchdog_warned = True
            self._warn("the watchdog process is gone: if the relay dies now, paused OOMs stay paused")

    def _shutdown(self, reason: str) -> None:
        if self._closed:
            return
        self._closed = True
        restored = 0
        if self._started:  # a memcg created since the last scan inherited our 1 (v1 copies it): restore it too
            with contextlib.suppress(OSError, PyoombpfError):
                self._rescan()
        for memcg in sorted(self._memcgs.values(), key=lambda m: m.path, reverse=True):
            restored += self._unwatch(memcg, restore=True)
        if self._watchdog is not None:
            self._watchdog.close()
        if self._parent_oom_fd is not None:
            os.close(self._parent_oom_fd)
        self._victims.close()
        self._unprotect()
        if reason != "error":
            self._emit("stop", reason=reason, restored=restored, **self.stats)

    @property
    def memcgs(self) -> list[str]:
        return sorted(self._memcgs)

    def cgroup_path(self, cgroup_id: int) -> str:
        for memcg in self._memcgs.values():
            if memcg.id == cgroup_id:
                return memcg.path
        return f"<cgroup id {cgroup_id}>"

    # ------------------------------------------------------------------ the loop
    def run_once(self, timeout: float = 0.0) -> int:
        """Wait up to ``timeout`` seconds for OOM notifications and handle every paused OOM; returns how many
        OOMs were handled."""
        if self._closed:
            raise PyoombpfError("the relay is closed; start a new one")
        if time.monotonic() >= self._next_rescan:
            self._rescan()
            self._sweep()
        ready = self._poller.poll(max(0, timeout) * 1000)
        if not ready:
            self._raise_sink_error()
            return 0
        self._drain_wake()
        removed = False
        for memcg in self._memcgs.values():  # a removed memcg signals its eventfd: only those need a stat
            if memcg.drain() and not memcg.exists():
                removed = True
        if removed:
            self._rescan()
        handled = self.handle_pending()
        self._raise_sink_error()
        return handled

    def _sweep(self) -> None:
        """Safety net: an OOM still paused a second after the relay last looked at it (no new notification
        came) is handled again."""
        now = time.monotonic()
        for memcg in self._paused():
            if now - self._last_handled.get(memcg.path, 0.0) >= RESCAN_INTERVAL_S:
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

    # ------------------------------------------------------------------ one OOM
    def _context(self, memcg: WatchedMemcg, limit: int) -> BridgeContext:
        return BridgeContext(
            memcg_id=memcg.id,
            attach_cgroup_id=self._attach_id,
            totalpages=min(limit // PAGE_SIZE, self._mem_total_pages),
            hierarchy_id=self._hierarchy_id,
        )

    def _handle(self, memcg: WatchedMemcg) -> None:
        self.stats["ooms"] += 1
        seq = self.stats["ooms"]
        self._last_handled[memcg.path] = time.monotonic()
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
        ctx = self._context(memcg, limit)
        if self._victims.exiting():
            ctx.flags |= FLAG_VICTIM_EXITING
        started = time.monotonic()
        try:
            decision = self._decider(ctx)
        except Exception as exc:  # the policy must never take the relay down: the kernel decides instead
            self._emit("verdict", seq=seq, memcg=memcg.path, verdict="error", retval=None, nr_kills=0, error=str(exc))
            self._failsafe(seq, memcg, "error")
            return
        self._report(seq, memcg.path, decision, (time.monotonic() - started) * 1000)
        if decision.ctx.status == STATUS_NO_MEMCG:
            self._failsafe(seq, memcg, "no-memcg")
        elif not decision.killed:
            self._failsafe(seq, memcg, "declined")
        else:
            self._victims.add([k.pid for k in decision.kills])
            freed_after = self._wait_freed(memcg, self.deadline_s)
            if freed_after is None:
                self._failsafe(seq, memcg, "deadline")
            else:
                self._emit("freed", seq=seq, memcg=memcg.path, after_ms=freed_after * 1000, by="policy")

    def _victim_exit_frees(self, seq: int, memcg: WatchedMemcg) -> bool:
        """A victim of an earlier kill is still exiting: wait for it (as the kernel's OOM killer would) instead
        of choosing another.  Whether that ended the OOM."""
        start = time.monotonic()
        self._victims.wait(self.deadline_s)
        if self._wait_freed(memcg, _WAKE_GRACE_S) is None:
            return False
        self._emit("freed", seq=seq, memcg=memcg.path, after_ms=(time.monotonic() - start) * 1000, by="victim-exit")
        return True

    def _wait_freed(self, memcg: WatchedMemcg, timeout_s: float) -> float | None:
        """Seconds until the OOM is over — ``under_oom 0`` (the paused tasks woke up because memory was
        uncharged) or every victim has exited — or None when ``timeout_s`` passes first."""
        start = time.monotonic()
        while True:
            try:
                if not memcg.state().under_oom or not self._victims.exiting():
                    return time.monotonic() - start
            except OSError:
                return time.monotonic() - start  # the memcg is gone, and its memory with it
            if time.monotonic() - start >= timeout_s:
                return None
            time.sleep(_POLL_STEP_S)

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

    def _failsafe(self, seq: int, memcg: WatchedMemcg, why: str) -> None:
        """Give this OOM to the kernel: ``oom_kill_disable=0`` (which also wakes the paused tasks, so the
        kernel's OOM killer runs at once), wait until the kernel killed or the OOM is over, then pause again."""
        self.stats["failsafes"] += 1
        subtree = [m for p, m in self._memcgs.items() if p == memcg.path or p.startswith(memcg.path + "/")]
        before = self._kills(subtree)
        start = time.monotonic()
        memcg.set_disable(0)
        killed = False
        try:
            while time.monotonic() - start < self.failsafe_timeout_s:
                killed = self._kills(subtree) > before
                if killed:
                    break
                time.sleep(_POLL_STEP_S)
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
