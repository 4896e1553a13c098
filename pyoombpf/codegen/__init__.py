"""LLVM module → BPF ELF, in-process (llvmlite).  Only this package and ``lowering`` import llvmlite.

Importing the package loads no LLVM: :mod:`pyoombpf.codegen.emit` does (``emit_object``), and a compile served
from the object cache (:mod:`pyoombpf.codegen.cache`) never imports it.
"""

from __future__ import annotations

from typing import Any

from pyoombpf.codegen.emitted import EmittedObject


def __getattr__(name: str) -> Any:
    if name == "emit_object":
        from pyoombpf.codegen.emit import emit_object

        return emit_object
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["EmittedObject", "emit_object"]
