"""A plain user-space OOM relay, the baseline for bridge mode: it decides by reading /proc (no BPF at all).

    python proc_relay.py MEMCG [TRACE]   (root; MEMCG: a cgroup v1 memory cgroup directory we own)

Sets ``oom_kill_disable=1`` on MEMCG and waits on its OOM eventfd (``cgroup.event_control``).  On each OOM it
lists the processes of MEMCG's subtree (``cgroup.procs`` of every directory), reads each one's
``/proc/PID/oom_score``, SIGKILLs the highest and waits for it to exit; it repeats while the memcg is still under
OOM — what a careful user-space daemon without BPF would do.  Prints
``ready`` once armed; on SIGTERM/SIGINT it restores ``oom_kill_disable=0`` and exits.  With TRACE, it appends
``wake NS`` / ``kill NS`` lines (``CLOCK_MONOTONIC``) to that file, for the benchmark's latency breakdown.
"""

import os
import select
import signal
import sys
import time
from typing import TextIO


def subtree_pids(top: str) -> list[int]:
    pids: list[int] = []
    for d, _, _ in os.walk(top):
        try:
            with open(os.path.join(d, "cgroup.procs")) as f:
                pids.extend(int(x) for x in f.read().split())
        except OSError:
            continue
    return pids


def oom_score(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/oom_score") as f:
            return int(f.read())
    except (OSError, ValueError):
        return -1


def under_oom(control: str) -> bool:
    with open(control) as f:
        return "under_oom 1" in f.read()


def pick_and_kill(top: str, trace: TextIO) -> None:
    """Kill the highest oom_score in the subtree and wait (up to 1 s) until it is gone, as the kernel does: a
    second victim is chosen only if the first one's exit did not end the OOM."""
    scored = [(oom_score(pid), pid) for pid in subtree_pids(top)]
    scored = [s for s in scored if s[0] > 0]
    if not scored:
        return
    try:
        pidfd = os.pidfd_open(max(scored)[1])
    except ProcessLookupError:
        return
    try:
        signal.pidfd_send_signal(pidfd, signal.SIGKILL)
        trace.write(f"kill {time.monotonic_ns()}\n")
        select.select([pidfd], [], [], 1.0)
    except ProcessLookupError:
        pass
    finally:
        os.close(pidfd)


def main(top: str, trace_path: str = os.devnull) -> None:
    control = os.path.join(top, "memory.oom_control")
    efd = os.eventfd(0, os.EFD_CLOEXEC)
    cfd = os.open(control, os.O_RDONLY | os.O_CLOEXEC)
    with open(os.path.join(top, "cgroup.event_control"), "w") as f:
        f.write(f"{efd} {cfd}")
    with open(control, "w") as f:
        f.write("1")
    stop = os.pipe()
    signal.signal(signal.SIGTERM, lambda *_: os.write(stop[1], b"x"))
    signal.signal(signal.SIGINT, lambda *_: os.write(stop[1], b"x"))
    print("ready", flush=True)
    trace = open(trace_path, "a", buffering=1)  # noqa: SIM115 - open for the relay's whole life
    try:
        while True:
            ready, _, _ = select.select([efd, stop[0]], [], [])
            if stop[0] in ready:
                break
            os.eventfd_read(efd)
            trace.write(f"wake {time.monotonic_ns()}\n")
            while under_oom(control):
                pick_and_kill(top, trace)
    finally:
        trace.close()
        with open(control, "w") as f:
            f.write("0")


if __name__ == "__main__":
    main(*sys.argv[1:3])
