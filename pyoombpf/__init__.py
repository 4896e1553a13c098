"""pyoombpf: Linux OOM policies written as restricted Python, compiled to verified BPF.

The language: integer types ``u8 … i64`` (and ``bool``), kernel types through ``ktypes``, kernel functions
through ``kfuncs`` (``available(kfuncs.x)`` tests for optional ones), the clock ``now_ns()``, module-level
``HashMap``/``LruHashMap``/``ArrayMap``/``RingBuf`` maps, ``@record`` structs and ``config`` values.
``compile(fn)`` builds a BPF object; ``pyoombpf.testing.kernel_call(fn, *args)`` runs a function in the kernel.
See docs/language.md.
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False  # (not typing.TYPE_CHECKING: importing typing costs ~10 ms before main())

__version__ = "0.1.0"

# Every public name is imported on first use, not by `import pyoombpf`: the `pyoombpf` command starts by importing
# pyoombpf.cli, and until its main() runs, a Ctrl-C prints a traceback (and a command that only prints its
# version should not pay for the language's modules).  `from pyoombpf import PASS` works as usual.
_HOMES = {
    "pyoombpf.dsl.kernel": ("available", "kfuncs", "ktypes", "now_ns"),
    "pyoombpf.dsl.maps": ("ArrayMap", "HashMap", "LruHashMap", "RingBuf", "config", "record"),
    "pyoombpf.dsl.policy": ("PASS", "MemCgroup", "OomControl", "Task", "Verdict", "oom_handler"),
    "pyoombpf.dsl.psi": ("Psi", "PsiTrigger", "declare_oom", "psi_policy"),
    "pyoombpf.dsl.scalars": ("i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64"),
    "pyoombpf.errors": (
        "AttachError",
        "BackendError",
        "CodegenError",
        "CompileError",
        "DeclarationError",
        "FrontendError",
        "KernelError",
        "LoadError",
        "LoweringError",
        "NotSupportedError",
        "PolicyFileError",
        "PrivilegeError",
        "PyoombpfError",
        "TypingError",
        "VerifierError",
    ),
    # the compiler (frontend, kernel types, LLVM lowering): policy files, the runtime and `pyoombpf features`
    # never need it
    "pyoombpf.compiler": ("compile", "CompiledObject"),
}
_HOME = {name: module for module, names in _HOMES.items() for name in names}

if TYPE_CHECKING:
    from typing import Any

    from pyoombpf.compiler import CompiledObject, compile
    from pyoombpf.dsl.kernel import available, kfuncs, ktypes, now_ns
    from pyoombpf.dsl.maps import ArrayMap, HashMap, LruHashMap, RingBuf, config, record
    from pyoombpf.dsl.policy import PASS, MemCgroup, OomControl, Task, Verdict, oom_handler
    from pyoombpf.dsl.psi import Psi, PsiTrigger, declare_oom, psi_policy
    from pyoombpf.dsl.scalars import i8, i16, i32, i64, u8, u16, u32, u64
    from pyoombpf.errors import (
        AttachError,
        BackendError,
        CodegenError,
        CompileError,
        DeclarationError,
        FrontendError,
        KernelError,
        LoadError,
        LoweringError,
        NotSupportedError,
        PolicyFileError,
        PrivilegeError,
        PyoombpfError,
        TypingError,
        VerifierError,
    )


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'pyoombpf' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # once: later lookups do not come here
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOME})


__all__ = [
    "PASS",
    "MemCgroup",
    "OomControl",
    "Task",
    "Verdict",
    "oom_handler",
    "Psi",
    "PsiTrigger",
    "declare_oom",
    "psi_policy",
    "ArrayMap",
    "AttachError",
    "BackendError",
    "CodegenError",
    "CompileError",
    "CompiledObject",
    "DeclarationError",
    "FrontendError",
    "HashMap",
    "KernelError",
    "LoadError",
    "LoweringError",
    "LruHashMap",
    "NotSupportedError",
    "PolicyFileError",
    "PrivilegeError",
    "PyoombpfError",
    "RingBuf",
    "TypingError",
    "VerifierError",
    "available",
    "compile",
    "config",
    "i8",
    "i16",
    "i32",
    "i64",
    "kfuncs",
    "ktypes",
    "now_ns",
    "record",
    "u8",
    "u16",
    "u32",
    "u64",
]
