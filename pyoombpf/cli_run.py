"""``pyoombpf run POLICY.py``: run a policy in the foreground until SIGINT/SIGTERM (docs/bridge.md).

    pyoombpf run POLICY.py [--policy NAME] [--cgroup PATH] [--mode auto|bridge|struct_ops] [--json]
                           [--deadline-ms N]

Every event is printed as it happens: a short line each, or with ``--json`` one JSON object per line.
"""

from __future__ import annotations

import argparse
import sys

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
        help="the memory cgroup to attach to (v1: a directory under /sys/fs/cgroup/memory, absolute or relative "
        "to it; default: the root, which bridge mode on v1 refuses)",
    )
    p.add_argument("--mode", choices=["auto", "bridge", "struct_ops"], default="auto")
    p.add_argument("--json", action="store_true", help="one JSON object per line per event")
    p.add_argument(
        "--deadline-ms",
        type=float,
        default=None,
        help="bridge mode: how long a kill may take to free memory before the kernel's OOM killer is let "
        "act (default 250)",
    )
    return p


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    from pyoombpf.bridge.events import Event
    from pyoombpf.bridge.policy import run_policy
    from pyoombpf.bridge.relay import DEFAULT_DEADLINE_MS
    from pyoombpf.files import import_file, pick_function

    def show(event: Event) -> None:
        print(event.to_json() if args.json else event.to_text(), flush=True)

    try:
        try:
            mod = import_file(args.file)
        except FileNotFoundError:
            raise SystemExit(f"pyoombpf: error: no such file: {args.file}") from None
        fn = pick_function(mod, args.policy, args.file)
        deadline = args.deadline_ms if args.deadline_ms is not None else DEFAULT_DEADLINE_MS
        policy = run_policy(fn, args.cgroup, args.mode, deadline_ms=deadline, on_event=show)
        with policy:
            policy.run()
    except PyoombpfError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    return 0
