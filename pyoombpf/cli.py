"""The ``pyoombpf`` command.

    pyoombpf compile FILE.py [-o OUT.o] [--policy NAME] [--abi v3|v2|post-v3] [--emit obj|ir|opt-ir|asm]
    pyoombpf run POLICY.py | --policy-lib NAME [--cgroup PATH] [--mode M]   run a policy until stopped (docs/bridge.md)
    pyoombpf policies [NAME [--path]]                     the policy library, one line each; NAME: its source
    pyoombpf call FILE.py [--function NAME] [ARG ...]    run a function once in the kernel (or as Python: --python)
    pyoombpf features [--json]                           what this kernel, libbpf and process can do
    pyoombpf status [--json]                             which OOM/PSI handlers are attached, and where
    pyoombpf simulate POLICY.py --scenario FILE | --live   what would the policy kill (docs/simulate.md)
    pyoombpf check [--config FILE]                       validate a run configuration (docs/deploy.md)
    pyoombpf service install|uninstall [--root DIR]      the systemd units (docs/deploy.md)

Errors go to stderr as ``file:line:col: error: …`` with the source line; the exit status is 1 for errors in the
user's input or the kernel's refusal, 2 for bad command-line usage, 130 after Ctrl-C (SIGINT) and 141 when stdout
was closed by its reader (``… | head -1``).  No command prints a Python traceback unless ``--debug`` (or
``PYOOMBPF_DEBUG=1``) asks for one.
"""

from __future__ import annotations

import os
import sys

# Nothing heavy at module level: until main() runs, a Ctrl-C would print a traceback.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from types import FunctionType, ModuleType

    from pyoombpf.compiler import CompiledObject


def _load_module(path: str) -> ModuleType:
    from pyoombpf.files import import_file

    try:
        return import_file(path)
    except FileNotFoundError:
        raise SystemExit(f"pyoombpf: error: no such file: {path}") from None


def _pick_function(mod: ModuleType, name: str | None, path: str) -> FunctionType:
    from pyoombpf.files import pick_function

    return pick_function(mod, name, path)


def cmd_compile(args: argparse.Namespace) -> int:
    """``pyoombpf compile``, with Python's cyclic garbage collector paused: a compile is short and leaves little
    cyclic garbage (its peak memory is the same), but its imports and stages allocate enough to start ~40
    collections that walk what they made (measured: 4–12 ms of CPU).  The collector runs again afterwards, as
    it was (the tests call main() in their process) — unless the process ends right after: then its first
    collection, over everything the compile made, would only delay the exit (~8 ms)."""
    global _compiled
    _compiled = True
    import gc

    collecting = gc.isenabled()
    gc.disable()
    try:
        return _compile_command(args)
    finally:
        if collecting and not _ending:
            gc.enable()


def _compile_command(args: argparse.Namespace) -> int:
    from pyoombpf.codegen import warm

    # first, before the compiler is imported: LLVM made ready in a child process, unless the object cache will
    # likely serve the object (pyoombpf/codegen/warm.py); the output is written while that child exits
    with warm.prepare(args.file, args.function, args.abi, asm=args.emit == "asm", mode=args.mode) as command:
        from pyoombpf.codegen.cache import for_commands
        from pyoombpf.compiler import compile as pcompile
        from pyoombpf.compiler import for_command

        mod = _load_module(args.file)
        fn = _pick_function(mod, args.function, args.file)
        with for_command(command):
            obj = pcompile(fn, abi=args.abi, mode=args.mode, cache=for_commands())
        _write_output(args, obj)
    return 0


def _write_output(args: argparse.Namespace, obj: CompiledObject) -> None:
    out_text = _emitted_text(obj, args.emit)
    out = args.output or (os.path.splitext(args.file)[0] + (".o" if args.emit == "obj" else f".{args.emit}"))
    if out_text is not None:
        if out == "-":
            sys.stdout.write(out_text)
        else:
            with open(out, "w") as f:
                f.write(out_text)
    else:
        obj.write(out)
    if out != "-" and not args.quiet:
        print(f"pyoombpf: wrote {out} ({obj.insn_count} BPF instructions)", file=sys.stderr)


