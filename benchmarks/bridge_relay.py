"""The bridge relay under test, as its own process (so its RSS is its own): the ``largest_leaf`` example policy in
bridge mode, attached to MEMCG, through the Python API (``pyoombpf.bridge.run_policy``), compiled in a child
process as ``pyoombpf run`` does (``compile_in_child``), so the relay never maps LLVM.

    .venv/bin/python bridge_relay.py MEMCG [TRACE]

Root.  Prints ``ready WATCHDOG_PID`` once armed and runs until SIGTERM/SIGINT.  With TRACE it appends ``wake NS``
(the relay reports an OOM) and ``kill NS`` (the policy has run and sent its signals) lines, ``CLOCK_MONOTONIC``.
``PYOOMBPF_BENCH_NO_MLOCK=1`` runs it without ``mlockall`` (for the memory comparison only);
``PYOOMBPF_BENCH_NO_REAP=1`` without ``process_mrelease`` of the victims (to measure what reaping gains).
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(cgroup: str, trace_path: str = os.devnull) -> None:
    from pyoombpf.bridge import run_policy
    from pyoombpf.bridge.precompile import compile_in_child

    started: dict[str, object] = {}
    trace = open(trace_path, "a", buffering=1)  # noqa: SIM115 - open for the relay's whole life
    names = {"oom": "wake", "verdict": "kill"}

    def on_event(event: object) -> None:
        kind = getattr(event, "kind", "")
        if kind == "start":
            started.update(getattr(event, "fields", {}))
        elif kind in names:
            trace.write(f"{names[kind]} {time.monotonic_ns()}\n")

    lock = os.environ.get("PYOOMBPF_BENCH_NO_MLOCK") != "1"  # the memory benchmark compares both
    reap = os.environ.get("PYOOMBPF_BENCH_NO_REAP") != "1"  # the latency benchmark compares both
    policy_obj = compile_in_child(str(ROOT / "examples" / "largest_leaf.py"))
    with run_policy(policy_obj, cgroup=cgroup, mode="bridge", on_event=on_event, lock_memory=lock, reap=reap) as policy:
        print(f"ready {started.get('watchdog_pid', 0)}", flush=True)
        policy.run()


if __name__ == "__main__":
    main(*sys.argv[1:3])
