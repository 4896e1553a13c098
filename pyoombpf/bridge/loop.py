"""What the v1 and the v2 relay share: reporting events, protecting the relay process, the run loop.

A subclass implements :meth:`RelayLoop.run_once` (wait for notifications, handle them) and
:meth:`RelayLoop._shutdown` (restore, close, report ``stop``).
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import time

from pyoombpf.bridge import kmsg
from pyoombpf.bridge.claims import Claim, ClaimsUnsupported
from pyoombpf.bridge.counters import Counters, CountersSnapshot
from pyoombpf.bridge.events import Event
from pyoombpf.bridge.memcg_v1 import mem_total_pages
from pyoombpf.errors import PyoombpfError

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only: the relay process does without typing (docs/design.md)
    from collections.abc import Callable
    from types import FrameType, TracebackType
    from typing import Any, Self

    from pyoombpf.bridge.decider import Decider, Decision
    from pyoombpf.bridge.events import EventSink

RESCAN_INTERVAL_S = 1.0
DEFAULT_DEADLINE_MS = 250  # v1: how long a kill may take to end the OOM; v2: how long a victim may take to exit


def own_cgroup(root: str, *, v1: bool) -> str | None:
    """This process's cgroup directory on the hierarchy mounted at ``root``: from the ``/proc/self/cgroup`` line
    naming the memory controller (v1) or the ``0::`` line (v2)."""
    with open("/proc/self/cgroup") as f:
        for line in f:
            hid, controllers, rel = line.rstrip("\n").split(":", 2)
            if ("memory" in controllers.split(",")) if v1 else (hid == "0" and not controllers):
                return os.path.normpath(root + rel)
    return None


def check_outside(path: str, own: str | None, consequence: str) -> None:
    """Refuse to watch ``path`` when the relay's own cgroup ``own`` is ``path`` or below it."""
    if own is not None and os.path.commonpath([own, path]) == path:
        raise PyoombpfError(f"the relay runs inside {path} (its cgroup is {own}): {consequence}")


def install_stop_handlers(handler: Any) -> dict[int, Any]:
    """``handler`` for SIGINT and SIGTERM when called from the main thread (only it can install signal handlers;
    elsewhere nothing happens); the previous handlers, to put back."""
    handlers: dict[int, Any] = {}
    try:
        for sig in (signal.SIGINT, signal.SIGTERM):
            handlers[sig] = signal.signal(sig, handler)
    except ValueError:  # not the main thread
        for signum, old in handlers.items():
            signal.signal(signum, old)
        return {}
    return handlers


def cgroup_depth(root: str, path: str) -> int:
    """1 + the cgroup's level in its hierarchy (the hierarchy's root, mounted at ``root``: 1)."""
    rel = os.path.relpath(path, root)
    return 1 if rel == "." else 2 + rel.count("/")


class Poller:
    """``select.poll``'s interface (timeouts in ms) over ``epoll``: a wait costs the kernel the ready fds, not every
    registered one (the relay registers an eventfd per memcg, thousands with thousands of memcgs)."""

    def __init__(self) -> None:
        self._epoll = select.epoll()

    def register(self, fd: int, events: int = select.POLLIN) -> None:
        self._epoll.register(fd, events)

    def unregister(self, fd: int) -> None:
        self._epoll.unregister(fd)

    def poll(self, timeout_ms: float | None = None) -> list[tuple[int, int]]:
        return self._epoll.poll(-1 if timeout_ms is None else timeout_ms / 1000)

    def close(self) -> None:
        self._epoll.close()


