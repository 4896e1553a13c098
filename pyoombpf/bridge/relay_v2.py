"""The bridge relay on cgroup v2: run the policy *before* the kernel's OOM killer, on limit and pressure events.

cgroup v2 cannot pause an OOM: when a charge hits ``memory.max`` and reclaim fails, the kernel's OOM killer acts
at once.  So ``RelayV2(cgroup, decider)`` acts earlier.  For the cgroup at ``cgroup`` and every cgroup below it
it polls ``memory.events.local`` (a growing ``max`` or ``high`` count: the cgroup is at its limit and
reclaiming); for that cgroup and each descendant with a limit (``memory.max`` or ``memory.high``) it arms a PSI
trigger on ``memory.pressure`` (``/proc/pressure/memory`` at the root).  Each trigger becomes one call of
``decider`` with that cgroup as ``memcg_id`` and ``hierarchy_id=0``; :mod:`pyoombpf.bridge.triggers` decides
which notifications run the policy and how often.  ``oom``/``oom_kill`` growth is reported: the kernel acted,
the policy was too late.

Nothing is paused, so there is no failsafe to trigger: a policy that declines or fails is reported and the kernel
stays in charge; closing the fds removes every trigger.  The one setting a release action leaves behind is a
frozen cgroup (``cgroup.freeze``; a v2 reclaim writes ``memory.reclaim``, which changes nothing that lasts): when
the policy can freeze (``can_freeze``, set by :class:`~pyoombpf.bridge.policy.BridgePolicy` from the compiled
object, or later :meth:`RelayV2.configure_release`), the relay starts the v1 relay's watchdog
(:mod:`pyoombpf.bridge.watchdog`) with no memcg to watch, tells it before each freeze what to write to thaw, and
the watchdog thaws the cgroup if the relay dies (even ``SIGKILL``) before it did.
"""

from __future__ import annotations

import contextlib
import os
import select
import time

from pyoombpf.bridge.abi import FLAG_VICTIM_EXITING, NO_SUCH_CGROUP, BridgeContext
from pyoombpf.bridge.loop import (
    DEFAULT_DEADLINE_MS,
    RESCAN_INTERVAL_S,
    RelayLoop,
    cgroup_depth,
    check_outside,
    own_cgroup,
)
from pyoombpf.bridge.memcg_v1 import PAGE_SIZE, cgroup_removed, memcg_dirs
from pyoombpf.bridge.memcg_v2 import PsiSpec, WatchedCgroupV2, has_limit, read_limit, v2_memory_root
from pyoombpf.bridge.oom_control import cgroup_id as current_cgroup_id
from pyoombpf.bridge.triggers import DECISION_TRIGGERS, RateLimit, pick
from pyoombpf.bridge.victims import Victims
from pyoombpf.bridge.watchdog import UNDO
from pyoombpf.bridge.watchdog_link import WatchdogLink, WatchdogStuck
from pyoombpf.errors import NotSupportedError, PyoombpfError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from pyoombpf.bridge.decider import Decider
    from pyoombpf.bridge.events import EventSink

DEFAULT_COOLDOWN_MS = 1000
DEFAULT_PSI = "some 150000 2000000"
_POLL = select.POLLPRI | select.POLLERR
WATCHDOG_RESTARTS = 5  # at most this many new watchdogs within WATCHDOG_RESTART_WINDOW_S, then the relay stops
WATCHDOG_RESTART_WINDOW_S = 60.0


def resolve_cgroup_v2(cgroup: str | None) -> tuple[str, str]:
    """(v2 mount point, absolute cgroup directory) for ``cgroup`` (a path, absolute or below the mount)."""
    root = v2_memory_root()
    if root is None:
        raise NotSupportedError(
            "the cgroup v2 relay",
            "the memory controller is not on the cgroup v2 hierarchy here",
            "on cgroup v1 use pyoombpf.bridge.Relay (run_policy and `pyoombpf run` pick it by where memory is)",
        )
    path = os.path.realpath(os.path.join(root, cgroup) if cgroup is not None else root)
    inside = os.path.commonpath([path, root]) == root
    if not inside or (path != root and not os.path.exists(os.path.join(path, "memory.events.local"))):
        raise PyoombpfError(
            f"{cgroup!r} is not a cgroup under {root} with the memory controller; create it, or write "
            "'+memory' to its parent's cgroup.subtree_control"
        )
    if path != root:  # below the root the relay would be throttled with the workload and could be its victim
        check_outside(
            path,
            own_cgroup(root, v1=False),
            "it would be throttled with the workload it handles; run it from a cgroup outside that one",
        )
    return root, path


