"""The relay's watchdog: a separate, small process that enforces the relay's deadline from outside and restores
every setting when the relay is gone.

The relay starts it (isolated, :mod:`pyoombpf.bridge.isolated`; lean: it imports the standard library
and three small modules of ours, never cffi, libbpf or the compiler) before it changes anything, in its own
session (a terminal's ^C reaches the relay, which stops it in order).  They talk through two pipes, one message
per line (:func:`encode`/:func:`decode`: the fields separated by spaces, strings hex-encoded; ``json`` would cost
the watchdog half a MiB).

Relay → watchdog (the watchdog's stdin):

* ``watch id path original`` *before* the relay writes ``oom_kill_disable=1`` on a memcg (``original``:
  the value it would have without us).  The watchdog opens the memcg by id (a memcg re-created at the same path is
  another memcg) and registers its own OOM eventfd on it;
* ``forget id`` the memcg is gone; ``begin id seq`` / ``end id seq`` the relay started / finished
  handling OOM number ``seq`` there (``end`` covers the memcgs below it too: the kernel signals an OOM to every
  memcg below the one that hit its limit); ``bye`` the relay restored everything itself and is about to close;
* ``undo key write path text`` / ``undo key cont "pid pid …"`` before a release action changes something that
  must not outlive the relay (a lowered ``memory.limit_in_bytes`` during a v1 reclaim, a frozen cgroup), and
  ``done key`` once the relay undid it itself: if the relay is gone the watchdog writes ``text`` to ``path`` or
  sends ``SIGCONT`` to the pids (:mod:`pyoombpf.bridge.release`).

Watchdog → relay (its stdout): ``ready pid what problem what problem…`` once (``problem`` is None when ``what``
worked), then ``released id path waited_ms seq oom_kills_before`` each time it took an OOM away from the relay.

**The deadline.** An OOM starts when the watchdog's eventfd fires for a memcg showing ``under_oom 1`` (or the
relay says ``begin``).  If it is still there ``limit`` ms later — the relay's deadline plus a grace period — and
the relay has not said ``end``, the relay is stopped (SIGSTOP, a debugger), stuck or slow: the watchdog writes
``oom_kill_disable=0`` on the memcg that hit its limit (the topmost one showing ``under_oom 1``), which wakes the
paused tasks so the kernel's OOM killer acts at once, logs that to the kernel log and tells the relay, which
reports a ``failsafe`` (``why: watchdog``) and pauses OOMs there again when it runs.  The watchdog only ever
writes 0, never 1, so it cannot leave a memcg paused.  After an ``end`` it looks once more ``limit`` ms later, so
an OOM the relay wrongly took for resolved is caught too.

**The relay gone.** End of file on stdin without ``bye``, or the relay's pidfd readable (it exited, even if
something else holds the pipe): the watchdog reads what is left in the pipe, writes ``oom_kill_disable=0`` on
every memcg whose original value was 0 and on every memcg created below them since (they inherited our 1,
:func:`~pyoombpf.bridge.oom_control.restore_unknown`), logs what it did to the kernel log and exits.  SIGTERM does
the same (the relay notices the watchdog is gone and starts a new one).
"""

from __future__ import annotations

import os
import select
import signal
import time

from pyoombpf.bridge import kmsg
from pyoombpf.bridge.oom_control import parse_oom_control, restore_unknown
from pyoombpf.runtime.process import (
    OOM_SCORE_ADJ_MIN,
    WATCHDOG_PRIORITY,
    lock_memory,
    set_fd_limit,
    set_oom_score_adj,
    set_realtime,
)

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only: typing would cost the watchdog memory
    from types import FrameType
    from typing import Any

    from pyoombpf.bridge.oom_control import OomState

READY, RELEASED = "ready", "released"
WATCH, FORGET, BEGIN, END, BYE = "watch", "forget", "begin", "end", "bye"
UNDO, DONE = "undo", "done"


def encode(*fields: str | int | float | None) -> bytes:
    """One message as a line: the first field (the operation) as it is, then ints and floats in decimal, strings
    as ``s`` + hex of their bytes (a path may hold spaces or newlines), None as ``-``."""
    out = [str(fields[0])]
    for f in fields[1:]:
        if f is None:
            out.append("-")
        elif isinstance(f, str):
            out.append("s" + os.fsencode(f).hex())
        elif isinstance(f, float):
            out.append("f" + repr(f))
        else:
            out.append(str(int(f)))
    return " ".join(out).encode() + b"\n"


