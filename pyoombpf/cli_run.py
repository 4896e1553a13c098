"""``pyoombpf run POLICY.py``: run a policy in the foreground until SIGINT/SIGTERM (docs/bridge.md).

    pyoombpf run POLICY.py [--policy NAME] [--cgroup PATH] [--mode auto|bridge|struct_ops] [--json]
                           [--deadline-ms N] [--triggers max,high,psi] [--psi 'some 150000 2000000']
                           [--cooldown-ms N]

Bridge mode picks the cgroup v1 relay or the cgroup v2 relay by where the memory controller is.

Every event is printed as it happens: a short line each, or with ``--json`` one JSON object per line.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from types import FrameType
from typing import Any

from pyoombpf.errors import PyoombpfError


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="pyoombpf run",
        description="Run an @oom_handler policy until SIGINT/SIGTERM: struct_ops where the kernel has it, "
        "else bridge mode (a relay runs the policy in the kernel on every OOM).",
    )
    p.add_argument("file", help="the policy's Python file")
    p.add_argument("--policy", "--function", dest="policy", help="which function of the file")
    p.add_argument(
        "--cgroup",
        help="the cgroup to attach to, absolute or relative to the hierarchy holding the memory controller "
        "(v1: under /sys/fs/cgroup/memory; v2: under /sys/fs/cgroup); default: the root, which bridge mode on "
        "v1 refuses",
    )
    p.add_argument("--mode", choices=["auto", "bridge", "struct_ops"], default="auto")
    p.add_argument("--json", action="store_true", help="one JSON object per line per event")
    p.add_argument(
        "--deadline-ms",
        type=float,
        default=None,
        help="bridge mode: how long a kill may take to free memory before the kernel's OOM killer is let "
        "act on v1, and how long the v2 relay waits for a victim to exit before it reports (default 250)",
    )
    v2 = p.add_argument_group("bridge mode on cgroup v2")
    v2.add_argument(
        "--triggers",
        help="which notifications run the policy, comma-separated from max,high,psi (default: all three)",
    )
    v2.add_argument("--psi", help="the PSI trigger on memory.pressure (default 'some 150000 2000000')")
    v2.add_argument(
        "--cooldown-ms",
        type=float,
        help="at most one policy run per cgroup (and its ancestors and descendants) this often (default 1000)",
    )
    return p


def v2_options(args: argparse.Namespace) -> dict[str, Any] | None:
    """The v2 relay options given on the command line (None when none was)."""
    out: dict[str, Any] = {}
    if args.triggers is not None:
        out["triggers"] = tuple(t.strip() for t in args.triggers.split(",") if t.strip())
    if args.psi is not None:
        out["psi"] = args.psi
    if args.cooldown_ms is not None:
        out["cooldown_ms"] = args.cooldown_ms
    return out or None


class _EarlySignals:
    """SIGINT/SIGTERM that arrive while the policy loads and the relay starts (before ``run()`` installs its own
    handlers) stop it cleanly, with a ``stop`` event naming the signal, instead of a KeyboardInterrupt."""

    def __init__(self) -> None:
        self._pending: str | None = None
        self._policy: Any = None
        self._old: dict[int, Any] = {}

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        name = signal.Signals(signum).name
        if self._policy is not None:
            self._policy.stop(name)
        else:
            self._pending = name

    def forward_to(self, policy: Any) -> None:
        self._policy = policy
        if self._pending is not None:
            policy.stop(self._pending)

    def __enter__(self) -> _EarlySignals:
        if threading.current_thread() is threading.main_thread():
            self._old = {sig: signal.signal(sig, self._handle) for sig in (signal.SIGINT, signal.SIGTERM)}
        return self

    def __exit__(self, *exc: object) -> None:
        for sig, old in self._old.items():
            signal.signal(sig, old)


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    from pyoombpf.bridge.events import Event
    from pyoombpf.bridge.policy import choose_mode, run_policy
    from pyoombpf.bridge.precompile import compile_in_child
    from pyoombpf.bridge.relay import DEFAULT_DEADLINE_MS
    from pyoombpf.files import import_file, pick_function

    def show(event: Event) -> None:
        print(event.to_json() if args.json else event.to_text(), flush=True)

    try:
        if not os.path.isfile(args.file):
            raise SystemExit(f"pyoombpf: error: no such file: {args.file}")
        mode = choose_mode(args.mode)
        if mode == "bridge":  # compiled in a child: the relay stays small (it mlocks what it maps)
            fn: Any = compile_in_child(args.file, args.policy)
        else:
            fn = pick_function(import_file(args.file), args.policy, args.file)
        deadline = args.deadline_ms if args.deadline_ms is not None else DEFAULT_DEADLINE_MS
        with _EarlySignals() as early:
            policy = run_policy(fn, args.cgroup, mode, deadline_ms=deadline, on_event=show, v2_options=v2_options(args))
            with policy:
                early.forward_to(policy)
                policy.run()
    except (PyoombpfError, ValueError) as exc:
        print(str(exc) if isinstance(exc, PyoombpfError) else f"pyoombpf: error: {exc}", file=sys.stderr)
        return 1
    return 0
