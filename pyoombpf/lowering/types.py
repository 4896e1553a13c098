"""Semantic types → their LLVM and DWARF representation, in one place (the types themselves know no backend).

Integers are LLVM integers of their width, ``bool`` is ``i1`` (a byte in memory: ``maps.py``), kernel pointers
and arrays are opaque pointers (DWARF: pointers to the struct described by ``kernel.py``), records are literal
structs, a ``Verdict`` is an ``i32``, and ``OomControl`` is whatever the mode's target says (struct_ops: the
oom_control and the attach point; bridge: the context).
"""

from __future__ import annotations

from typing import Any

import llvmlite.ir as ir

from pyoombpf.errors import LoweringError
from pyoombpf.lowering.context import Module
from pyoombpf.types.core import BoolType, IntType, Type, VoidType
from pyoombpf.types.kernel import KArray, KPtr
from pyoombpf.types.policy import OomCtxType, PsiEventType, VerdictType
from pyoombpf.types.records import RecordType

I1 = ir.IntType(1)


def llvm_type(t: Type, ml: Module) -> ir.Type:
    if isinstance(t, IntType):
        return ir.IntType(t.bits)
    if isinstance(t, BoolType):
        return I1
    if isinstance(t, VoidType):
        return ir.VoidType()
    if isinstance(t, KPtr | KArray | PsiEventType):
        return ir.PointerType()
    if isinstance(t, RecordType):
        return ml.records.llvm_type(t)
    if isinstance(t, VerdictType):
        return ir.IntType(32)
    if isinstance(t, OomCtxType):
        return ml.target.ctx_llvm_type()
    raise LoweringError(f"no LLVM representation for {t}")


def di_type(t: Type, ml: Module) -> Any:
    """The DWARF type of a value of ``t`` (what BTF will say about the function's parameters and globals)."""
    di = ml.di
    found = di.int_type(t)
    if found is not None:
        return found
    if isinstance(t, KPtr):
        return ml.kernel_types.di_pointer(t.struct)
    if isinstance(t, RecordType):
        return ml.records.di_type(t)
    if isinstance(t, VerdictType):
        return di.basic("int", 32, "DW_ATE_signed")
    if isinstance(t, PsiEventType):
        return di.pointer(di.basic("unsigned long long", 64, "DW_ATE_unsigned"))
    return di.basic("unsigned long long", 64, "DW_ATE_unsigned")  # OomControl, arrays: a 64-bit word
