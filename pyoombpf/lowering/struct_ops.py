"""Entry programs and struct_ops values, built the same way for every mode.

* :class:`EntryProgram`: ``SEC("<section>") int <name>(<ctx> *ctx)``, the function the kernel (or
  ``BPF_PROG_RUN``) calls, with the debug info BTF needs and the parts of the ``Lowering`` interface
  (``lowering/context.py``) the targets' helpers use, so code around a policy's HIR functions (unpacking a
  context, checking PSI triggers) is emitted with the same helpers as the policy itself;
* :func:`ops_map`: the struct_ops value in ``.struct_ops.link`` — ``bpf_oom_ops`` (struct_ops mode),
  ``bpf_psi_ops`` (PSI v2) — laid out from the ABI's BTF, with its DWARF;
* :func:`c_identifier`: a policy name as a C symbol.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import llvmlite.ir as ir

from pyoombpf.btf import types as B
from pyoombpf.errors import Loc, LoweringError
from pyoombpf.hir import nodes as H
from pyoombpf.lowering import blocks
from pyoombpf.lowering.context import Module

Tok = ir.DIToken
PTR = ir.PointerType()
I8, I32 = ir.IntType(8), ir.IntType(32)
NULL = ir.Constant(PTR, None)


def c_identifier(name: str) -> str:
    out = "".join(ch if ch.isalnum() or ch == "_" else "_" for ch in name)
    return out if out and not out[0].isdigit() else f"p_{out}"


class EntryProgram:
    """``SEC(section) int name(ctx)`` around the HIR function ``func`` (its ``def`` line is the program's).
    ``ctx``: ``"u64"`` — the kernel passes its arguments as an array of 64-bit words (struct_ops, tracepoints) —
    or ``"void"`` (a SYSCALL program's context).  ``b`` is positioned in the entry block."""

    def __init__(self, ml: Module, name: str, section: str, func: H.Function, ctx: str = "u64") -> None:
        di = ml.di
        self.ml = ml
        self.func = func
        self.fn = ir.Function(ml.module, ir.FunctionType(I32, [PTR]), name=name)
        self.fn.section = section
        line = func.loc.lineno if func.loc else 0
        self.loc: Loc | None = func.loc
        if ctx == "u64":
            ctx_di = di.pointer(di.basic("unsigned long long", 64, "DW_ATE_unsigned"))
            int_di = di.basic("int", 32, "DW_ATE_signed")
        else:
            int_di = di.basic("int", 32, "DW_ATE_signed")
            ctx_di = di.pointer(None)
        sp = di.subprogram(name, line, int_di, [ctx_di], local=False, param_names=["ctx"])
        self.fn.set_metadata("dbg", sp)
        self.b = ir.IRBuilder(self.fn.append_basic_block("entry"))
        self.b.debug_metadata = di.location(line, 1, sp)
        self.ctx = self.fn.args[0]
        self.bound: dict[H.Expr, Any] = {}
        self._scratch: dict[str, ir.AllocaInstr] = {}

    # the parts of the Lowering interface the targets' helpers use

    def at(self, loc: Loc | None) -> None:
        pass  # entry code keeps the program's line

    def new_block(self, name: str) -> ir.Block:
        return self.fn.append_basic_block(name)

    def continue_in(self, block: ir.Block) -> None:
        self.b.position_at_end(block)

    def terminated(self) -> bool:
        return bool(self.b.block.is_terminated)

    def alloca(
        self, ty: ir.Type, name: str, what: str | None = None, loc: Loc | None = None, var: str = ""
    ) -> ir.AllocaInstr:
        """At the top of the entry block (anywhere else is a dynamic allocation the BPF backend refuses)."""
        with self.b.goto_entry_block():
            self.b.position_at_start(self.fn.entry_basic_block)
            saved = self.b.debug_metadata
            a = self.b.alloca(ty, name=name)
            self.b.debug_metadata = saved
        return a

    def scratch(self, key: str, ty: ir.Type) -> ir.AllocaInstr:
        slot = self._scratch.get(key)
        if slot is None:
            slot = self._scratch[key] = self.alloca(ty, key)
        return slot

    def value_if(self, cond: ir.Value, then: Callable[[], ir.Value], otherwise: ir.Value) -> ir.Value:
        """``then()`` evaluated only when ``cond`` holds, else ``otherwise`` (:func:`blocks.value_if`)."""
        return blocks.value_if(self, cond, then, otherwise)

    def ctx_word(self, index: int) -> ir.Value:
        """The address of the context's 64-bit word ``index`` (a u64 context)."""
        return self.b.gep(self.ctx, [ir.Constant(ir.IntType(64), index)], source_etype=ir.IntType(64))


# --------------------------------------------------------------------------------------------- struct_ops values


def ops_map(ml: Module, symbol: str, ops: B.Struct, programs: dict[str, ir.Function], policy_name: str = "") -> None:
    """The struct_ops value ``<symbol>`` of type ``ops`` (``bpf_oom_ops``, ``bpf_psi_ops``...): every member of
    the ABI's struct in order (function pointers as pointers to their prototypes, other pointers as pointers
    to their struct, ``name`` as ``char[N]``); only the members in ``programs`` and the name are set."""
    di, m = ml.di, ml.module
    members, fields, init = [], [], []
    for mem in ops.members:
        t = B.strip(mem.type)
        if isinstance(t, B.Ptr):
            target = B.strip(t.target)
            ty = di.pointer(_di_proto(ml, target)) if isinstance(target, B.FuncProto) else _di_one(ml, t)
            size = 64
            fields.append(PTR)
            init.append(programs.get(mem.name, NULL))
        elif isinstance(t, B.Array):
            n = t.nelems
            ty = m.add_debug_info(
                "DICompositeType",
                {
                    "tag": Tok("DW_TAG_array_type"),
                    "baseType": di.basic("char", 8, "DW_ATE_signed_char"),
                    "size": n * 8,
                    "elements": m.add_metadata([m.add_debug_info("DISubrange", {"count": n})]),
                },
            )
            size = n * 8
            arr = ir.ArrayType(I8, n)
            fields.append(arr)
            raw = policy_name.encode()[: n - 1] if mem.name == "name" else b""
            init.append(ir.Constant(arr, bytearray(raw.ljust(n, b"\0"))))
        else:
            raise LoweringError(f"internal: unexpected {ops.name} member {mem.name} ({B.type_name(t)})")
        members.append(
            m.add_debug_info(
                "DIDerivedType",
                {
                    "tag": Tok("DW_TAG_member"),
                    "name": mem.name,
                    "file": di.file,
                    "baseType": ty,
                    "size": size,
                    "offset": mem.bit_offset,
                },
            )
        )
    ops_di = m.add_debug_info(
        "DICompositeType",
        {
            "tag": Tok("DW_TAG_structure_type"),
            "name": ops.name,
            "file": di.file,
            "size": ops.size * 8,
            "elements": m.add_metadata(members),
        },
    )
    llty = ir.LiteralStructType(fields)
    g = ir.GlobalVariable(m, llty, name=symbol)
    g.initializer = ir.Constant(llty, init)
    g.section = ".struct_ops.link"
    g.align = 8
    ml.maps.attach_global_di(g, symbol, ops_di)
    ml.add_used(g)


def _di_one(ml: Module, t: B.Type | None) -> Any:
    """Debug info of a type in a struct_ops prototype (None for void)."""
    di, kt = ml.di, ml.kernel_types
    if t is None:
        return None
    s = B.strip(t)
    if isinstance(s, B.Void):
        return None
    if isinstance(s, B.Ptr):
        target = B.strip(s.target)
        if isinstance(target, B.Struct):
            return di.pointer(kt.di_struct_named(target.name, target.size, target.is_union))
        return di.pointer(None)
    if isinstance(s, B.Int):
        return di.basic(s.name, s.size * 8, "DW_ATE_signed" if s.signed else "DW_ATE_unsigned")
    raise LoweringError(f"internal: unexpected type {B.type_name(s)} in a struct_ops prototype")


def _di_proto(ml: Module, proto: B.Type) -> Any:
    m = ml.module
    assert isinstance(proto, B.FuncProto)
    types = [_di_one(ml, proto.ret), *(_di_one(ml, p.type) for p in proto.params)]
    return m.add_debug_info("DISubroutineType", {"types": m.add_metadata(types)})
