"""Lowering rules for intrinsics (one per typing rule in ``frontend``): kernel member reads, array indexing,
kfunc calls and kfunc availability."""

from __future__ import annotations

from typing import Any

import llvmlite.ir as ir

from pyoombpf.hir import nodes as H
from pyoombpf.lowering import maps as _maps  # noqa: F401  (registers the map and record rules)
from pyoombpf.lowering import policy as _policy  # noqa: F401  (registers the OOM policy rules)
from pyoombpf.lowering.function import LOWER_RULES, FunctionLowering, llvm_type
from pyoombpf.types.kernel import KArray, KPtr


def lower_field(fl: FunctionLowering, e: H.Intrinsic) -> Any:
    access = e.data
    addr = fl.expr(e.args[0])
    fl.at(e.loc)
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


def lower_array_index(fl: FunctionLowering, e: H.Intrinsic) -> Any:
    base = fl.expr(e.args[0])
    index = fl.expr(e.args[1])
    fl.at(e.loc)
    arr: KArray = e.data
    addr = fl.ml.kernel_types.array_element_address(fl, base, arr.btf, index)
    return fl.b.load(addr, typ=llvm_type(e.type, fl.ml))


def lower_kfunc(fl: FunctionLowering, e: H.Intrinsic) -> Any:
    args = [fl.expr(a) for a in e.args]
    fl.at(e.loc)
    fn = fl.ml.externs.kfunc(e.data.sig)
    return fl.b.call(fn, args)


def lower_ksym_exists(fl: FunctionLowering, e: H.Intrinsic) -> Any:
    return fl.ml.externs.exists(fl, e.data.sig)


LOWER_RULES["field"] = lower_field
LOWER_RULES["array_index"] = lower_array_index
LOWER_RULES["kfunc"] = lower_kfunc
LOWER_RULES["ksym_exists"] = lower_ksym_exists

_ = ir