def decode(line: bytes) -> list[Any] | None:
    """The fields of a line :func:`encode` made; None for a line it did not make."""
    try:
        words = line.decode("ascii").split()
        out: list[Any] = words[:1]
        for w in words[1:]:
            if w == "-":
                out.append(None)
            elif w[0] == "s":
                out.append(os.fsdecode(bytes.fromhex(w[1:])))
            elif w[0] == "f":
                out.append(float(w[1:]))
            else:
                out.append(int(w))
    except (UnicodeDecodeError, ValueError, IndexError):
        return None
    return out or None


class Entry:
    """One memcg the relay watches, as the watchdog follows it (a plain class: ``dataclasses`` would pull
    ``inspect`` and ``ast`` into the watchdog)."""

    __slots__ = ("id", "path", "original", "oom_fd", "efd", "since", "seq", "recheck")

    def __init__(self, cid: int, path: str, original: int) -> None:
        self.id, self.path, self.original = cid, path, original
        self.oom_fd = self.efd = -1
        self.since: float | None = None  # when the OOM being timed began (None: none)
        self.seq = 0  # the relay's number for that OOM (0: the relay has not reported it)
        self.recheck: float | None = None  # after the relay's "end": look once more then

    def state(self) -> OomState | None:
        if self.oom_fd < 0:
            return None
        try:
            return parse_oom_control(os.pread(self.oom_fd, 256, 0))
        except OSError:
            return None  # removed


