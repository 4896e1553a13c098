"""LLVM module → BPF ELF, in-process (llvmlite).  Only this package and ``lowering`` import llvmlite."""

from pyoombpf.codegen.emit import EmittedObject, emit_object

__all__ = ["EmittedObject", "emit_object"]
