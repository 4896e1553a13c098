"""The storm: consecutive OOMs while the relay is stopped (SIGSTOP) and continued (SIGCONT) at random moments.

Every OOM must end — by the policy, or by the kernel once the watchdog takes it from a stopped relay — within the
deadline + 1 s (measured by the allocating task itself: its slowest page fault is the OOM stall), no process but
the chosen victim may die, and nothing may stay paused.  ``make test`` runs a short storm
(``PYOOMBPF_STORM_OOMS``, default 20); ``make storm`` runs 200.
"""

from __future__ import annotations

import collections
import contextlib
import os
import random
import select
import signal
import subprocess
import sys
import threading
import time

import pytest

from .v1 import CliRun, V1Tree, write

pytestmark = pytest.mark.kernel

OOMS = int(os.environ.get("PYOOMBPF_STORM_OOMS", "20"))
DEADLINE_MS = 250
BOUND_S = DEADLINE_MS / 1000 + 1.0
# Touch N MiB page by page; print the slowest page fault in ms (the OOM stall), then wait for stdin to close.
_TIMED_ALLOC = """\
import mmap, sys, time
m = mmap.mmap(-1, int(sys.argv[1]) << 20, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
slowest = 0
for i in range(0, len(m), 4096):
    t = time.monotonic_ns()
    m[i] = 1
    slowest = max(slowest, time.monotonic_ns() - t)
print("done", slowest / 1e6, flush=True)
sys.stdin.read()
"""


class Timed:
    """The allocating task, in ``cgroup``; ``result()`` is its slowest fault in ms (None if it did not finish)."""

    def __init__(self, cgroup: str, mb: int) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _TIMED_ALLOC, str(mb)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            preexec_fn=lambda: write(os.path.join(cgroup, "cgroup.procs"), str(os.getpid())),
        )

    def result(self, timeout: float = 60) -> float | None:
        assert self.proc.stdout is not None
        if not select.select([self.proc.stdout], [], [], timeout)[0]:
            return None
        line = self.proc.stdout.readline().split()
        return float(line[1]) if line[:1] == ["done"] else None

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for f in (self.proc.stdin, self.proc.stdout):
            if f is not None:
                f.close()


class Stopper(threading.Thread):
    """SIGSTOP and SIGCONT the relay at random moments until stopped; counts the stops."""

    def __init__(self, pid: int, rng: random.Random) -> None:
        super().__init__(daemon=True)
        self.pid, self.rng, self.stops = pid, rng, 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(self.rng.uniform(0.0, 0.4)):
            os.kill(self.pid, signal.SIGSTOP)
            self.stops += 1
            self.done.wait(self.rng.uniform(0.0, 1.5))
            os.kill(self.pid, signal.SIGCONT)


def read_until_stop(run: CliRun) -> None:
    """Read the relay's events as they come (in ``run.events``; a relay whose stdout pipe is full would block)."""
    with contextlib.suppress(AssertionError):
        run.next("stop")


def test_storm_of_ooms_with_the_relay_stopped_at_random(tree: V1Tree) -> None:
    seed = int(os.environ.get("PYOOMBPF_STORM_SEED", str(time.time_ns() % 100000)))
    rng = random.Random(seed)
    tree.limit(tree.root, 256)
    tree.make("workload", limit_mb=128)
    for leaf in ("big", "medium", "alloc"):
        tree.make(f"workload/{leaf}")
    medium = tree.spawn("workload/medium", 25)  # a bystander through the whole storm
    stalls: list[float] = []
    with CliRun("examples/largest_leaf.py", "--cgroup", tree.root, "--deadline-ms", str(DEADLINE_MS)) as run:
        run.next("start")
        reader = threading.Thread(target=read_until_stop, args=(run,), daemon=True)
        stopper = Stopper(run.pid, rng)
        reader.start()
        stopper.start()
        try:
            for n in range(OOMS):
                big = tree.spawn("workload/big", 70, oom_score_adj=1000)  # the victim of the policy and the kernel
                alloc = Timed(tree.path("workload/alloc"), 60)
                try:
                    stall = alloc.result()
                    assert stall is not None, f"OOM {n + 1} (seed {seed}): the allocator never finished"
                    assert big.killed(), f"OOM {n + 1} (seed {seed}): the victim survived"
                    assert alloc.proc.poll() is None and medium.alive(), f"OOM {n + 1} (seed {seed}): a bystander died"
                    stalls.append(stall)
                finally:
                    alloc.stop()
        finally:
            stopper.done.set()
            stopper.join()
            run.signal(signal.SIGCONT)
        run.signal(signal.SIGTERM)
        reader.join(timeout=60)
        assert run.wait() == 0
    events = run.events
    stop = events[-1]
    assert stop["event"] == "stop", events[-5:]
    by_policy = sum(e["event"] == "kill" for e in events)
    failsafes = collections.Counter(e["why"] for e in events if e["event"] == "failsafe")
    print(
        f"storm (seed {seed}): {OOMS} OOMs, {stopper.stops} SIGSTOPs; relay events: {stop['ooms']} OOMs, "
        f"{by_policy} kills by the policy, failsafes {dict(failsafes)}; slowest stall {max(stalls):.0f} ms, "
        f"median {sorted(stalls)[len(stalls) // 2]:.0f} ms (bound {BOUND_S * 1000:.0f} ms)"
    )
    late = [(i + 1, round(s)) for i, s in enumerate(stalls) if s > BOUND_S * 1000]
    assert not late, f"OOMs (number, stall ms) longer than the deadline + 1 s (seed {seed}): {late}"
    assert medium.alive()
    assert all(tree.oom_control(os.path.relpath(d, tree.root) if d != tree.root else "")["under_oom"] == 0
               for d in tree.disable_values())  # fmt: skip
    assert set(tree.disable_values().values()) == {0}
    assert stop["reason"] == "SIGTERM"