class Guard:
    """The watchdog's state: the memcgs, the OOMs being timed, what to do at each deadline."""

    def __init__(self, root: str, root_id: int, limit_s: float, relay_pid: int) -> None:
        self.root, self.root_id, self.limit_s, self.relay_pid = root, root_id, limit_s, relay_pid
        self.entries: dict[int, Entry] = {}
        self.by_efd: dict[int, Entry] = {}
        self.poller = select.poll()
        self.bye = False
        #: what release actions changed that must not outlive the relay (key → ["write", path, text] or
        #: ["cont", pids])
        self.undo: dict[str, list[Any]] = {}

    # ------------------------------------------------------------------ messages from the relay
    def message(self, msg: list[Any], now: float) -> None:
        op = msg[0]
        if op == WATCH:
            self.watch(int(msg[1]), str(msg[2]), int(msg[3]))
        elif op == FORGET:
            self.forget(int(msg[1]))
        elif op == BEGIN and (e := self.entries.get(int(msg[1]))) is not None:
            e.since = e.since if e.since is not None else now
            e.seq = int(msg[2])
        elif op == END and (e := self.entries.get(int(msg[1]))) is not None:
            for x in self._subtree(e):  # v1 signals the OOM to every memcg below the one that hit its limit
                x.since, x.seq = None, 0
            e.recheck = now + self.limit_s
        elif op == BYE:
            self.bye = True
        elif op == UNDO:
            self.undo[str(msg[1])] = list(msg[2:])
        elif op == DONE:
            self.undo.pop(str(msg[1]), None)

    def watch(self, cid: int, path: str, original: int) -> None:
        if cid in self.entries:
            return
        e = self.entries[cid] = Entry(cid, path, original)
        try:
            dfd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        except OSError:
            return  # gone already: remembered (for restore_unknown) without fds
        try:
            if os.fstat(dfd).st_ino != cid:
                return  # re-created meanwhile: what is at the path now is another memcg
            e.oom_fd = os.open("memory.oom_control", os.O_RDWR | os.O_CLOEXEC, dir_fd=dfd)
            e.efd = os.eventfd(0, os.EFD_CLOEXEC | os.EFD_NONBLOCK)
            ctl = os.open("cgroup.event_control", os.O_WRONLY | os.O_CLOEXEC, dir_fd=dfd)
            try:
                os.write(ctl, f"{e.efd} {e.oom_fd}".encode())
            finally:
                os.close(ctl)
            self.by_efd[e.efd] = e
            self.poller.register(e.efd, select.POLLIN)
        except OSError:
            self._close(e)
        finally:
            os.close(dfd)

    def forget(self, cid: int) -> None:
        e = self.entries.pop(cid, None)
        if e is not None:
            self._close(e)

    def _close(self, e: Entry) -> None:
        if e.efd >= 0:
            if e.efd in self.by_efd:
                self.poller.unregister(e.efd)
                del self.by_efd[e.efd]
            os.close(e.efd)
        if e.oom_fd >= 0:
            os.close(e.oom_fd)
        e.efd = e.oom_fd = -1

    # ------------------------------------------------------------------ OOMs
    def notified(self, efd: int, now: float) -> None:
        e = self.by_efd.get(efd)
        if e is None:
            return
        try:  # noqa: SIM105 - contextlib (with functools and collections) would cost the watchdog memory
            os.eventfd_read(efd)
        except BlockingIOError:
            pass
        state = e.state()
        if state is None:
            self._close(e)  # removed (the kernel signals the eventfd then too)
        elif state.under_oom and e.since is None:
            e.since = now

    def timeout(self, now: float) -> float | None:
        """Seconds until the next deadline or re-check (None: nothing to wait for)."""
        due = [e.since + self.limit_s for e in self.entries.values() if e.since is not None]
        due += [e.recheck for e in self.entries.values() if e.recheck is not None]
        return max(0.0, min(due) - now) if due else None

    def check(self, now: float) -> list[list[Any]]:
        """Act on the deadlines that passed; returns the messages for the relay."""
        out = []
        for e in list(self.entries.values()):
            if e.recheck is not None and now >= e.recheck:
                e.recheck = None
                state = e.state()
                if e.since is None and state is not None and state.under_oom:
                    e.since = now
            if e.since is not None and now - e.since >= self.limit_s:
                msg = self.expire(e, now)
                if msg is not None:
                    out.append(msg)
        return out

    def _subtree(self, top: Entry) -> list[Entry]:
        return [e for e in self.entries.values() if e.path == top.path or e.path.startswith(top.path + "/")]

    def expire(self, e: Entry, now: float) -> list[Any] | None:
        """The OOM in ``e`` outlived the deadline: hand the memcg that hit its limit to the kernel."""
        state = e.state()
        if state is None or not state.under_oom:
            e.since, e.seq = None, 0
            return None
        line = [x for x in self.entries.values() if x.path == e.path or e.path.startswith(x.path + "/")]
        paused = [x for x in sorted(line, key=lambda x: x.path.count("/")) if (s := x.state()) and s.under_oom]
        top = paused[0] if paused else e
        subtree = self._subtree(top)
        started = min(x.since for x in subtree + [e] if x.since is not None)
        seq = max(x.seq for x in subtree + [e])
        for x in subtree:
            x.since, x.seq = None, 0
        top_state = top.state()
        if top_state is None or not top_state.oom_kill_disable:
            return None  # the kernel has it already (the relay's own failsafe, or not ours to pause)
        kills = sum(s.oom_kill for x in subtree if (s := x.state()) is not None)
        try:
            os.write(top.oom_fd, b"0")
        except OSError:
            return None  # removed meanwhile
        waited_ms = (now - started) * 1000
        kmsg.write(
            kmsg.PREFIX + f"watchdog: OOM in {kmsg.quote(top.path)} unresolved after {waited_ms:.0f} ms (relay pid "
            f"{self.relay_pid} {relay_state(self.relay_pid)}): oom_kill_disable=0, the kernel's OOM killer takes it",
            kmsg.LEVEL_WARNING,
        )
        return [RELEASED, top.id, top.path, waited_ms, seq, kills]

    # ------------------------------------------------------------------ the end
    def restore(self) -> list[str]:
        """Everything back: :meth:`restore_oom`, then :meth:`undo_releases`; what was written."""
        return self.restore_oom() + self.undo_releases()

    def restore_oom(self) -> list[str]:
        """``oom_kill_disable=0`` wherever it is 1 because of us; the paths written."""
        written = []
        for e in sorted(self.entries.values(), key=lambda x: x.path, reverse=True):
            state = e.state()
            if e.original == 0 and state is not None and state.oom_kill_disable:
                try:
                    os.write(e.oom_fd, b"0")
                    written.append(e.path)
                except OSError:
                    continue
        return written + restore_unknown(self.root, self.root_id, {e.id: e.original for e in self.entries.values()})

    def undo_releases(self) -> list[str]:
        """Undo what release actions left behind (a lowered limit, frozen cgroups); what was undone."""
        done = []
        for key, (kind, *args) in list(self.undo.items()):
            del self.undo[key]
            try:
                if kind == "write":
                    fd = os.open(str(args[0]), os.O_WRONLY | os.O_CLOEXEC)
                    try:
                        os.write(fd, str(args[1]).encode())
                    finally:
                        os.close(fd)
                    done.append(str(args[0]))
                elif kind == "cont":
                    pids = [int(p) for p in str(args[0]).split()]
                    for pid in pids:
                        try:  # noqa: SIM105 - contextlib (with functools and collections) would cost the watchdog memory
                            os.kill(pid, signal.SIGCONT)
                        except ProcessLookupError:
                            pass
                    done.append(f"{len(pids)} stopped processes")
            except (OSError, ValueError, IndexError):
                continue
        return done