class RelayV2(RelayLoop):
    """Bridge relay on one cgroup v2 subtree.  A context manager; see the module docstring."""

    _v2 = True

    def __init__(
        self,
        cgroup: str | None,
        decider: Decider,
        *,
        deadline_ms: float = DEFAULT_DEADLINE_MS,
        cooldown_ms: float = DEFAULT_COOLDOWN_MS,
        psi: str | PsiSpec | None = DEFAULT_PSI,
        triggers: tuple[str, ...] = DECISION_TRIGGERS,
        on_event: EventSink | None = None,
        kill_reasons: list[str] | tuple[str, ...] = (),
        policy_name: str = "",
        lock_memory: bool = True,
        realtime: bool | None = None,
        reap: bool = True,
        can_freeze: bool = False,
    ) -> None:
        unknown = set(triggers) - set(DECISION_TRIGGERS)
        if unknown:
            raise ValueError(f"unknown triggers {sorted(unknown)}; choose from {', '.join(DECISION_TRIGGERS)}")
        self.root, self.path = resolve_cgroup_v2(cgroup)
        self.triggers = tuple(triggers)
        self.reap = reap
        self.psi = (PsiSpec.parse(psi) if isinstance(psi, str) else psi) if "psi" in triggers else None
        self._limit = RateLimit(cooldown_ms / 1000, self.psi.window_us / 1e6 if self.psi else 0.0)
        super().__init__(decider, deadline_ms, on_event, kill_reasons, policy_name)  # opens fds: after what can fail
        self.stats = {"ooms": 0, "kills": 0, "failsafes": 0, "suppressed": 0, "kernel_ooms": 0, "kernel_kills": 0}
        self._cgroups: dict[str, WatchedCgroupV2] = {}
        self._by_fd: dict[int, tuple[WatchedCgroupV2, str]] = {}
        self._victims: dict[str, Victims] = {}
        self._attach_id = 0  # the attach cgroup's id, known once it is watched
        self._link: WatchdogLink | None = None  # only while the policy can freeze
        self._undo: dict[str, list[Any]] = {}  # what the watchdog must undo if we die (frozen cgroups)
        self._restarts: list[float] = []
        self._can_freeze = can_freeze
        self.realtime = realtime
        self._begin(lock_memory)

    # ------------------------------------------------------------------ start / stop
    def _start(self, lock_memory: bool) -> None:
        self._take_claim("v2", os.stat(self.path).st_ino)
        self._protect(lock_memory)
        self._rescan()
        self._attach_id = self._cgroups[self.path].id
        if self._can_freeze:
            self._start_watchdog()  # before the start event, which names it
        self._emit(
            "start",
            mode="bridge",
            trigger="cgroup-v2",
            cgroup=self.path,
            policy=self.policy_name,
            memcgs=len(self._cgroups),
            deadline_ms=self.deadline_s * 1000,
            pid=os.getpid(),
            watchdog_pid=self.watchdog_pid,
            triggers=list(self.triggers),
            psi=str(self.psi) if self.psi else None,
            cooldown_ms=self._limit.cooldown_s * 1000,
        )

    def _wants_psi(self, path: str) -> bool:
        return self.psi is not None and (path == self.path or has_limit(path))

    def _watch(self, path: str) -> None:
        cg = WatchedCgroupV2(path, self.root, self.psi if self._wants_psi(path) else None)
        self._cgroups[path] = cg
        for fd, kind in ((cg.events_fd, "events"), (cg.psi_fd, "psi")):
            if fd is not None:
                self._by_fd[fd] = (cg, kind)
                self._poller.register(fd, _POLL)

    def _unwatch(self, cg: WatchedCgroupV2) -> None:
        del self._cgroups[cg.path]
        for fd in cg.fds():
            self._poller.unregister(fd)
            del self._by_fd[fd]
        cg.close()

    def rescan(self) -> None:
        """Look for new, re-limited and removed cgroups now (:meth:`run_once` does it once a second)."""
        self._rescan()

    def _rescan(self) -> None:
        """Watch cgroups created since the last scan, arm or disarm PSI as limits come and go, drop removed
        cgroups."""
        self._next_rescan = time.monotonic() + RESCAN_INTERVAL_S
        for cg in list(self._cgroups.values()):
            if not cg.exists() or (cg.psi_fd is not None) != self._wants_psi(cg.path):
                self._unwatch(cg)
        if self._attach_id and current_cgroup_id(self.path) != self._attach_id:
            self.stop("cgroup-removed")  # the attach cgroup is gone: as on v1 (relay.py), stop and free the claim
            return
        for path in memcg_dirs(self.path):
            if path in self._cgroups or (path != self.root and not os.path.exists(f"{path}/memory.events.local")):
                continue
            try:
                self._watch(path)
            except OSError as exc:
                if not cgroup_removed(exc):
                    raise
                continue  # removed while we looked (ENOENT), or between our open and read (ENODEV)

    def _shutdown(self, reason: str) -> None:
        if self._closed:
            return
        self._closed = True
        self._thaw_all()  # nothing the policy froze stays frozen
        self._stop_watchdog(clean=True)
        for cg in list(self._cgroups.values()):
            self._unwatch(cg)
        for victims in self._victims.values():
            victims.close()
        self._unprotect()
        self._release_claim()
        if reason != "error":
            self._emit("stop", reason=reason, restored=0, **self.stats)

    @property
    def memcgs(self) -> list[str]:
        return sorted(self._cgroups)

    @property
    def watchdog_pid(self) -> int | None:
        """The watchdog's pid (None: the policy cannot freeze, so nothing needs one)."""
        return self._link.pid if self._link is not None else None

    # ------------------------------------------------------------------ the watchdog (frozen cgroups only)
    def configure_release(self, releases: list[list[Any]], dirs: dict[str, Any], memory_root: str = "") -> None:
        """As :meth:`RelayLoop.configure_release`; a policy that can freeze gets a watchdog, which thaws what is
        still frozen if the relay dies."""
        super().configure_release(releases, dirs, memory_root)
        if self._link is None and any(r and r[0] == "freeze" for r in releases):
            self._start_watchdog()

    def _start_watchdog(self) -> None:
        # nothing to watch (v2 pauses no OOM), so the OOM deadline never applies; the limit is the relay's own
        link = WatchdogLink(self.path, self._attach_id, self.deadline_s * 1000)
        for what, problem in link.problems.items():
            if problem and what != "oom_score_adj":
                self._warn(f"watchdog: {what} failed ({problem})")
        self._link = link
        self._poller.register(link.pidfd, select.POLLIN)

    def _stop_watchdog(self, *, clean: bool, kill: bool = False) -> None:
        link, self._link = self._link, None
        if link is None:
            return
        with contextlib.suppress(KeyError, ValueError, OSError):
            self._poller.unregister(link.pidfd)
        link.close(clean=clean, kill=kill)

    def _guard(self, *msg: Any) -> None:
        """Before a freeze the watchdog hears how to thaw (``undo``), after the thaw that it is over (``done``);
        remembered, so a new watchdog is told too."""
        if msg[0] == UNDO:
            self._undo[str(msg[1])] = list(msg)
        else:
            self._undo.pop(str(msg[1]), None)
        if self._link is None:
            return
        try:
            self._link.send(*msg, must=True)
        except WatchdogStuck:
            self._replace_watchdog("stopped reading its pipe")

    def _supervise(self, ready: set[int]) -> None:
        """A watchdog that is gone is replaced (it covers the frozen cgroups only while it runs)."""
        link = self._link
        if link is not None and (link.pidfd in ready or link.exited()):
            self._replace_watchdog()

    def _replace_watchdog(self, why: str = "") -> None:
        """Start a new watchdog and tell it what is frozen; the relay stops (raises) when watchdogs keep dying."""
        old = self._link
        status = old.returncode if old else None
        self._stop_watchdog(clean=False, kill=bool(why))
        now = time.monotonic()
        self._restarts = [t for t in self._restarts if now - t < WATCHDOG_RESTART_WINDOW_S] + [now]
        if len(self._restarts) > WATCHDOG_RESTARTS:
            raise PyoombpfError(
                f"the relay's watchdog died {len(self._restarts)} times within {WATCHDOG_RESTART_WINDOW_S:g} s; "
                "the relay stops (what the policy froze is thawed)"
            )
        self._start_watchdog()
        assert self._link is not None
        for undo in self._undo.values():
            self._link.send(*undo, must=True)
        self._emit(
            "warning",
            message=f"the watchdog (pid {old.pid if old else '?'}) {why or f'exited (status {status})'}: a new "
            f"watchdog (pid {self.watchdog_pid}) took over",
            watchdog_pid=self.watchdog_pid,
        )

    def psi_armed(self) -> list[str]:
        """The cgroups with a PSI trigger armed."""
        return sorted(p for p, cg in self._cgroups.items() if cg.psi_fd is not None)

    def _owns(self, cgroup_id: int) -> bool:
        return any(cg.id == cgroup_id for cg in self._cgroups.values())

    def cgroup_path(self, cgroup_id: int) -> str:
        for cg in self._cgroups.values():
            if cg.id == cgroup_id:
                return cg.path
        for path in memcg_dirs(self.path):
            try:
                if os.stat(path).st_ino == cgroup_id:
                    return path
            except OSError:
                continue
        return f"<cgroup id {cgroup_id}>"

    # ------------------------------------------------------------------ the loop
    def run_once(self, timeout: float = 0.0) -> int:
        """Wait up to ``timeout`` seconds for notifications and handle them; returns how many policy runs."""
        if self._closed:
            raise PyoombpfError("the relay is closed; start a new one")
        if time.monotonic() >= self._next_rescan:
            self._rescan()
        self._expire_frozen()
        if self._freezer is not None and self._freezer.frozen:  # wake up in time to end a freeze
            timeout = min(timeout, max(0.0, min(e.until for e in self._freezer.frozen.values()) - time.monotonic()))
        ready = self._poller.poll(max(0, timeout) * 1000)
        self._supervise({fd for fd, _ in ready})
        self._drain_wake()
        fired, kernel = self._collect([fd for fd, _ in ready])
        for path, growth in kernel.items():
            self._report_kernel_oom(self._cgroups[path], growth)
        runs = 0
        for path, trigger in pick(fired, self.triggers):
            cg = self._cgroups.get(path)
            if cg is None:
                continue  # removed meanwhile
            if self._limit.blocked(path, trigger, time.monotonic(), self._exiting):
                self.stats["suppressed"] += 1
                continue
            self._decide(cg, trigger)
            runs += 1
        self._raise_sink_error()
        return runs

    def _collect(self, fds: list[int]) -> tuple[dict[str, set[str]], dict[str, dict[str, int]]]:
        """Read what fired: ``({path: {trigger, ...}}, {path: kernel OOM counter growth})``."""
        fired: dict[str, set[str]] = {}
        kernel: dict[str, dict[str, int]] = {}
        removed = False
        for fd in fds:
            cg, kind = self._by_fd.get(fd, (None, ""))
            if cg is None:
                continue
            if not cg.exists():
                removed = True
                continue
            if kind == "psi":
                fired.setdefault(cg.path, set()).add("psi")
                continue
            try:
                growth = cg.growth()
            except OSError:
                removed = True
                continue
            fired.setdefault(cg.path, set()).update(k for k in ("max", "high") if k in growth)
            if "oom" in growth or "oom_kill" in growth:
                kernel[cg.path] = growth
        if removed:
            self._rescan()
            kernel = {p: g for p, g in kernel.items() if p in self._cgroups}
        return fired, kernel

    def _exiting(self, path: str) -> bool:
        victims = self._victims.get(path)
        return victims is not None and victims.exiting()

    # ------------------------------------------------------------------ one trigger
    def _report_kernel_oom(self, cg: WatchedCgroupV2, growth: dict[str, int]) -> None:
        """The kernel's OOM killer ran in ``cg`` (``oom``) or killed a process there (``oom_kill``): report it
        and count it as a decision, so the policy does not pick a second victim for the same shortage."""
        self._count_oom(cg.id, cg.path)
        self.stats["kernel_ooms"] += growth.get("oom", 0)
        self.stats["kernel_kills"] += growth.get("oom_kill", 0)
        self._limit.decided(cg.path, time.monotonic())
        self._emit(
            "oom",
            seq=self.stats["ooms"],
            memcg=cg.path,
            memcg_id=cg.id,
            usage=cg.usage(),
            limit=cg.limit(),
            victim_exiting=self._exiting(cg.path),
            trigger="oom",
            kernel_ooms=growth.get("oom", 0),
            kernel_kills=growth.get("oom_kill", 0),
        )

    def probe_context(self) -> BridgeContext:
        """A context as a trigger gets it, for a cgroup that does not exist (see :meth:`Relay.probe_context`)."""
        return BridgeContext(
            memcg_id=NO_SUCH_CGROUP,
            attach_cgroup_id=self._attach_id,
            totalpages=self._mem_total_pages,
            attach_depth=cgroup_depth(self.root, self.path),
        )

    def _context(self, cg: WatchedCgroupV2, limit: int) -> BridgeContext:
        limit_pages = limit // PAGE_SIZE
        exiting = any(v.exiting() for v in self._victims.values())
        return BridgeContext(
            memcg_id=cg.id,
            attach_cgroup_id=self._attach_id,
            totalpages=min(limit_pages, self._mem_total_pages) if limit_pages else self._mem_total_pages,
            hierarchy_id=0,
            flags=FLAG_VICTIM_EXITING if exiting else 0,
            attach_depth=cgroup_depth(self.root, self.path),
        )

    def _decide(self, cg: WatchedCgroupV2, trigger: str) -> None:
        seq = self._count_oom(cg.id, cg.path)
        limit = cg.limit()
        ctx = self._context(cg, limit)
        self._emit(
            "oom",
            seq=seq,
            memcg=cg.path,
            memcg_id=cg.id,
            usage=cg.usage(),
            limit=limit,
            victim_exiting=bool(ctx.flags & FLAG_VICTIM_EXITING),
            trigger=trigger,
        )
        self._limit.decided(cg.path, time.monotonic())
        started = time.monotonic()
        end = started + self.deadline_s
        tried = released = 0
        while True:
            ctx.tried, ctx.released = tried, released
            run_start = time.monotonic()
            try:
                decision = self._decider(ctx)
            except Exception as exc:  # the policy must never take the relay down: the kernel stays in charge
                self._emit("verdict", seq=seq, memcg=cg.path, verdict="error", retval=None, nr_kills=0, error=str(exc))
                return
            self._report_verdict(seq, cg.path, decision, (time.monotonic() - run_start) * 1000)
            victims = self._victims.setdefault(cg.path, Victims())
            reaped = victims.add([k.pid for k in decision.kills if not k.refused], reap=self.reap)
            self._report_kills(seq, cg.path, decision, reaped)
            if decision.killed:
                self._follow_victims(seq, cg, started)
                return
            actions = self._new_actions(decision, tried) if decision.retval else []
            if not any(not a.refused for a in actions):
                return  # passed: the kernel's OOM killer stays armed
            room = _release_target(cg, limit)
            freed, bits = self._carry_out(seq, cg.path, cg.usage, room, actions, end)
            tried, released = tried | bits, released + freed
            if not room or _usage_below(cg, room):
                after_ms = (time.monotonic() - started) * 1000
                self._emit("freed", seq=seq, memcg=cg.path, after_ms=after_ms, by="release", released=released)
                return
            if time.monotonic() >= end:
                return
            ctx = self._context(cg, limit)

    def _follow_victims(self, seq: int, cg: WatchedCgroupV2, started: float) -> None:
        """Wait up to the deadline for the victims to exit; report ``freed`` when they did."""
        victims = self._victims[cg.path]
        if victims.wait(self.deadline_s):
            self._emit("freed", seq=seq, memcg=cg.path, after_ms=(time.monotonic() - started) * 1000, by="policy")
        else:
            self._warn(
                f"oom #{seq}: a victim in {cg.path} is still exiting after {self.deadline_s * 1000:g} ms; "
                "the policy is not run there again until it is gone (the kernel's OOM killer stays armed)"
            )


def _release_target(cg: WatchedCgroupV2, limit: int) -> int:
    """What a release must bring the usage under: ``memory.high`` when set (the relay acts where the kernel
    throttles, before ``memory.max``), else ``memory.max`` (0: neither)."""
    high = read_limit(cg.path, "memory.high") or 0
    return min(x for x in (high, limit) if x) if (high or limit) else 0


def _usage_below(cg: WatchedCgroupV2, limit: int) -> bool:
    """Whether a release left room below ``limit`` for the charges that were failing."""
    from pyoombpf.bridge.release import HEADROOM

    try:
        return cg.usage() + HEADROOM <= limit
    except OSError:
        return True  # the cgroup is gone
