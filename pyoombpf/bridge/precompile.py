"""Compiling a bridge policy in a child process, so the relay never maps LLVM.

The relay locks its memory (``mlockall``) to keep working under the pressure it handles.  Compiling in its own
process would map and lock llvmlite's LLVM too (~170 MiB of a ~200 MiB relay, measured in docs/benchmarks.md).
``pyoombpf run`` therefore compiles in a short-lived child (``pyoombpf.bridge.precompile FILE [POLICY]``, started
isolated: :mod:`pyoombpf.bridge.isolated`) that prints the object's :class:`~pyoombpf.objspec.ObjectSpec` as
one JSON line.
"""

from __future__ import annotations

import sys

from pyoombpf.bridge import isolated
from pyoombpf.errors import PyoombpfError
from pyoombpf.objspec import ObjectSpec


def compile_in_child(path: str, policy: str | None = None) -> ObjectSpec:
    """Compile ``policy`` of the file at ``path`` for bridge mode in a child process: its
    :class:`~pyoombpf.objspec.ObjectSpec` (the ELF, maps, kill reasons, the module's constants, the kernel)."""
    status, stdout, stderr = isolated.run("pyoombpf.bridge.precompile", [path] + ([policy] if policy else []))
    if status != 0:
        raise PyoombpfError(stderr.decode(errors="replace").rstrip() or f"compiling {path} failed (exit {status})")
    return ObjectSpec.from_json(stdout.decode())


def main(argv: list[str]) -> int:
    from pyoombpf.compiler import compile as pcompile
    from pyoombpf.files import import_file, pick_function

    path, policy = argv[0], (argv[1] if len(argv) > 1 else None)
    try:
        mod = import_file(path)
        fn = pick_function(mod, policy, path, policy_only=True)
        obj = pcompile(fn, mode="bridge")
    except (PyoombpfError, FileNotFoundError, TypeError) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(obj.spec.to_json())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
