"""Throwaway cgroup v1 memcgs and memory-hungry child processes for the bridge tests (this machine's kernel)."""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from pyoombpf.bridge.memcg_v1 import parse_oom_control, v1_memory_root
from pyoombpf.runtime.cgroup import remove_cgroup
from tests.waits import PATIENCE_S

MB = 1 << 20
REPO = Path(__file__).resolve().parents[2]
# Touch N MiB of private anonymous memory page by page (page-fault charges pause in a v1 OOM; write() to tmpfs
# does not; a shared mapping would be shmem, which counts as file pages), say "done", wait until stdin closes.
_ALLOC = """\
import mmap, sys
m = mmap.mmap(-1, int(sys.argv[1]) << 20, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
for i in range(0, len(m), 4096):
    m[i] = 1
print("done", flush=True)
sys.stdin.read()
"""


def write(path: str, text: str) -> None:
    with open(path, "w") as f:
        f.write(text)


def read(path: str) -> str:
    with open(path) as f:
        return f.read()


class Proc:
    """A python child placed in a memcg (pid written to cgroup.procs before it allocates) holding ``mb`` MiB."""

    def __init__(self, cgroup: str, mb: int, oom_score_adj: int = 0, *, wait: bool = True) -> None:
        def enter() -> None:
            write(f"/proc/{os.getpid()}/oom_score_adj", str(oom_score_adj))
            write(os.path.join(cgroup, "cgroup.procs"), str(os.getpid()))

        self.cgroup = cgroup
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _ALLOC, str(mb)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            preexec_fn=enter,
        )
        self.pid = self.proc.pid
        if wait and not self.wait_done():
            raise RuntimeError(f"allocator in {cgroup} died before it was done (exit {self.proc.returncode})")

    def wait_done(self, timeout: float = 60.0) -> bool:
        """Wait until the allocation is complete ("done"); False if the process died or ``timeout`` s passed
        (a liveness bound: a test must fail, not hang)."""
        assert self.proc.stdout is not None
        if not select.select([self.proc.stdout], [], [], timeout)[0]:
            return False
        self.done = self.proc.stdout.readline().strip() == b"done"
        return self.done

    done = False

    def finished(self) -> bool:
        """Non-blocking: whether the allocation completed (said "done")."""
        assert self.proc.stdout is not None
        if not self.done and select.select([self.proc.stdout], [], [], 0)[0]:
            self.wait_done(0)
        return self.done

    def killed(self, timeout: float = 60) -> bool:
        """Whether it dies by SIGKILL within ``timeout`` s (a liveness bound, not a speed check)."""
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return False
        return self.proc.returncode == -signal.SIGKILL

    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for f in (self.proc.stdin, self.proc.stdout):
            if f is not None:
                with contextlib.suppress(OSError):
                    f.close()


class V1Tree:
    """``/sys/fs/cgroup/memory/pyoombpf-test-<random>`` and children; processes and directories are removed on
    close, also after a failed test (paused tasks are unpaused first)."""

    def __init__(self, limit_mb: int | None = 128) -> None:
        mount = v1_memory_root()
        assert mount is not None
        self.root = os.path.join(mount, f"pyoombpf-test-{secrets.token_hex(4)}")
        os.mkdir(self.root)
        self._dirs = [self.root]
        self._procs: list[Proc] = []
        if limit_mb:
            self.limit(self.root, limit_mb)

    def path(self, rel: str = "") -> str:
        return os.path.join(self.root, rel) if rel else self.root

    def make(self, rel: str, limit_mb: int | None = None) -> str:
        path = self.path(rel)
        os.mkdir(path)
        self._dirs.append(path)
        if limit_mb:
            self.limit(path, limit_mb)
        return path

    def limit(self, path: str, mb: int) -> None:
        write(os.path.join(path, "memory.limit_in_bytes"), str(mb * MB))

    def spawn(self, rel: str, mb: int, oom_score_adj: int = 0, *, wait: bool = True) -> Proc:
        proc = Proc(self.path(rel), mb, oom_score_adj, wait=wait)
        self._procs.append(proc)
        return proc

    def oom_control(self, rel: str = "") -> dict[str, int]:
        state = parse_oom_control(read(os.path.join(self.path(rel), "memory.oom_control")).encode())
        return {"oom_kill_disable": state.oom_kill_disable, "under_oom": state.under_oom, "oom_kill": state.oom_kill}

    def disable_values(self) -> dict[str, int]:
        return {
            d: self.oom_control(os.path.relpath(d, self.root) if d != self.root else "")["oom_kill_disable"]
            for d in self._dirs
            if os.path.isdir(d)
        }

    def cgroup_id(self, rel: str = "") -> int:
        return os.stat(self.path(rel)).st_ino

    def pids(self) -> list[int]:
        out = []
        for d in self._dirs:
            with contextlib.suppress(OSError):
                out += [int(p) for p in read(os.path.join(d, "cgroup.procs")).split()]
        return out

    def close(self) -> None:
        for d in self._dirs:  # nothing of ours may stay paused
            with contextlib.suppress(OSError):
                write(os.path.join(d, "memory.oom_control"), "0")
        for proc in self._procs:
            proc.stop()
        for pid in self.pids():  # only processes started inside our own memcgs
            _kill_if_still_in(pid, self._dirs)
        for path in reversed(self._dirs):
            remove_cgroup(path, timeout=PATIENCE_S)  # killed tasks leave it only once they are gone

    def __enter__(self) -> V1Tree:
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


