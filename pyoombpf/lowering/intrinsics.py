"""Lowering of the generic kernel built-ins (every mode): kernel member reads, array indexing, kfunc calls, kfunc
availability and the clock."""

from __future__ import annotations

from typing import Any

import llvmlite.ir as ir

from pyoombpf import uapi
from pyoombpf.hir import intrinsics as I
from pyoombpf.hir import nodes as H
from pyoombpf.lowering.context import Lowering
from pyoombpf.lowering.types import llvm_type
from pyoombpf.types.kernel import KArray, KPtr
from pyoombpf.types.policy import MemcgType


def lower_field(fl: Lowering, e: H.Intrinsic) -> Any:
    access = e.data
    addr = fl.expr(e.args[0])
    fl.at(e.loc)
    if isinstance(e.args[0].type, MemcgType):
        addr = fl.ml.target.field_base(fl, addr)
    struct = access.struct
    kt = fl.ml.kernel_types
    for index, member in access.path:
        addr = kt.member_address(fl, addr, struct, index)
        nxt = member.type
        from pyoombpf.btf import types as B

        inner = B.strip(nxt)
        if isinstance(inner, B.Struct):
            struct = inner
    result = e.type
    if isinstance(result, KArray) or (isinstance(result, KPtr) and result.embedded):
        return addr  # arrays and embedded structs are used by address
    return fl.b.load(addr, typ=llvm_type(result, fl.ml))


def lower_array_index(fl: Lowering, e: H.Intrinsic) -> Any:
    """``arr[i]``: a constant index is a plain load; a run-time index is bounds-checked (out of range reads 0,
    as in the Python execution) and read with ``bpf_probe_read_kernel`` — the verifier refuses variable
    offsets into kernel objects."""
    base = fl.expr(e.args[0])
    index_expr = e.args[1]
    index = fl.expr(index_expr)
    fl.at(e.loc)
    arr: KArray = e.data
    ty = llvm_type(e.type, fl.ml)
    addr = fl.ml.kernel_types.array_element_address(fl, base, arr.btf, index)
    if isinstance(index_expr, H.Const):
        return fl.b.load(addr, typ=ty)
    b = fl.b
    slot = fl.alloca(ty, "elem")
    b.store(ir.Constant(ty, 0), slot)
    inside, join = fl.new_block("idx.in"), fl.new_block("idx.join")
    b.cbranch(b.icmp_unsigned("<", index, ir.Constant(index.type, arr.nelems)), inside, join)
    fl.continue_in(inside)
    fl.ml.maps.helper(
        fl, uapi.HELPER_PROBE_READ_KERNEL, ir.IntType(64), [slot, ir.Constant(ir.IntType(32), ty.width // 8), addr]
    )
    b.branch(join)
    fl.continue_in(join)
    return b.load(slot, typ=ty)


def lower_kfunc(fl: Lowering, e: H.Intrinsic) -> Any:
    args = [fl.expr(a) for a in e.args]
    fl.at(e.loc)
    fn = fl.ml.externs.kfunc(e.data.sig)
    return fl.b.call(fn, args)


def lower_ksym_exists(fl: Lowering, e: H.Intrinsic) -> Any:
    return fl.ml.externs.exists(fl, e.data.sig)


def lower_now_ns(fl: Lowering, e: H.Intrinsic) -> Any:
    """``now_ns()``: the ``bpf_ktime_get_ns`` helper (CLOCK_MONOTONIC; allowed in every program type we build:
    the kernel's base helper set, bpf_base_func_proto)."""
    fl.at(e.loc)
    return fl.ml.maps.helper(fl, uapi.HELPER_KTIME_GET_NS, ir.IntType(64), [])


def install(table: I.Table[Any]) -> None:
    table.add_all(
        {
            I.FIELD: lower_field,
            I.ARRAY_INDEX: lower_array_index,
            I.KFUNC: lower_kfunc,
            I.KSYM_EXISTS: lower_ksym_exists,
            I.NOW_NS: lower_now_ns,
        }
    )
