"""The processes of the OOM latency scenario (run as ``python -S oomkids.py ROLE ...``; started by bench_bridge).

* ``victim MEMCG MIB ADJ``: joins the memcg, sets its ``oom_score_adj``, touches MIB MiB of private anonymous
  memory (shared anonymous memory would be shmem, which the OOM reaper cannot free), prints ``ready`` and waits
  to be killed.
* ``alloc MEMCG MIB [ADJ]``: joins the memcg (and sets ``oom_score_adj`` ADJ) and touches MIB MiB one page at a
  time, timing every page fault (``CLOCK_MONOTONIC``).  The slowest touch is the OOM stall: the kernel either
  killed a victim inside it, or paused it until a relay freed memory.  Prints
  ``{"stall_start": ns, "stall_end": ns, "slow": [[start, end], ...]}`` as JSON (the slowest fault, and every
  fault slower than 50 µs: on a busy machine a preempted fault can be slower than the stall, so the benchmark
  picks the fault during which the kill happened) and exits.
"""

import json
import mmap
import os
import sys
import time

PAGE = 4096
SLOW_NS = 50_000  # faults slower than this are reported (the OOM stall is one of them)
MAX_SLOW = 4096


def join(memcg: str) -> None:
    with open(os.path.join(memcg, "cgroup.procs"), "w") as f:
        f.write(str(os.getpid()))


def victim(memcg: str, mib: int, adj: int) -> None:
    join(memcg)
    with open("/proc/self/oom_score_adj", "w") as f:
        f.write(str(adj))
    buf = mmap.mmap(-1, mib << 20, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    for off in range(0, mib << 20, PAGE):
        buf[off] = 1
    print("ready", flush=True)
    sys.stdin.read()  # until killed (or stdin closes)


def alloc(memcg: str, mib: int, adj: int = 0) -> None:
    join(memcg)
    if adj:
        with open("/proc/self/oom_score_adj", "w") as f:
            f.write(str(adj))
    buf = mmap.mmap(-1, mib << 20, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    clock = time.monotonic_ns
    slow: list[tuple[int, int]] = []
    for off in range(0, mib << 20, PAGE):
        t0 = clock()
        buf[off] = 1
        t1 = clock()
        if t1 - t0 > SLOW_NS and len(slow) < MAX_SLOW:
            slow.append((t0, t1))
    worst = max(slow, key=lambda t: t[1] - t[0], default=(0, 0))
    print(json.dumps({"stall_start": worst[0], "stall_end": worst[1], "slow": slow}), flush=True)


if __name__ == "__main__":
    role = sys.argv[1]
    if role == "victim":
        victim(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    elif role == "alloc":
        alloc(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]) if len(sys.argv) > 4 else 0)
    else:
        raise SystemExit(f"unknown role {role!r}")