def relay_state(pid: int) -> str:
    """``stopped``, ``running``, ``sleeping``… of ``pid`` from /proc (``gone`` when it has exited)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return "gone"
    return {"T": "stopped", "t": "traced", "R": "running", "S": "sleeping", "D": "in D state", "Z": "gone"}.get(
        state, state
    )


class _Stop(Exception):
    pass


def _on_term(signum: int, frame: FrameType | None) -> None:
    raise _Stop


def _send(msg: list[Any]) -> None:
    """One line to the relay; dropped when the relay does not read (stopped, its pipe full) or is gone."""
    try:  # noqa: SIM105 - as above
        os.write(1, encode(*msg))
    except (BlockingIOError, BrokenPipeError):
        pass


def _read_lines(buf: bytearray) -> tuple[list[list[Any]], bool]:
    """Everything the relay has written so far (non-blocking); whether the pipe reached end of file."""
    eof = False
    while True:
        try:
            chunk = os.read(0, 65536)
        except BlockingIOError:
            break
        if not chunk:
            eof = True
            break
        buf += chunk
    msgs = []
    while b"\n" in buf:
        line, _, rest = bytes(buf).partition(b"\n")
        buf[:] = rest
        msg = decode(line)
        if msg is not None:
            msgs.append(msg)
    return msgs, eof


def serve(guard: Guard, pidfd: int) -> str:
    """The loop: until the relay closes the pipe ("eof"), exits ("gone") or SIGTERM ("SIGTERM")."""
    buf = bytearray()
    guard.poller.register(0, select.POLLIN)
    guard.poller.register(pidfd, select.POLLIN)
    try:
        while True:
            wait = guard.timeout(time.monotonic())
            ready = {fd for fd, _ in guard.poller.poll(None if wait is None else wait * 1000 + 1)}
            now = time.monotonic()
            msgs, eof = _read_lines(buf) if (0 in ready or pidfd in ready) else ([], False)
            for msg in msgs:
                guard.message(msg, now)
            if eof or pidfd in ready:
                return "eof" if eof and guard.bye else "gone"
            for fd in ready - {0, pidfd}:
                guard.notified(fd, now)
            for msg in guard.check(now):
                _send(msg)
    except _Stop:
        for msg in _read_lines(buf)[0]:
            guard.message(msg, time.monotonic())
        return "SIGTERM"


def _options(argv: list[str]) -> tuple[str, int, float]:
    """``--root PATH --root-id ID --limit-ms MS`` (parsed by hand: argparse would cost the watchdog memory)."""
    opts = dict(zip(argv[::2], argv[1::2], strict=False))
    try:
        return opts["--root"], int(opts["--root-id"]), float(opts["--limit-ms"])
    except (KeyError, ValueError):
        raise SystemExit("usage: pyoombpf.bridge.watchdog --root PATH --root-id ID --limit-ms MS") from None


def main(argv: list[str]) -> int:
    root, root_id, limit_ms = _options(argv)
    relay = os.getppid()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a terminal's ^C goes to the relay, which stops us in order
    signal.signal(signal.SIGTERM, _on_term)
    try:
        pidfd = os.pidfd_open(relay)
    except OSError:
        return 0
    if os.getppid() != relay:  # the relay died before we could follow it; it changed nothing yet
        return 0
    os.set_blocking(0, False)
    os.set_blocking(1, False)
    problems = {"mlockall": lock_memory(), "oom_score_adj": set_oom_score_adj(OOM_SCORE_ADJ_MIN)}
    problems["nofile"] = set_fd_limit()
    problems["realtime"] = set_realtime(WATCHDOG_PRIORITY)  # above the relay: it acts when the relay does not
    guard = Guard(root, root_id, limit_ms / 1000, relay)
    _send([READY, os.getpid(), *(x for what, problem in problems.items() for x in (what, problem))])
    how = serve(guard, pidfd)
    written = guard.restore_oom()
    undone = guard.undo_releases()
    if (written or undone) and how != "eof":
        what = [f"oom_kill_disable=0 restored on {len(written)} memcgs"] if written else []
        what += [f"undid the policy's release actions on {', '.join(kmsg.quote(u) for u in undone)}"] if undone else []
        kmsg.write(
            kmsg.PREFIX + f"watchdog: the relay (pid {relay}) is gone ({how}): {'; '.join(what)} under "
            f"{kmsg.quote(root)}",
            kmsg.LEVEL_WARNING,
        )
    return 0


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
