"""Maps, ring buffers, records and read-only config values in the object.

Maps are BTF-defined (section ``.maps``): a global whose debug type is the anonymous struct libbpf reads
(``type``, ``key``, ``value``, ``max_entries`` encoded as pointer members).  Config values are globals in
``.rodata``, never constant-folded (user space rewrites them before load).  Records are LLVM struct values with
C layout; ``bool`` fields are stored as a byte.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import llvmlite.ir as ir

from pyoombpf import uapi
from pyoombpf.hir import intrinsics as I
from pyoombpf.hir import nodes as H
from pyoombpf.lowering.context import Lowering
from pyoombpf.lowering.types import llvm_type
from pyoombpf.objspec import HASH_KINDS
from pyoombpf.types.core import BoolType, Type
from pyoombpf.types.records import RecordType

if TYPE_CHECKING:
    from pyoombpf.lowering.context import Module

Tok = ir.DIToken
I32, I64 = ir.IntType(32), ir.IntType(64)

MAP_LOOKUP_ELEM = uapi.HELPER_MAP_LOOKUP_ELEM
MAP_UPDATE_ELEM = uapi.HELPER_MAP_UPDATE_ELEM
MAP_DELETE_ELEM = uapi.HELPER_MAP_DELETE_ELEM
RINGBUF_OUTPUT = uapi.HELPER_RINGBUF_OUTPUT


class Helper(ir.values.Value):
    """A BPF helper as a callee: ``call <ret> inttoptr (i64 <id> to ptr)(...)``."""

    def __init__(self, helper_id: int, fnty: ir.FunctionType) -> None:
        self.type = ir.PointerType()
        self.function_type = fnty
        self.helper_id = helper_id

    def get_reference(self) -> str:
        return f"inttoptr (i64 {self.helper_id} to ptr)"

    def __str__(self) -> str:
        return f"ptr {self.get_reference()}"


class Records:
    def __init__(self, ml: Module) -> None:
        self.ml = ml
        self._di: dict[RecordType, Any] = {}

    def llvm_type(self, rt: RecordType) -> ir.Type:
        return ir.LiteralStructType([ir.IntType(8 if isinstance(f.type, BoolType) else f.type.bits) for f in rt.fields])

    def di_type(self, rt: RecordType) -> Any:
        d = self._di.get(rt)
        if d is None:
            m = self.ml.module
            members = [
                m.add_debug_info(
                    "DIDerivedType",
                    {
                        "tag": Tok("DW_TAG_member"),
                        "name": f.name,
                        "file": self.ml.di.file,
                        "baseType": self.ml.di.int_type(f.type),
                        "size": 8 if isinstance(f.type, BoolType) else f.type.bits,
                        "offset": f.offset * 8,
                    },
                )
                for f in rt.fields
            ]
            d = self._di[rt] = m.add_debug_info(
                "DICompositeType",
                {
                    "tag": Tok("DW_TAG_structure_type"),
                    "name": rt.name,
                    "file": self.ml.di.file,
                    "size": rt.size * 8,
                    "elements": m.add_metadata(members),
                },
            )
        return d


class Maps:
    def __init__(self, ml: Module) -> None:
        self.ml = ml
        self._globals: dict[int, ir.GlobalVariable] = {}
        self._configs: dict[int, ir.GlobalVariable] = {}
        self._di_globals: list[Any] = []

    # ------------------------------------------------------------------------------------------ definitions

    def global_for(self, ref: Any) -> ir.GlobalVariable:
        g = self._globals.get(id(ref.decl))
        if g is None:
            g = self._globals[id(ref.decl)] = self._define(ref)
        return g

    def _define(self, ref: Any) -> ir.GlobalVariable:
        decl = ref.decl
        m, di = self.ml.module, self.ml.di
        fields: list[tuple[str, Any]] = [("type", self._int_array_ptr(decl.map_type))]
        if decl.key_type is not None:
            fields.append(("key", di.pointer(self.ml.di_type(decl.key_type))))
        if decl.value_type is not None:
            fields.append(("value", di.pointer(self.ml.di_type(decl.value_type))))
        fields.append(("max_entries", self._int_array_ptr(decl.max_entries)))
        members = [
            m.add_debug_info(
                "DIDerivedType",
                {
                    "tag": Tok("DW_TAG_member"),
                    "name": n,
                    "file": di.file,
                    "baseType": t,
                    "size": 64,
                    "offset": 64 * i,
                },
            )
            for i, (n, t) in enumerate(fields)
        ]
        st = m.add_debug_info(
            "DICompositeType",
            {
                "tag": Tok("DW_TAG_structure_type"),
                "file": di.file,
                "size": 64 * len(fields),
                "elements": m.add_metadata(members),
            },
        )
        llty = ir.LiteralStructType([ir.PointerType()] * len(fields))
        g = ir.GlobalVariable(m, llty, name=ref.name)
        g.initializer = ir.Constant(llty, None)
        g.section = ".maps"
        g.align = 8
        self.attach_global_di(g, ref.name, st)
        self.ml.add_used(g)
        return g

    def _int_array_ptr(self, n: int) -> Any:
        m, di = self.ml.module, self.ml.di
        sub = m.add_debug_info("DISubrange", {"count": n})
        arr = m.add_debug_info(
            "DICompositeType",
            {
                "tag": Tok("DW_TAG_array_type"),
                "baseType": di.basic("int", 32, "DW_ATE_signed"),
                "size": 32 * n,
                "elements": m.add_metadata([sub]),
            },
        )
        return di.pointer(arr)

    def attach_global_di(self, g: ir.GlobalVariable, name: str, di_type: Any) -> None:
        m, di = self.ml.module, self.ml.di
        var = m.add_debug_info(
            "DIGlobalVariable",
            {
                "name": name,
                "scope": di.cu,
                "file": di.file,
                "line": 0,
                "type": di_type,
                "isLocal": False,
                "isDefinition": True,
            },
        )
        expr = m.add_debug_info(
            "DIGlobalVariableExpression", {"var": var, "expr": m.add_debug_info("DIExpression", {})}
        )
        g.set_metadata("dbg", expr)
        self._di_globals.append(expr)

    def config_global(self, ref: Any) -> ir.GlobalVariable:
        g = self._configs.get(id(ref.decl))
        if g is None:
            t: Type = ref.decl.type
            llty = ir.IntType(8) if isinstance(t, BoolType) else llvm_type(t, self.ml)
            g = ir.GlobalVariable(self.ml.module, llty, name=ref.name)
            g.initializer = ir.Constant(llty, ref.decl.default & ((1 << llty.width) - 1))
            g.section = ".rodata"
            g.align = llty.width // 8
            di_t = self.ml.di.int_type(t)
            self.attach_global_di(g, ref.name, di_t)
            self.ml.add_used(g)
            self._configs[id(ref.decl)] = g
        return g

    def finish(self) -> None:
        if self._di_globals:
            cu = self.ml.di.cu
            cu.operands = (*cu.operands, ("globals", self.ml.module.add_metadata(self._di_globals)))

    # ------------------------------------------------------------------------------------------ helpers

    def helper(self, fl: Lowering, helper_id: int, ret: ir.Type, args: list[ir.Value]) -> ir.Value:
        fnty = ir.FunctionType(ret, [a.type for a in args])
        return fl.b.call(Helper(helper_id, fnty), args)

    def spill(self, fl: Lowering, value: ir.Value, name: str) -> ir.AllocaInstr:
        slot = fl.alloca(value.type, name)
        fl.b.store(value, slot)
        return slot


# --------------------------------------------------------------------------------------------- lowering rules


def _to_memory(fl: Lowering, v: ir.Value, t: Type) -> ir.Value:
    return fl.b.zext(v, ir.IntType(8)) if isinstance(t, BoolType) else v


def _from_memory(fl: Lowering, v: ir.Value, t: Type) -> ir.Value:
    return fl.b.trunc(v, ir.IntType(1)) if isinstance(t, BoolType) else v


def _mem_type(fl: Lowering, t: Type) -> ir.Type:
    return ir.IntType(8) if isinstance(t, BoolType) else llvm_type(t, fl.ml)


def lower_map_get(fl: Lowering, e: H.Intrinsic) -> Any:
    maps = fl.ml.maps
    key = fl.expr(e.args[0])
    default = fl.expr(e.args[1])
    fl.at(e.loc)
    g = maps.global_for(e.data)
    kslot = maps.spill(fl, key, "map.key")
    p = maps.helper(fl, MAP_LOOKUP_ELEM, ir.PointerType(), [g, kslot])
    found = fl.b.icmp_unsigned("!=", p, ir.Constant(ir.PointerType(), None))
    return fl.value_if(found, lambda: _from_memory(fl, fl.b.load(p, typ=_mem_type(fl, e.type)), e.type), default)


def lower_map_aug(fl: Lowering, e: H.Intrinsic) -> Any:
    """``m[k] op= v``: look the entry up once and update it in place; ``+=`` on 32- and 64-bit values is an
    atomic add (counters shared between CPUs stay exact).  A missing hash-map key is inserted with ``0 op v``;
    an array index out of range changes nothing."""
    maps = fl.ml.maps
    ref, current = e.data
    new = e.args[1]
    key = fl.expr(e.args[0])
    fl.at(e.loc)
    g = maps.global_for(ref)
    kslot = maps.spill(fl, key, "map.key")
    p = maps.helper(fl, MAP_LOOKUP_ELEM, ir.PointerType(), [g, kslot])
    b = fl.b
    hit, miss, join = fl.new_block("aug.hit"), fl.new_block("aug.miss"), fl.new_block("aug.join")
    b.cbranch(b.icmp_unsigned("!=", p, ir.Constant(ir.PointerType(), None)), hit, miss)
    fl.continue_in(hit)
    vty = llvm_type(current.type, fl.ml)
    # BPF has atomic adds of 32 and 64 bits only (LLVM's backend ends the process on a narrower one)
    addend = _atomic_addend(new, current) if vty.width >= 32 else None
    if addend is not None:
        b.atomic_rmw("add", p, fl.expr(addend), "monotonic")
    else:
        fl.bound[current] = b.load(p, typ=vty)
        b.store(fl.expr(new), p)
    b.branch(join)
    fl.continue_in(miss)
    if ref.decl.kind in HASH_KINDS:
        fl.bound[current] = ir.Constant(vty, 0)
        vslot = maps.spill(fl, fl.expr(new), "map.value")
        maps.helper(fl, MAP_UPDATE_ELEM, I64, [g, kslot, vslot, ir.Constant(I64, 0)])
    b.branch(join)
    fl.continue_in(join)
    return None


def _atomic_addend(new: H.Expr, current: H.Expr) -> H.Expr | None:
    """``v`` when ``new`` is exactly ``current + v`` (so the update can be one atomic add)."""
    if isinstance(new, H.BinOp) and new.op == "add" and new.left is current and new.type == current.type:
        return new.right
    return None


def lower_map_current(fl: Lowering, e: H.Intrinsic) -> Any:
    return fl.bound[e]


def lower_map_contains(fl: Lowering, e: H.Intrinsic) -> Any:
    maps = fl.ml.maps
    key = fl.expr(e.args[0])
    fl.at(e.loc)
    kslot = maps.spill(fl, key, "map.key")
    p = maps.helper(fl, MAP_LOOKUP_ELEM, ir.PointerType(), [maps.global_for(e.data), kslot])
    return _opaque_bool(fl, fl.b.icmp_unsigned("!=", p, ir.Constant(ir.PointerType(), None)))


def _opaque_bool(fl: Lowering, v: ir.Value) -> ir.Value:
    """``v`` (an i1) through an empty inline asm, so LLVM cannot see what it was computed from.  Without it,
    ``k in m or x != 0`` is combined into ``(lookup result | x) != 0``: arithmetic on a map-value-or-null
    pointer, which the verifier refuses.  The pointer is not used after the test, so hiding it loses nothing."""
    b = fl.b
    barrier = ir.InlineAsm(ir.FunctionType(I64, [I64]), "", "=r,0", side_effect=False)
    return b.trunc(b.call(barrier, [b.zext(v, I64)]), ir.IntType(1))


def lower_map_set(fl: Lowering, e: H.Intrinsic) -> Any:
    maps = fl.ml.maps
    key = fl.expr(e.args[0])
    value = fl.expr(e.args[1])
    fl.at(e.loc)
    kslot = maps.spill(fl, key, "map.key")
    vslot = maps.spill(fl, _to_memory(fl, value, e.args[1].type), "map.value")
    maps.helper(fl, MAP_UPDATE_ELEM, I64, [maps.global_for(e.data), kslot, vslot, ir.Constant(I64, 0)])
    return None


def lower_map_delete(fl: Lowering, e: H.Intrinsic) -> Any:
    maps = fl.ml.maps
    key = fl.expr(e.args[0])
    fl.at(e.loc)
    kslot = maps.spill(fl, key, "map.key")
    maps.helper(fl, MAP_DELETE_ELEM, I64, [maps.global_for(e.data), kslot])
    return None


def lower_ringbuf_output(fl: Lowering, e: H.Intrinsic) -> Any:
    maps = fl.ml.maps
    value = fl.expr(e.args[0])
    fl.at(e.loc)
    t = e.args[0].type
    size = t.size if isinstance(t, RecordType) else t.bits // 8  # type: ignore[attr-defined]
    slot = maps.spill(fl, value, "rb.record")
    maps.helper(fl, RINGBUF_OUTPUT, I64, [maps.global_for(e.data), slot, ir.Constant(I64, size), ir.Constant(I64, 0)])
    return None


def lower_config_read(fl: Lowering, e: H.Intrinsic) -> Any:
    g = fl.ml.maps.config_global(e.data)
    v = fl.b.load(g, typ=_mem_type(fl, e.type))
    return _from_memory(fl, v, e.type)


def lower_record_new(fl: Lowering, e: H.Intrinsic) -> Any:
    rt: RecordType = e.data
    values = [fl.expr(a) for a in e.args]
    fl.at(e.loc)
    agg: ir.Value = ir.Constant(fl.ml.records.llvm_type(rt), None)
    for i, (f, v) in enumerate(zip(rt.fields, values, strict=False)):
        agg = fl.b.insert_value(agg, _to_memory(fl, v, f.type), i)
    return agg


def lower_record_field(fl: Lowering, e: H.Intrinsic) -> Any:
    rt, f = e.data
    agg = fl.expr(e.args[0])
    fl.at(e.loc)
    return _from_memory(fl, fl.b.extract_value(agg, rt.fields.index(f)), f.type)


def install(table: I.Table[Any]) -> None:
    table.add_all(
        {
            I.MAP_GET: lower_map_get,
            I.MAP_CONTAINS: lower_map_contains,
            I.MAP_AUG: lower_map_aug,
            I.MAP_CURRENT: lower_map_current,
            I.MAP_SET: lower_map_set,
            I.MAP_DELETE: lower_map_delete,
            I.RINGBUF_OUTPUT: lower_ringbuf_output,
            I.CONFIG_READ: lower_config_read,
            I.RECORD_NEW: lower_record_new,
            I.RECORD_FIELD: lower_record_field,
        }
    )