def _emitted_text(obj: CompiledObject, emit: str) -> str | None:
    """What ``--emit`` asks for as text (None: the object); only that is made (the assembly costs an LLVM run)."""
    if emit == "ir":
        return obj.ir
    if emit == "opt-ir":
        return obj.optimized_ir
    return obj.asm if emit == "asm" else None


def cmd_call(args: argparse.Namespace) -> int:
    from pyoombpf.testing import KernelFunction, compiled

    mod = _load_module(args.file)
    fn = _pick_function(mod, args.function, args.file)
    values = [_integer(a) for a in args.args]
    if args.python:
        from pyoombpf.pyexec.procmodel import ProcModel
        from pyoombpf.pyexec.rules import PyEnv

        print(compiled(fn).python(PyEnv(kernel=ProcModel()))(*values))
        return 0
    with KernelFunction(fn) as kf:
        print(kf(*values))
    return 0


def _integer(text: str) -> int:
    from pyoombpf.errors import PyoombpfError

    try:
        return int(text, 0)
    except ValueError:
        raise PyoombpfError(f"pyoombpf call: error: argument {text!r} is not an integer (0x…, 0o…, 0b… work)") from None


def cmd_policies(args: argparse.Namespace) -> int:
    from pyoombpf import policies
    from pyoombpf.errors import PyoombpfError

    if args.name is None:
        width = max(map(len, policies.LIBRARY))
        for name in policies.names():
            print(f"{name:<{width}}  {policies.LIBRARY[name]}")
        return 0
    try:
        path = policies.path(args.name)
    except policies.UnknownPolicyError as exc:
        raise PyoombpfError(f"pyoombpf: error: {exc}") from None
    if args.path:
        print(path)
    else:
        with open(path, encoding="utf-8") as f:
            sys.stdout.write(f.read())
    return 0


def cmd_features(args: argparse.Namespace) -> int:
    from pyoombpf.cli_features import main as features_main

    return features_main(["--json"] if args.json else [])


COMPILE_HELP = "compile a function to a BPF object (or IR / assembly)"


