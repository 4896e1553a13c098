"""The bridge relay under test, as its own process (so its RSS is its own): the ``largest_leaf`` example policy in
bridge mode, attached to MEMCG, through the Python API (``pyoombpf.bridge.run_policy``), compiled in a child
process as ``pyoombpf run`` does (``compile_in_child``), so the relay never maps LLVM.

    .venv/bin/python bridge_relay.py MEMCG [TRACE]

Root.  Prints ``ready WATCHDOG_PID`` once armed and runs until SIGTERM/SIGINT.  With TRACE it appends ``wake NS``
(the relay saw an OOM) and ``kill NS`` (the policy has run and sent its signals) lines, ``CLOCK_MONOTONIC``, from
the events' own times (the relay delivers them after the victims are reaped).
``PYOOMBPF_BENCH_NO_MLOCK=1`` runs it without ``mlockall`` (for the memory comparison only);
``PYOOMBPF_BENCH_NO_REAP=1`` without ``process_mrelease`` of the victims (to measure what reaping gains);
``PYOOMBPF_BENCH_NO_RT=1`` without real-time priority (to measure what it gains).
"""

import os
import sys
import time

# os.path, not pathlib: this process is the relay whose memory the benchmark measures, and pathlib (with fnmatch,
# urllib.parse, ipaddress) would add a MiB that the relay itself does not use
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main(cgroup: str, trace_path: str = os.devnull) -> None:
    from pyoombpf.bridge import run_policy
    from pyoombpf.bridge.precompile import compile_in_child

    started: dict[str, object] = {}
    trace = open(trace_path, "a", buffering=1)  # noqa: SIM115 - open for the relay's whole life
    names = {"oom": "wake", "verdict": "kill"}

    offset = time.monotonic_ns() - time.time_ns()  # events carry the wall-clock time they happened at

    def on_event(event: object) -> None:
        kind = getattr(event, "kind", "")
        if kind == "start":
            started.update(getattr(event, "fields", {}))
        elif kind in names:  # delivered after the victims are reaped: the stamp is the event's own time
            trace.write(f"{names[kind]} {int(getattr(event, 'time', 0) * 1e9) + offset}\n")

    lock = os.environ.get("PYOOMBPF_BENCH_NO_MLOCK") != "1"  # the memory benchmark compares both
    reap = os.environ.get("PYOOMBPF_BENCH_NO_REAP") != "1"  # the latency benchmark compares both
    realtime = os.environ.get("PYOOMBPF_BENCH_NO_RT") != "1"  # and this
    policy_obj = compile_in_child(os.path.join(ROOT, "examples", "largest_leaf.py"))
    with run_policy(
        policy_obj, cgroup=cgroup, mode="bridge", on_event=on_event, lock_memory=lock, reap=reap, realtime=realtime
    ) as policy:
        print(f"ready {started.get('watchdog_pid', 0)}", flush=True)
        policy.run()


if __name__ == "__main__":
    main(*sys.argv[1:3])
