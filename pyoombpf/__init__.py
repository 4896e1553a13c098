"""pyoombpf: Linux OOM policies written as restricted Python, compiled to verified BPF.

The language: integer types ``u8 … i64`` (and ``bool``), kernel types through ``ktypes``, kernel functions
through ``kfuncs`` (``available(kfuncs.x)`` tests for optional ones), module-level ``HashMap``/``ArrayMap``/
``RingBuf`` maps, ``@record`` structs and ``config`` values.  ``compile(fn)`` builds a BPF object;
``pyoombpf.testing.kernel_call(fn, *args)`` runs a function in the kernel.  See docs/language.md.
"""

from typing import TYPE_CHECKING, Any

from pyoombpf.dsl.kernel import available, kfuncs, ktypes
from pyoombpf.dsl.maps import ArrayMap, HashMap, RingBuf, config, record
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
    PrivilegeError,
    PyoombpfError,
    TypingError,
    VerifierError,
)

__version__ = "0.1.0"

if TYPE_CHECKING:
    from pyoombpf.compiler import CompiledObject, compile


def __getattr__(name: str) -> Any:
    # The compiler (frontend, kernel types, LLVM lowering) is imported on first use, not by `import pyoombpf`:
    # policy files, the runtime and `pyoombpf features` only need the names above.
    if name in ("compile", "CompiledObject"):
        from pyoombpf import compiler

        return getattr(compiler, name)
    raise AttributeError(f"module 'pyoombpf' has no attribute {name!r}")


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
    "NotSupportedError",
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
    "record",
    "u8",
    "u16",
    "u32",
    "u64",
]