def compile_arguments(c: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """``pyoombpf compile``'s arguments on ``c``."""
    c.add_argument("file", help="the Python file")
    c.add_argument("-o", "--output", help="output path ('-' for stdout with --emit ir/asm)")
    c.add_argument("--function", "--policy", dest="function", help="which function of the file")
    c.add_argument("--emit", choices=["obj", "ir", "opt-ir", "asm"], default="obj")
    c.add_argument(
        "--abi",
        choices=["v3", "v2", "post-v3"],
        help="interface version: BPF OOM for @oom_handler policies (v3, v2, post-v3), BPF PSI for @psi_policy "
        "classes (v3: the psi_avgs_work tracepoint, v2: bpf_psi_ops); default: the policy's own, v3",
    )
    c.add_argument(
        "--mode",
        choices=["struct_ops", "bridge"],
        default="struct_ops",
        help="for @oom_handler policies: a bpf_oom_ops struct_ops object (default), or the SYSCALL program bridge "
        "mode runs on stock kernels (what `pyoombpf run` loads there)",
    )
    c.add_argument("-q", "--quiet", action="store_true")
    c.set_defaults(func=cmd_compile)
    return c


_COMPILE_VALUES = {"-o": "output", "--output": "output", "--function": "function", "--policy": "function"}
_COMPILE_CHOICES = {
    "--emit": ("obj", "ir", "opt-ir", "asm"),
    "--abi": ("v3", "v2", "post-v3"),
    "--mode": ("struct_ops", "bridge"),
}


def plain_compile_arguments(argv: list[str]) -> argparse.Namespace | None:
    """``pyoombpf compile``'s arguments when written plainly — one file, and each option at most once, spelled in
    full with its value in the next argument (``-o -`` too) — as :func:`compile_arguments`'s parser makes them,
    without importing ``argparse`` (with what it imports, ~5 ms of every compile).  None for anything else (help,
    ``--emit=ir``, abbreviations, a repeated option, a value argparse would refuse): argparse parses it, with
    its messages."""
    from types import SimpleNamespace

    values: dict[str, object] = {"file": None, "output": None, "function": None, "emit": "obj", "abi": None}
    values.update(mode="struct_ops", quiet=False)
    seen: set[str] = set()
    i = 0
    while i < len(argv):
        arg = argv[i]
        if not arg.startswith("-"):
            dest = "file"
        elif arg in ("-q", "--quiet"):
            dest = "quiet"
        else:
            dest = _COMPILE_VALUES.get(arg) or (arg[2:] if arg in _COMPILE_CHOICES else "")
        if not dest or dest in seen:
            return None
        seen.add(dest)
        if dest in ("file", "quiet"):
            values[dest] = arg if dest == "file" else True
        else:
            value = argv[i + 1] if i + 1 < len(argv) else "-?"
            if value.startswith("-") and value != "-" or value not in _COMPILE_CHOICES.get(arg, (value,)):
                return None
            values[dest] = value
            i += 1
        i += 1
    if values["file"] is None:
        return None
    return SimpleNamespace(**values, func=cmd_compile)  # type: ignore[return-value]


def build_parser() -> argparse.ArgumentParser:
    import argparse

    from pyoombpf import __version__

    p = argparse.ArgumentParser(
        prog="pyoombpf", description="Linux OOM policies as restricted Python, compiled to verified BPF."
    )
    p.add_argument("--version", action="version", version=f"pyoombpf {__version__}")
    p.add_argument("--debug", action="store_true", help="show Python tracebacks (also PYOOMBPF_DEBUG=1)")
    sub = p.add_subparsers(dest="command", required=True)

    compile_arguments(sub.add_parser("compile", help=COMPILE_HELP))

    sub.add_parser(
        "run", help="run a policy until SIGINT/SIGTERM (struct_ops or bridge mode; see docs/bridge.md)", add_help=False
    )
    r = sub.add_parser("call", help="run a function once in the kernel (BPF_PROG_RUN) and print the result")
    r.add_argument("file")
    r.add_argument("args", nargs="*", help="integer arguments (0x… accepted)")
    r.add_argument("--function")
    r.add_argument("--python", action="store_true", help="run it as Python with the same semantics instead")
    r.set_defaults(func=cmd_call)

    sub.add_parser(
        "simulate", help="what would a policy kill? (scenario file or --live; see docs/simulate.md)", add_help=False
    )
    sub.add_parser("check", help="validate a `pyoombpf run` configuration file (docs/deploy.md)", add_help=False)
    sub.add_parser("service", help="install|uninstall the systemd units (docs/deploy.md)", add_help=False)
    sub.add_parser("status", help="which BPF OOM / PSI handlers are attached, and where", add_help=False)
    lib = sub.add_parser(
        "policies", help="list the policy library (pyoombpf run --policy-lib NAME); with NAME, print its source"
    )
    lib.add_argument("name", nargs="?", help="a library policy: print its source (a starting point to copy)")
    lib.add_argument("--path", action="store_true", help="print the policy's file name instead of its source")
    lib.set_defaults(func=cmd_policies)
    f = sub.add_parser("features", help="what this kernel, libbpf and process can do")
    f.add_argument("--json", action="store_true")
    f.set_defaults(func=cmd_features)
    return p


EXIT_INTERRUPTED = 128 + 2  # SIGINT, as a shell reports a command Ctrl-C stopped
EXIT_BROKEN_PIPE = 128 + 13  # SIGPIPE


def main(argv: list[str] | None = None) -> int:
    """Run one ``pyoombpf`` command (``argv``, default ``sys.argv[1:]``); return its exit status (never raises,
    except ``SystemExit`` from usage errors and, with ``--debug``, the exception a pyoombpf bug raised).  It never
    ends its caller's process: only :func:`command` does that."""
    return _main_guarded(sys.argv[1:] if argv is None else list(argv))


def command() -> None:
    """The process's command (the ``pyoombpf`` script, ``python -m pyoombpf.cli``): run it and end the process
    with its status.  After ``pyoombpf compile`` the process ends without the interpreter's teardown
    (:func:`_exit_now`)."""
    global _ending
    _ending = True
    status = _main_guarded(sys.argv[1:])
    if _compiled:
        _exit_now(status)
    raise SystemExit(status)


def _main_guarded(argv: list[str]) -> int:
    try:
        return _main(argv)
    except KeyboardInterrupt:
        if _debugging():
            raise
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _discard_stdout()
        return EXIT_BROKEN_PIPE


#: set when ``pyoombpf compile`` ran (whatever its outcome): main() may end the process itself
_compiled = False
#: main() runs as the process's command (it ends the process after ``pyoombpf compile``)
_ending = False


def _exit_now(status: int) -> None:
    """End the process with ``status`` without the interpreter's teardown: freeing, one by one, every object and
    module the compiler made costs a compile ~10–30 ms and changes nothing outside the process.  What the command
    wrote is flushed first; its files are closed and its LLVM child reaped already (``with`` blocks).  Not when
    another thread runs (its work would be cut short): then the usual exit."""
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        return
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _discard_stdout()
        status = EXIT_BROKEN_PIPE
    except (OSError, ValueError):
        status = status or 1  # stdout cannot take what was written: as the interpreter's own exit would say
    try:  # noqa: SIM105 - (contextlib is not imported this early)
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    os._exit(status)


def _main(argv: list[str]) -> int:
    from pyoombpf.errors import PyoombpfError

    argv = _debug_option(argv)
    try:
        return _dispatch(argv)
    except PyoombpfError as exc:
        print(error_text(exc), file=sys.stderr)
        return 1
    except (KeyboardInterrupt, BrokenPipeError):
        raise
    except OSError as exc:
        if _debugging():
            raise
        where = f": {exc.filename}" if exc.filename else ""
        print(f"pyoombpf: error: {exc.strerror or exc}{where}", file=sys.stderr)
        return 1
    except Exception as exc:
        if _debugging():
            raise
        print(
            f"pyoombpf: internal error: {type(exc).__name__}: {exc}\n"
            "note: this is a pyoombpf bug; please report it with the command line\n"
            "note: run with --debug (or PYOOMBPF_DEBUG=1) to see the traceback",
            file=sys.stderr,
        )
        return 1


def error_text(exc: BaseException) -> str:
    """How a command shows an error: located ones (``file:line:col: error: …``) as they are, others after
    ``pyoombpf: error:``."""
    from pyoombpf.errors import CompileError

    text = str(exc)
    if isinstance(exc, CompileError) or ": error:" in text.split("\n", 1)[0] or text.startswith("pyoombpf"):
        return text
    return f"pyoombpf: error: {text}"


def _debug_option(argv: list[str]) -> list[str]:
    """``--debug`` anywhere on the command line: tracebacks instead of messages, here and in child processes."""
    if "--debug" not in argv:
        return argv
    os.environ["PYOOMBPF_DEBUG"] = "1"
    return [a for a in argv if a != "--debug"]


def _debugging() -> bool:
    return bool(os.environ.get("PYOOMBPF_DEBUG"))


def _discard_stdout() -> None:
    """The reader of stdout is gone: send what is still buffered nowhere, so exiting flushes without an error."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _dispatch(argv: list[str]) -> int:
    if argv[:1] == ["simulate"]:  # its own parser (scenario files, --live, tables)
        from pyoombpf.cli_simulate import main as simulate_main

        return simulate_main(argv[1:])
    if argv[:1] == ["status"]:
        from pyoombpf.cli_status import main as status_main

        return status_main(argv[1:])
    if argv[:1] == ["run"]:  # its own parser (a long-running command)
        from pyoombpf.cli_run import main as run_main

        return run_main(argv[1:])
    if argv[:1] in (["check"], ["service"]):  # deploying `run` as a service (docs/deploy.md)
        from pyoombpf import cli_service

        return cli_service.check(argv[1:]) if argv[0] == "check" else cli_service.service(argv[1:])
    if argv[:1] == ["compile"]:  # the command a build runs most: only its parser (the whole one takes ~7 ms)
        args = plain_compile_arguments(argv[1:])
        if args is None:
            import argparse

            parser = compile_arguments(argparse.ArgumentParser(prog="pyoombpf compile", description=COMPILE_HELP))
            args = parser.parse_args(argv[1:])
        return int(cmd_compile(args))
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra and args.command == "call":
        args.args = [*args.args, *extra]  # integers after options, and negative numbers (-5 looks like a flag)
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    return int(args.func(args))


if __name__ == "__main__":
    command()
