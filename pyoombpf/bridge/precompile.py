"""Compiling a bridge policy in a child process, so the relay never maps LLVM.

The relay locks its memory (``mlockall``) to keep working under the pressure it handles.  Compiling in its own
process would map and lock llvmlite's LLVM too (~170 MiB of a ~200 MiB relay, measured in docs/benchmarks.md).
``pyoombpf run`` therefore compiles in a short-lived child (``pyoombpf.bridge.precompile FILE [POLICY]``, started
isolated: :mod:`pyoombpf.bridge.isolated`) that prints the object's :class:`~pyoombpf.objspec.ObjectSpec` as
one JSON line.
"""

from __future__ import annotations

import json
import sys

from pyoombpf.bridge import isolated
from pyoombpf.errors import PyoombpfError
from pyoombpf.objspec import ObjectSpec


def compile_in_child(path: str, policy: str | None = None) -> ObjectSpec:
    """Compile ``policy`` of the file at ``path`` for bridge mode in a child process: its
    :class:`~pyoombpf.objspec.ObjectSpec` (the ELF, maps, kill reasons, the module's constants, the kernel)."""
    compiled = _compile([path] + ([policy] if policy else []), path)
    assert compiled is not None
    return compiled


def compile_for_auto(path: str, policy: str | None = None) -> ObjectSpec | None:
    """The same, after the child picked the mode as ``--mode auto`` does (:func:`~pyoombpf.bridge.policy.
    choose_mode`: it reads the kernel's BTF, which the relay should not map); None when that is struct_ops."""
    return _compile([path] + ([policy] if policy else []) + ["--auto"], path)


def _compile(args: list[str], path: str) -> ObjectSpec | None:
    status, stdout, stderr = isolated.run("pyoombpf.bridge.precompile", args)
    if status != 0:
        raise PyoombpfError(stderr.decode(errors="replace").rstrip() or f"compiling {path} failed (exit {status})")
    out = json.loads(stdout)
    if out.get("mode") == "struct_ops":
        return None
    return ObjectSpec.from_description(out, bytes.fromhex(out["elf"]))


def main(argv: list[str]) -> int:
    from pyoombpf.codegen.cache import for_commands
    from pyoombpf.compiler import compile as pcompile
    from pyoombpf.files import import_file, pick_function

    auto = "--auto" in argv
    argv = [a for a in argv if a != "--auto"]
    path, policy = argv[0], (argv[1] if len(argv) > 1 else None)
    if auto:
        from pyoombpf.bridge.policy import choose_mode

        if choose_mode("auto") == "struct_ops":
            print(json.dumps({"mode": "struct_ops"}))
            return 0
    try:
        mod = import_file(path)
        fn = pick_function(mod, policy, path, policy_only=True)
        obj = pcompile(fn, mode="bridge", cache=for_commands())
    except (PyoombpfError, FileNotFoundError, TypeError) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(obj.spec.to_json())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