class RelayLoop:
    _stop_reason = "stopped"
    stats: dict[str, int]

    def __init__(
        self,
        decider: Decider,
        deadline_ms: float,
        on_event: EventSink | None,
        kill_reasons: list[str] | tuple[str, ...],
        policy_name: str,
    ) -> None:
        self._decider = decider
        self.deadline_s = deadline_ms / 1000
        self._kill_reasons = list(kill_reasons)
        self.policy_name = policy_name
        self._mem_total_pages = mem_total_pages()
        self._next_rescan = 0.0
        self._on_event = on_event
        self._sink_error: Exception | None = None
        self._held: list[Callable[[], None]] | None = None  # see _hold
        self._closed = False
        self._stop_requested = False
        self._locked = False
        self._own_adj: int | None = None
        self._own_fd_limit: int | None = None
        self._own_scheduler: tuple[int, int] | None = None
        self._lowered = False  # real-time priority dropped for the rest of an OOM (_lower_priority)
        #: SCHED_FIFO for the relay's thread (None: when it locks its memory); set before the relay starts
        self.realtime: bool | None = None
        self._counters = Counters()
        self._claim: Claim | None = None
        self._wake_r, self._wake_w = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
        self._poller = Poller()  # kept up to date as (mem)cgroups come and go: nothing to build per wake-up
        self._poller.register(self._wake_r, select.POLLIN)

    path: str

    def _begin(self, lock_memory: bool) -> None:
        """Start the relay (the subclass's ``_start``); on any failure undo what was done and re-raise."""
        try:
            self._start(lock_memory)
        except BaseException:
            self._shutdown("error")
            raise

    def _take_claim(self, hierarchy: str, cgroup_id: int) -> None:
        """Claim the subtree (one decider per subtree); raises when another relay holds an overlapping one."""
        try:
            self._claim = Claim(hierarchy, self.path, cgroup_id, self.policy_name)
        except ClaimsUnsupported as exc:
            self._warn(str(exc))

    def _release_claim(self) -> None:
        if self._claim is not None:
            self._claim.close()
            self._claim = None

    # ------------------------------------------------------------------ events
    def _emit(self, kind: str, **fields: Any) -> None:
        """Report an event.  A callback that raises must not cut an OOM's handling short: its first error is
        kept and raised by :meth:`run_once` once the OOMs at hand are handled.  While events are held
        (:meth:`_hold`) the event is made now (its ``time`` is now) and delivered at :meth:`_release`."""
        if self._on_event is None:
            return
        event = Event(kind, fields)
        if self._held is not None:
            self._held.append(lambda: self._deliver(event))
        else:
            self._deliver(event)

    def _deliver(self, event: Event) -> None:
        assert self._on_event is not None
        try:
            self._on_event(event)
        except Exception as exc:
            if self._sink_error is None:
                self._sink_error = exc

    def _hold(self) -> None:
        """From now until :meth:`_release`, events (and whatever is passed to :meth:`_later`) wait: between an OOM's
        notification and its victims' reaping nothing runs that the decision does not need (an event consumer
        writing to a slow terminal, the watchdog woken by a message and taking the CPU)."""
        self._held = []

    def _later(self, action: Callable[[], None]) -> None:
        """``action()`` now, or at :meth:`_release` while held."""
        if self._held is not None:
            self._held.append(action)
        else:
            action()

    def _release(self) -> None:
        held, self._held = self._held, None
        for action in held or ():
            action()

    def _raise_sink_error(self) -> None:
        exc, self._sink_error = self._sink_error, None
        if exc is not None:
            raise exc

    def _warn(self, message: str) -> None:
        self._emit("warning", message=message)

    # ------------------------------------------------------------------ counting and reporting
    @property
    def counters(self) -> CountersSnapshot:
        """Per-cgroup counts of OOMs, kills, refused kills and failsafes so far (:mod:`pyoombpf.bridge.counters`);
        a frozen copy, safe to take from any thread."""
        return self._counters.snapshot()

    def _count_oom(self, memcg_id: int, path: str) -> int:
        """Count an OOM; its number (``seq``)."""
        self.stats["ooms"] += 1
        self._counters.oom(memcg_id, path)
        return self.stats["ooms"]

    def _count_failsafe(self, memcg_id: int, path: str, why: str) -> None:
        self.stats["failsafes"] += 1
        self._counters.failsafe(memcg_id, path, why)

    def _owns(self, cgroup_id: int) -> bool:
        """Whether ``cgroup_id`` is a cgroup of the subtree this relay handles."""
        raise NotImplementedError

    def _report_verdict(self, seq: int, memcg: str, decision: Decision, decide_ms: float) -> None:
        ctx = decision.ctx
        refused = sum(k.refused for k in decision.kills)
        chose = [a for a in decision.actions if not a.refused]
        self._emit(
            "verdict",
            seq=seq,
            memcg=memcg,
            verdict="killed" if decision.killed else ("release" if chose and decision.retval else "passed"),
            retval=decision.retval,
            nr_kills=ctx.nr_kills - refused,
            status=ctx.status,
            decide_ms=decide_ms,
            nr_actions=len(chose),
        )

    # ------------------------------------------------------------------ release actions (pyoombpf/bridge/release.py)
    _releases: list[list[Any]] = []
    _release_dirs: dict[str, Any] = {}
    _freezer: Any = None
    _v2 = False

    def configure_release(self, releases: list[list[Any]], dirs: dict[str, Any], memory_root: str = "") -> None:
        """The policy's release call sites (``CompiledObject.releases``) and the declared ``[release.<tag>]``
        directories (checked by :func:`pyoombpf.bridge.release.check_tags` before the relay started)."""
        from pyoombpf.bridge.release import Freezer

        self._releases = [list(r) for r in releases]
        self._release_dirs = dict(dirs)
        self._freezer = Freezer(v2=self._v2, memory_root=memory_root, guard=self._guard)

    def _guard(self, *msg: Any) -> None:
        """What a release action must undo if the relay dies (each relay tells its watchdog)."""
        return None

    def _new_actions(self, decision: Decision, tried: int) -> list[Any]:
        """The actions of ``decision`` at sites that did not act yet in this OOM (the program never records one
        twice; a stand-in decider might)."""
        return [a for a in decision.actions if a.site < 32 and not (tried >> a.site) & 1]

    def _carry_out(
        self, seq: int, oom_path: str, usage: Callable[[], int], limit: int, actions: list[Any], end: float
    ) -> tuple[int, int]:
        """Do the ``actions`` (in the order the policy chose them), each reported as a ``release`` event with the
        bytes it freed (the OOMing cgroup's usage before and after).  Returns (bytes freed, the sites' bits)."""
        from pyoombpf.bridge import release

        before = _usage(usage)
        bits = 0
        for a in actions:
            bits |= 1 << a.site
            kind, tag, seconds, then = self._releases[a.site] if a.site < len(self._releases) else ("?", "", 0, "")
            target = tag if kind == "drop_files" else self.cgroup_path(a.cgroup_id)
            start, was = time.monotonic(), _usage(usage)
            extra: dict[str, Any] = {}
            if a.refused or (kind != "drop_files" and not self._owns(a.cgroup_id)):
                error = f"outside the attach subtree ({self.path})"  # refused by the program, or a stand-in
            elif kind == "reclaim":
                error = release.reclaim(target, a.nbytes, v2=self._v2, guard=self._guard)
            elif kind == "drop_files":
                error, extra = self._drop(tag, a.nbytes, usage, was, limit, end)
            elif kind == "freeze" and self._freezer is not None:
                error = self._freezer.freeze(target, int(seconds), str(then))
                extra = {"seconds": seconds, "then": then}
            else:
                error = f"unknown release site {a.site}"
            freed = max(0, was - _usage(usage))
            self._emit(
                "release", seq=seq, memcg=oom_path, action=kind, target=target, asked=a.nbytes, freed=freed,
                error=error, after_ms=(time.monotonic() - start) * 1000, **extra,
            )  # fmt: skip
        return max(0, before - _usage(usage)), bits

    def _drop(
        self, tag: str, nbytes: int, usage: Callable[[], int], was: int, limit: int, end: float
    ) -> tuple[str, dict[str, Any]]:
        from pyoombpf.bridge import release

        d = self._release_dirs.get(tag)
        if d is None:
            return f"no [release.{tag}] is declared", {"files": 0}

        def enough() -> bool:
            now = _usage(usage)
            return now + release.HEADROOM <= limit and was - now >= nbytes

        if enough():
            return "enough memory already", {"files": 0, "deleted_bytes": 0, "skipped": 0}
        result = release.drop_files(d, enough, end)
        error = result.error or ("" if result.deleted else "nothing to drop")
        deleted = sum(size for _rel, size in result.deleted)
        return error, {"files": len(result.deleted), "deleted_bytes": deleted, "skipped": result.skipped}

    def _expire_frozen(self) -> None:
        """Thaw or kill the cgroups frozen by the policy whose time is up (each a ``thawed`` event)."""
        if self._freezer is None or not self._freezer.frozen:
            return
        for entry, outcome in self._freezer.expire():
            self._emit("thawed", cgroup=entry.memcg_dir, outcome=outcome)

    def _thaw_all(self) -> None:
        if self._freezer is not None:
            for entry in list(self._freezer.frozen.values()):
                self._emit("thawed", cgroup=entry.memcg_dir, outcome="relay stopped")
            self._freezer.close()

    def _report_kills(self, seq: int, memcg: str, decision: Decision, reaped: dict[int, bool]) -> None:
        """Per kill record a ``kill`` event (and its kernel-log line) or a ``refused`` one; an ``error`` for a kill
        outside the subtree the relay handles (a decider that did not check)."""
        self.stats["kills"] += decision.ctx.nr_kills - sum(k.refused for k in decision.kills)
        for kill in decision.kills:
            reason = self._kill_reasons[kill.reason] if kill.reason < len(self._kill_reasons) else str(kill.reason)
            cgroup = self.cgroup_path(kill.cgroup_id)
            self._counters.kill(kill.cgroup_id, cgroup, refused=kill.refused)
            where = dict(seq=seq, pid=kill.pid, comm=kill.comm, cgroup=cgroup, cgroup_id=kill.cgroup_id, reason=reason)
            if kill.refused:
                self._emit("refused", **where, why=f"outside the attach subtree ({self.path})")
                continue
            line = kmsg.kill_line(
                pid=kill.pid, comm=kill.comm, cgroup=cgroup, policy=self.policy_name, reason=reason, oom=memcg, seq=seq
            )
            kmsg.write(line)
            self._emit("kill", **where, reaped=reaped.get(kill.pid, False))
            if not self._owns(kill.cgroup_id):
                self._emit(
                    "error",
                    seq=seq,
                    message=f"policy {self.policy_name or '(unnamed)'} killed pid {kill.pid} in {cgroup}, outside "
                    f"the subtree it is attached to ({self.path})",
                )

    # ------------------------------------------------------------------ the relay process
    def _protect(self, lock_memory: bool) -> None:
        """``mlockall``, real-time priority (``self.realtime``; None: as ``lock_memory``) and ``oom_score_adj -1000``
        where allowed (a warning for each that is refused), the open files limit raised to its hard limit (a few
        fds per watched memcg)."""
        from pyoombpf.runtime import process

        self._own_fd_limit = process.fd_limit()
        process.set_fd_limit()
        if lock_memory:
            problem = process.lock_memory()
            self._locked = problem is None
            if problem:
                self._warn(f"mlockall failed ({problem}): the relay's memory may be reclaimed under pressure")
        if lock_memory if self.realtime is None else self.realtime:
            before = process.scheduler()
            problem = process.set_realtime(process.RELAY_PRIORITY)
            if problem is None:
                self._own_scheduler = before
            else:
                self._warn(
                    f"real-time priority (SCHED_FIFO) refused ({problem}; it needs CAP_SYS_NICE): the relay waits "
                    "for a CPU like any process when an OOM wakes it"
                )
        with open("/proc/self/oom_score_adj") as f:
            own_adj = int(f.read())
        problem = process.set_oom_score_adj(process.OOM_SCORE_ADJ_MIN)
        if problem is None:
            self._own_adj = own_adj  # put back on close: processes started later would inherit -1000
        else:
            self._warn(
                f"oom_score_adj -1000 refused ({problem}; it needs CAP_SYS_RESOURCE): the relay stays out of the "
                "memcgs it watches, so their OOMs cannot pick it"
            )

    def _lower_priority(self) -> None:
        """After the kill, an ordinary thread again: what follows (waiting for the memory to come back, polling
        every half millisecond; reporting) must not take the CPU from the victim's exit and the woken allocator.
        :meth:`_restore_priority` makes it real-time again before the relay waits for the next OOM."""
        if self._own_scheduler is not None and not self._lowered:
            from pyoombpf.runtime import process

            self._lowered = process.set_scheduler(os.SCHED_OTHER, 0) is None

    def _restore_priority(self) -> None:
        if self._lowered:
            from pyoombpf.runtime import process

            self._lowered = process.set_realtime(process.RELAY_PRIORITY) is not None

    def _unprotect(self) -> None:
        from pyoombpf.runtime import process

        if self._locked:
            process.unlock_memory()
        if self._own_adj is not None:
            process.set_oom_score_adj(self._own_adj)
        if self._own_fd_limit is not None:
            process.set_fd_limit(self._own_fd_limit)  # processes started later get the usual limit
        if self._own_scheduler is not None:
            process.set_scheduler(*self._own_scheduler)
            self._own_scheduler, self._lowered = None, False
        os.close(self._wake_r)
        os.close(self._wake_w)
        self._poller.close()

    def _drain_wake(self) -> None:
        with contextlib.suppress(BlockingIOError):
            os.read(self._wake_r, 64)

    # ------------------------------------------------------------------ lifecycle
    def _start(self, lock_memory: bool) -> None:
        raise NotImplementedError

    def _shutdown(self, reason: str) -> None:
        raise NotImplementedError

    def cgroup_path(self, cgroup_id: int) -> str:
        raise NotImplementedError

    def run_once(self, timeout: float = 0.0) -> int:
        raise NotImplementedError

    def close(self, reason: str = "closed") -> None:
        """Restore every setting, close every fd.  Idempotent."""
        self._shutdown(reason)

    @property
    def closed(self) -> bool:
        return self._closed

    def __enter__(self) -> Self:
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None) -> None:
        self.close("exception" if et is not None else "closed")

    def stop(self, reason: str | None = None) -> None:
        """Ask :meth:`run` to return (safe from signal handlers and other threads); ``reason`` goes into the
        ``stop`` event (e.g. the name of a signal that came before :meth:`run` started)."""
        if reason is not None:
            self._stop_reason = reason
        self._stop_requested = True
        with contextlib.suppress(OSError):
            os.write(self._wake_w, b"x")

    def run(self) -> None:
        """Handle events until :meth:`stop`, SIGINT or SIGTERM; then close."""
        handlers = install_stop_handlers(self._on_signal)
        reason = "stopped"
        try:
            while not self._stop_requested:
                self.run_once(RESCAN_INTERVAL_S)
            reason = self._stop_reason
        except BaseException:
            reason = "exception"
            raise
        finally:
            for signum, old in handlers.items():
                signal.signal(signum, old)
            self.close(reason)

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        self._stop_reason = signal.Signals(signum).name
        self.stop()


def _usage(usage: Callable[[], int]) -> int:
    try:
        return usage()
    except OSError:
        return 0  # the cgroup is gone, and its memory with it
