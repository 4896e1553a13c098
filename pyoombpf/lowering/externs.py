"""Extern declarations: kfuncs (section ``.ksyms``, with the debug info BTF needs) and the iterator that bounds
loops without constant trip counts.

A kfunc is declared from a C-like signature (:class:`KfuncSig`).  LLVM writes its prototype into ``.BTF`` and
libbpf matches it against the kernel's; that check compares kinds, so every pointee is described as a complete
struct (a bare forward declaration is rejected), and integer widths must match the kernel's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import llvmlite.ir as ir

from pyoombpf.errors import Loc
from pyoombpf.types.csig import INT, VOID, CType, KfuncSig
from pyoombpf.uapi import BPF_MAX_LOOPS as LOOP_BUDGET

if TYPE_CHECKING:
    from pyoombpf.lowering import context
    from pyoombpf.lowering.context import Lowering, Module


#: kfuncs that only read kernel state (a memcg's counters) and write no memory the program sees: declared
#: ``readonly``, so LLVM merges two calls with the same arguments and no write between them (``memcg.usage`` in a
#: filter and again in a helper) into one, as a C programmer would have kept the first result
READ_ONLY_KFUNCS = frozenset(
    {"bpf_mem_cgroup_usage", "bpf_mem_cgroup_page_state", "bpf_mem_cgroup_vm_events", "bpf_mem_cgroup_memory_events"}
)


class Externs:
    def __init__(self, ml: Module) -> None:
        self.ml = ml
        self._decls: dict[str, ir.Function] = {}
        self._structs: dict[str, Any] = {}

    def kfunc(self, sig: KfuncSig) -> ir.Function:
        fn = self._decls.get(sig.name)
        if fn is not None:
            return fn
        self.ml.claim_extern(sig.name)
        ret = self.llvm(sig.ret)
        params = [self.llvm(t) for _, t in sig.params]
        fn = ir.Function(self.ml.module, ir.FunctionType(ret, params), name=sig.name)
        fn.section = ".ksyms"
        if sig.weak:
            fn.linkage = "extern_weak"
        if sig.name in READ_ONLY_KFUNCS:
            fn.attributes.add("readonly")
            fn.attributes.add("nounwind")
        di = self.ml.di
        sp = di.subprogram(
            sig.name, 0, self.di(sig.ret), [self.di(t) for _, t in sig.params], local=False, definition=False
        )
        fn.set_metadata("dbg", sp)
        self._decls[sig.name] = fn
        return fn

    def declared(self, name: str) -> bool:
        return name in self._decls

    def llvm(self, t: CType) -> ir.Type:
        if t.kind == "void":
            return ir.VoidType()
        if t.kind == "ptr":
            return ir.PointerType()
        return ir.IntType(t.bits)

    def di(self, t: CType) -> Any:
        di = self.ml.di
        if t.kind == "void":
            return None
        if t.kind == "int":
            return di.basic(t.name, t.bits, "DW_ATE_signed" if t.signed else "DW_ATE_unsigned")
        if t.kind == "enum":
            return self.enum(t)
        if t.pointee_int is not None:
            return di.pointer(self.di(t.pointee_int))
        if not t.struct:
            return di.pointer(None)
        return di.pointer(self.ml.kernel_types.di_struct_named(t.struct, t.struct_size, t.union))

    def enum(self, t: CType) -> Any:
        m = self.ml.module
        return m.add_debug_info(
            "DICompositeType",
            {
                "tag": ir.DIToken("DW_TAG_enumeration_type"),
                "name": t.name,
                "file": self.ml.di.file,
                "size": t.bits,
                "elements": m.add_metadata([]),
                "baseType": self.ml.di.basic("unsigned int", t.bits, "DW_ATE_unsigned"),
            },
        )

    def exists(self, fl: Lowering, sig: KfuncSig) -> ir.Value:
        """``bpf_ksym_exists``: a weak kfunc the kernel lacks resolves to address 0."""
        fn = self.kfunc(sig)
        b = fl.b
        return b.icmp_unsigned("!=", b.ptrtoint(fn, ir.IntType(64)), ir.Constant(ir.IntType(64), 0))


# --------------------------------------------------------------------------------------------- loop iterator

_ITER = CType("ptr", struct="bpf_iter_num", struct_size=8)
ITER_NUM_NEW = KfuncSig("bpf_iter_num_new", INT, (("it", _ITER), ("start", INT), ("end", INT)), weak=False)
ITER_NUM_NEXT = KfuncSig("bpf_iter_num_next", CType("ptr", pointee_int=INT), (("it", _ITER),), weak=False)
ITER_NUM_DESTROY = KfuncSig("bpf_iter_num_destroy", VOID, (("it", _ITER),), weak=False)


class IterFuel:
    """Drives a loop with ``bpf_iter_num`` so the verifier can prove it terminates (kernel 6.4+)."""

    def __init__(self, ml: Module) -> None:
        self.ml = ml

    def open(self, fl: Lowering, loc: Loc | None) -> _Fuel:
        ex = self.ml.externs
        slot = fl.alloca(ir.ArrayType(ir.IntType(64), 1), "loop.iter")
        fl.b.call(
            ex.kfunc(ITER_NUM_NEW),
            [slot, ir.Constant(ir.IntType(32), 0), ir.Constant(ir.IntType(32), LOOP_BUDGET)],
        )
        return _Fuel(slot, ex)


class _Fuel:
    def __init__(self, slot: ir.AllocaInstr, ex: context.Externs) -> None:
        self.slot = slot
        self.ex = ex

    def next(self, fl: Lowering) -> ir.Value:
        p = fl.b.call(self.ex.kfunc(ITER_NUM_NEXT), [self.slot])
        return fl.b.icmp_unsigned("!=", p, ir.Constant(ir.PointerType(), None))

    def close(self, fl: Lowering) -> None:
        fl.b.call(self.ex.kfunc(ITER_NUM_DESTROY), [self.slot])