def _kill_if_still_in(pid: int, cgroups: list[str]) -> None:
    """SIGKILL ``pid`` if it is (still) in one of ``cgroups``: a pid read from cgroup.procs may belong to a process
    that exited meanwhile and to a bystander now (pid reuse).  A pidfd pins the process first; it is signalled
    only if that very process is in one of our cgroups after the pinning."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return
    try:
        with contextlib.suppress(OSError):
            if any(str(pid) in read(os.path.join(d, "cgroup.procs")).split() for d in cgroups):
                signal.pidfd_send_signal(fd, signal.SIGKILL)
    finally:
        os.close(fd)


def stream_lines(stream: IO[str], timeout: float = 60.0) -> Iterator[str]:
    """Lines of ``stream``, read straight from its fd (a buffered reader would hide lines from select); an
    AssertionError if nothing comes for ``timeout`` s, so a test fails instead of hanging."""
    fd, pending = stream.fileno(), b""
    while True:
        while b"\n" in pending:
            line, pending = pending.split(b"\n", 1)
            yield line.decode()
        if not select.select([fd], [], [], timeout)[0]:
            raise AssertionError(f"no event for {timeout} s")
        chunk = os.read(fd, 65536)
        if not chunk:
            return
        pending += chunk


def drive(relay: Any, predicate: Any, timeout: float = 60.0) -> bool:
    """Run the relay (``run_once``) until ``predicate()`` holds or ``timeout`` s passed (a liveness bound)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        relay.run_once(0.02)
        if predicate():
            return True
    return bool(predicate())


def assert_one_kill(events: list[dict[str, Any]]) -> None:
    """The event stream of one OOM ended by one kill: start, oom, verdict, kill, freed, stop.  Between freed and
    stop only the same OOM seen again while its victim was still exiting may appear (an ``oom`` with
    ``victim_exiting`` that the victim's exit ``freed``: the policy is not run again).  Warnings and the
    ``loading`` progress reports (a load that takes seconds on a busy machine) are not part of it."""
    shown = [e for e in events if e["event"] not in ("warning", "loading")]
    assert [e["event"] for e in shown[:5]] == ["start", "oom", "verdict", "kill", "freed"], shown
    assert shown[-1]["event"] == "stop", shown
    for e in shown[5:-1]:
        assert (e["event"], e.get("victim_exiting", e.get("by"))) in (("oom", True), ("freed", "victim-exit")), shown


PYOOMBPF = [sys.executable, "-m", "pyoombpf.cli"]


class CliRun:
    """``pyoombpf run ARGS --json`` in its own process (started from the repository); its events as dicts.

    ``next(kind)`` reads events until one of ``kind`` (and ``where``) comes; every event read is kept in
    ``events``.  Closing sends SIGCONT (a test may have stopped it) and SIGTERM, then SIGKILL if it hangs."""

    def __init__(
        self,
        *args: str,
        cwd: str | Path = REPO,
        env: dict[str, str] | None = None,
        timeout: float = 60,
        command: list[str] | None = None,
    ) -> None:
        self.proc = subprocess.Popen(
            [*(command or PYOOMBPF), "run", *args, "--json"],
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.pid = self.proc.pid
        assert self.proc.stdout is not None
        self._lines = stream_lines(self.proc.stdout, timeout)
        self.events: list[dict[str, Any]] = []

    def next(self, kind: str, where: Any = None) -> dict[str, Any]:
        import json

        for line in self._lines:
            event = json.loads(line)
            self.events.append(event)
            if event["event"] == kind and (where is None or where(event)):
                return event
        raise AssertionError(f"the run ended before a {kind!r} event: {self.events}; stderr: {self.stderr()}")

    def stderr(self) -> str:
        if self.proc.poll() is None or self.proc.stderr is None:
            return ""
        return self.proc.stderr.read()

    def signal(self, sig: int) -> None:
        if self.proc.poll() is None:
            os.kill(self.pid, sig)

    def wait(self, timeout: float = 30) -> int:
        return self.proc.wait(timeout=timeout)

    def close(self) -> None:
        if self.proc.poll() is None:
            os.kill(self.pid, signal.SIGCONT)
            os.kill(self.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.proc.wait()
        for f in (self.proc.stdout, self.proc.stderr):
            if f is not None:
                with contextlib.suppress(OSError):
                    f.close()

    def __enter__(self) -> CliRun:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Kmsg:
    """Kernel log records written from now on (``/dev/kmsg``, read only, non-blocking)."""

    def __init__(self) -> None:
        self.fd = os.open("/dev/kmsg", os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        os.lseek(self.fd, 0, os.SEEK_END)
        self.records: list[str] = []

    def read(self) -> list[str]:
        """Every message written since this reader was opened (the text after the record header, with the escapes
        ``/dev/kmsg`` adds for backslashes and unprintable bytes undone: the text as it was written)."""
        while True:
            try:
                rec = os.read(self.fd, 8192).decode(errors="replace")
            except BlockingIOError:
                break
            except OSError:  # EPIPE: records were overwritten before we read them
                continue
            text = rec.split(";", 1)[1].rstrip("\n") if ";" in rec else rec
            self.records.append(re.sub(r"\\x([0-9a-f]{2})", lambda m: chr(int(m[1], 16)), text))
        return self.records

    def close(self) -> None:
        os.close(self.fd)

    def __enter__(self) -> Kmsg:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
