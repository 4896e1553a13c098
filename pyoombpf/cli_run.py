"""``pyoombpf run POLICY.py``: run a policy in the foreground until SIGINT/SIGTERM (docs/bridge.md).

    pyoombpf run [POLICY.py | --policy-lib NAME] [--config FILE] [--policy NAME] [--cgroup PATH]
                             [--mode auto|bridge|struct_ops] [--json | --log auto|text|json|journal]
                             [--metrics HOST:PORT] [--deadline-ms N]
                             [--load-timeout S] [--triggers max,high,psi] [--psi 'some 150000 2000000']
                             [--cooldown-ms N]

Bridge mode picks the cgroup v1 relay or the cgroup v2 relay by where the memory controller is.

Every event is printed as it happens: a short line each, or with ``--json`` one JSON object per line; under
systemd (``--log auto``) each is a structured journal entry.  Options come from the configuration file too
(``--config``; flags win): pyoombpf/service/ (docs/deploy.md).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from types import FrameType
from typing import Any

from pyoombpf.cli_args import non_negative_ms, positive_ms
from pyoombpf.errors import PyoombpfError


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="pyoombpf run",
        description="Run an @oom_handler policy until SIGINT/SIGTERM: struct_ops where the kernel has it, "
        "else bridge mode (a relay runs the policy in the kernel on every OOM).",
    )
    p.add_argument("file", nargs="?", help="the policy's Python file (default: policy = in the configuration)")
    p.add_argument(
        "--config",
        metavar="FILE",
        help="the configuration file (TOML; docs/deploy.md); default without POLICY.py: /etc/pyoombpf/pyoombpf.toml",
    )
    p.add_argument(
        "--policy-lib",
        metavar="NAME",
        help="run a policy of the library instead of a file (pyoombpf policies lists them; docs/policies-library.md)",
    )
    p.add_argument("--policy", "--function", dest="policy", help="which function of the file")
    p.add_argument(
        "--cgroup",
        help="the cgroup to attach to, absolute or relative to the hierarchy holding the memory controller "
        "(v1: under /sys/fs/cgroup/memory; v2: under /sys/fs/cgroup); default: the root, which bridge mode on "
        "v1 refuses",
    )
    p.add_argument("--mode", choices=["auto", "bridge", "struct_ops"], help="default: auto")
    p.add_argument("--json", dest="log", action="store_const", const="json", help="the same as --log json")
    p.add_argument(
        "--log",
        choices=["auto", "text", "json", "journal"],
        help="events as text lines, JSON lines, or journal entries; auto (default): the journal when systemd "
        "connected stdout to it, else text",
    )
    p.add_argument("--metrics", metavar="HOST:PORT", help="serve Prometheus metrics at http://HOST:PORT/metrics")
    p.add_argument(
        "--deadline-ms",
        type=positive_ms,
        default=None,
        help="bridge mode: how long a kill may take to free memory before the kernel's OOM killer is let "
        "act on v1, and how long the v2 relay waits for a victim to exit before it reports (default 250)",
    )
    p.add_argument(
        "--load-timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help="bridge mode: stop with an error when the kernel's verifier takes longer than this (default 30)",
    )
    v2 = p.add_argument_group("bridge mode on cgroup v2")
    v2.add_argument(
        "--triggers",
        help="which notifications run the policy, comma-separated from max,high,psi (default: all three)",
    )
    v2.add_argument("--psi", help="the PSI trigger on memory.pressure (default 'some 150000 2000000')")
    v2.add_argument(
        "--cooldown-ms",
        type=non_negative_ms,
        help="at most one policy run per cgroup (and its ancestors and descendants) this often (default 1000)",
    )
    return p


def v2_options(args: argparse.Namespace) -> dict[str, Any] | None:
    """The v2 relay options given on the command line (None when none was)."""
    out: dict[str, Any] = {}
    triggers = args.triggers  # a tuple once merged with the configuration (service.runner.merge)
    if triggers is not None:
        out["triggers"] = (
            tuple(t.strip() for t in triggers.split(",") if t.strip()) if isinstance(triggers, str) else tuple(triggers)
        )
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
    from pyoombpf.bridge.loop import DEFAULT_DEADLINE_MS
    from pyoombpf.bridge.policy import DEFAULT_LOAD_TIMEOUT_S, check_privileges, choose_mode, run_policy
    from pyoombpf.bridge.precompile import compile_for_auto, compile_in_child
    from pyoombpf.files import import_file, pick_function
    from pyoombpf.service.runner import Service, merge

    try:
        cfg = merge(args)
        if not os.path.isfile(args.file):
            raise SystemExit(f"pyoombpf: error: no such file: {args.file}")
        check_privileges()  # before a child process is started or anything is compiled
        module = None
        compiled: Any = None
        if args.mode in ("auto", "bridge"):  # a child picks the mode (it reads BTF) and compiles: the relay stays small
            pick = compile_for_auto if args.mode == "auto" else compile_in_child
            compiled = pick(args.file, args.policy)
        mode = "bridge" if compiled is not None else choose_mode(args.mode)
        if compiled is None:
            from pyoombpf.bridge.policy import bridge_only
            from pyoombpf.compiler import compile as pcompile
            from pyoombpf.errors import CompileError

            module = import_file(args.file)
            try:
                compiled = pcompile(pick_function(module, args.policy, args.file))
            except CompileError as e:  # auto: a policy only bridge mode can run (oc.drop_files …) runs there
                if args.mode != "auto" or not bridge_only(e):
                    raise
                mode, module = "bridge", None
                compiled = compile_in_child(args.file, args.policy)
        if cfg is not None:  # [release.TAG] directories and the policy's tags, located, before anything starts
            from pyoombpf.service.config import bind_release

            bind_release(cfg, list(getattr(compiled, "releases", [])))
        deadline = args.deadline_ms if args.deadline_ms is not None else DEFAULT_DEADLINE_MS
        load_timeout = args.load_timeout if args.load_timeout is not None else DEFAULT_LOAD_TIMEOUT_S
        with Service(args, cfg) as service, _EarlySignals() as early:
            service.bind(compiled, module)
            policy = run_policy(
                compiled,
                args.cgroup,
                mode,
                deadline_ms=deadline,
                on_event=service.on_event,
                v2_options=v2_options(args),
                load_timeout_s=load_timeout,
                release=cfg.release if cfg is not None else None,
            )
            with policy:
                service.attach(policy, compiled)
                early.forward_to(policy)
                policy.run()
    except BrokenPipeError:
        raise  # the reader of stdout went away: pyoombpf.cli ends quietly (status 141)
    except (PyoombpfError, ValueError, OSError) as exc:
        print(str(exc) if isinstance(exc, PyoombpfError) else f"pyoombpf: error: {exc}", file=sys.stderr)
        return 1
    return 0
