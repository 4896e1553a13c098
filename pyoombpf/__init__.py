"""pyoombpf: Linux OOM policies written as restricted Python, compiled to verified BPF."""

from pyoombpf.errors import (
    AttachError,
    CodegenError,
    CompileError,
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

__all__ = [
    "AttachError",
    "CodegenError",
    "CompileError",
    "FrontendError",
    "KernelError",
    "LoadError",
    "LoweringError",
    "NotSupportedError",
    "PrivilegeError",
    "PyoombpfError",
    "TypingError",
    "VerifierError",
]
