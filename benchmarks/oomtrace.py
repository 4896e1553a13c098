"""Where the time of an OOM goes: a kernel-side timeline of the latency benchmark's processes.

``oomtrace.bpf.c`` (built with clang-19, loaded with ``pyoombpf.runtime``; tracepoint programs, so it needs root
and BTF) records, for the processes named with :meth:`OomTrace.track` only: wake-ups and CPU switches of the relay
and the allocator, the relay's system calls, the SIGKILL sent to the victim (and by whom), the kernel OOM killer's
choice, the allocator's memcg reclaim, every change of the victim's RSS counters (and which process made it: the
victim exiting, the relay's ``process_mrelease`` or the kernel's OOM reaper) and the victim's exit.  Timestamps are
``CLOCK_MONOTONIC`` (``bpf_ktime_get_ns``), the clock the allocator stamps its page faults with.

    with OomTrace() as trace:
        trace.track(relay_pid, RELAY)
        ...  # one OOM
        events = trace.drain()
        timeline = phases(events, stall_start_ns, stall_end_ns)
"""

from __future__ import annotations

import contextlib
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RELAY, VICTIM, ALLOC, WATCHDOG = 1, 2, 3, 4
(WAKEUP, SWITCH_IN, SWITCH_OUT, SIGKILL, RECLAIM, RSS, EXIT, SYS_ENTER, SYS_EXIT, MARK_VICTIM, CPU) = range(1, 12)
_EVENT = struct.Struct("<QIIIIqqII")
NR = {7: "poll", 232: "epoll_wait", 321: "bpf", 448: "process_mrelease", 434: "pidfd_open", 17: "pread64", 1: "write"}


@dataclass(frozen=True, slots=True)
class Ev:
    ts: int
    kind: int
    tgid: int
    tid: int
    role: int
    arg: int
    arg2: int
    cpu: int
    pad: int


class OomTrace:
    def __init__(self) -> None:
        from pyoombpf.runtime import BpfObject, IntCodec, RingBuffer
        from pyoombpf.runtime.testing import compile_c

        self._obj = BpfObject.open(compile_c(HERE / "oomtrace.bpf.c"), name="oomtrace")
        try:
            self._obj.load()
            self._links = [p.attach() for p in self._obj.programs()]
            self.roles = self._obj.map("roles", key=IntCodec(4), value=IntCodec(4))
            self._armed = self._obj.map("armed", key=IntCodec(4), value=IntCodec(4))
            self._ring = RingBuffer(self._obj.map("events"), decode=lambda b: Ev(*_EVENT.unpack_from(b)))
        except BaseException:
            self._obj.close()
            raise

    def track(self, pid: int, role: int) -> None:
        self.roles[pid] = role

    def arm(self, on: bool = True) -> None:
        """Record every task that gets a CPU (``CPU`` events) while armed: what the traced processes wait for."""
        self._armed[0] = int(on)

    def untrack(self, pid: int) -> None:
        with contextlib.suppress(KeyError):
            del self.roles[pid]

    def drain(self) -> list[Ev]:
        return sorted(self._ring.drain(), key=lambda e: e.ts)

    @property
    def lost(self) -> int | None:
        return self._ring.lost

    def close(self) -> None:
        for link in getattr(self, "_links", []):
            link.close()
        self._ring.close()
        self._obj.close()

    def __enter__(self) -> OomTrace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _first(events: Iterable[Ev], after: int, **match: Any) -> Ev | None:
    for e in events:
        if e.ts >= after and all(getattr(e, k) == v for k, v in match.items()):
            return e
    return None


def phases(events: list[Ev], start: int, end: int, relay_pid: int | None) -> dict[str, float]:
    """Milestones of one OOM in ms after the stall's start (the allocator's slow fault), for the stall window.

    ``relay woken`` (the eventfd woke the relay), ``relay on CPU``, ``policy run`` (the relay's ``bpf()`` call
    that sent the SIGKILL returned), ``SIGKILL``, ``first freed`` (the victim's RSS first dropped; by whom in
    ``freed by``), ``allocator woken``, ``allocator on CPU``, ``resumed`` (the fault returned), ``victim exit``.
    """
    ms = lambda ns: round((ns - start) / 1e6, 3)  # noqa: E731
    out: dict[str, Any] = {}
    window = [e for e in events if start - 1_000_000 <= e.ts <= end + 200_000_000]
    kill = _first(window, start, kind=SIGKILL)
    mark = _first(window, start, kind=MARK_VICTIM)
    if mark is not None:
        out["kernel chose victim"] = ms(mark.ts)
    if relay_pid:
        woke = _first(window, start, kind=WAKEUP, role=RELAY)
        if woke is not None:
            out["relay woken"] = ms(woke.ts)
            on = _first(window, woke.ts, kind=SWITCH_IN, role=RELAY)
            if on is not None:
                out["relay on CPU"] = ms(on.ts)
    if kill is not None:
        out["SIGKILL"] = ms(kill.ts)
        if relay_pid:
            ret = _first(window, kill.ts, kind=SYS_EXIT, role=RELAY, arg=321)
            if ret is not None:
                out["policy run returned"] = ms(ret.ts)
            rel = _first(window, kill.ts, kind=SYS_ENTER, role=RELAY, arg=448)
            if rel is not None:
                out["process_mrelease called"] = ms(rel.ts)
                ret = _first(window, rel.ts, kind=SYS_EXIT, role=RELAY, arg=448)
                if ret is not None:  # 0: it freed the address space; ESRCH: the victim's own exit had taken it
                    out["reaped"] = ret.arg2 == 0
        freed = next((e for e in window if e.kind == RSS and e.ts >= kill.ts), None)
        if freed is not None:
            out["first freed"] = ms(freed.ts)
            out["freed by"] = {VICTIM: "victim"}.get(_role_of(window, freed.arg), f"pid {freed.arg}")
        wake = _first(window, kill.ts, kind=WAKEUP, role=ALLOC)
        if wake is not None:
            out["allocator woken"] = ms(wake.ts)
            on = _first(window, wake.ts, kind=SWITCH_IN, role=ALLOC)
            if on is not None:
                out["allocator on CPU"] = ms(on.ts)
    out["resumed"] = ms(end)
    if kill is not None and relay_pid:
        for role, key in ((RELAY, "relay CPU in stall"), (WATCHDOG, "watchdog CPU in stall")):
            out[key] = round(cpu_time(window, role, kill.ts, end) / 1e6, 3)
    gone = _first(window, start, kind=EXIT)
    if gone is not None:
        out["victim exit"] = ms(gone.ts)
    return out


def cpu_time(events: list[Ev], role: int, start: int, end: int) -> int:
    """Nanoseconds the threads of ``role`` spent on a CPU between ``start`` and ``end``, from their CPU switches (a
    thread whose first switch in the window takes it off a CPU was on one since ``start``)."""
    on: dict[int, int] = {}
    seen: set[int] = set()
    total = 0
    for e in events:
        if e.role != role or not start <= e.ts <= end or e.kind not in (SWITCH_IN, SWITCH_OUT):
            continue
        if e.kind == SWITCH_IN:
            on[e.tid] = e.ts
        else:
            began = on.pop(e.tid, None if e.tid in seen else start)
            total += 0 if began is None else e.ts - began
        seen.add(e.tid)
    return total + sum(end - t for t in on.values())


def _role_of(events: list[Ev], tgid: int) -> int:
    return next((e.role for e in events if e.tgid == tgid), 0)
