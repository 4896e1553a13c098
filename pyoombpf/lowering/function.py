"""Typed HIR function → LLVM function.

Locals live in allocas (the pipeline's mem2reg turns them into registers).  Every instruction carries the
Python line it came from.  Control flow that leaves a scope (break, continue, return) runs the scope's cleanups
first — this is how open-coded iterators are destroyed and, later, kernel references released, on every path.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import llvmlite.ir as ir

from pyoombpf.errors import Loc, LoweringError
from pyoombpf.hir import nodes as H
from pyoombpf.lowering import blocks
from pyoombpf.lowering.context import Module
from pyoombpf.lowering.limits import slot_description
from pyoombpf.lowering.types import llvm_type
from pyoombpf.types.core import BoolType, IntType, LiteralIntType, Type, VoidType

I1 = ir.IntType(1)
I64 = ir.IntType(64)


@dataclass
class Scope:
    """A region whose exits must run ``cleanups`` (innermost last)."""

    cleanups: list[Callable[[], None]] = field(default_factory=list)
    break_block: ir.Block | None = None
    continue_block: ir.Block | None = None
    is_loop: bool = False


class FunctionLowering:
    """One HIR function lowered into ``llfunc``.  Representation-specific steps (how a ``MemCgroup`` local owns its
    reference) are the mode's target's (``ml.target``: :class:`~pyoombpf.lowering.context.Target`); built-ins are
    lowered by the mode's table (``ml.table``)."""

    def __init__(self, ml: Module, func: H.Function, llfunc: ir.Function, subprogram: Any) -> None:
        self.ml = ml
        self.func = func
        self.fn = llfunc
        self.sp = subprogram
        entry = llfunc.append_basic_block("entry")
        self.b = ir.IRBuilder(entry)
        self.allocas: dict[H.Var, ir.AllocaInstr] = {}
        self.scopes: list[Scope] = [Scope()]
        #: values bound to placeholder expressions while lowering (e.g. a map entry's current value)
        self.bound: dict[H.Expr, Any] = {}
        self._locs: dict[tuple[int, int], Any] = {}
        #: the Python position being lowered (the last one given to at())
        self.loc: Loc | None = func.loc
        #: shared scratch slots by key (see scratch())
        self.scratch_slots: dict[str, ir.AllocaInstr] = {}

    # ----------------------------------------------------------------------------------------- utilities

    def at(self, loc: Loc | None) -> None:
        if loc is None:
            return
        self.loc = loc
        key = (loc.lineno, loc.col)
        md = self._locs.get(key)
        if md is None:
            md = self._locs[key] = self.ml.di.location(loc.lineno, loc.col, self.sp)
        self.b.debug_metadata = md

    def alloca(
        self, ty: ir.Type, name: str, what: str | None = None, loc: Loc | None = None, var: str = ""
    ) -> ir.AllocaInstr:
        """An alloca at the top of the entry block, before any other instruction.  Anywhere else it is a
        dynamic stack allocation, which LLVM's BPF backend refuses by ending the process — and "anywhere else"
        includes the entry block after a call: inlining the callee splits the block there.  ``what`` it
        holds is recorded for the stack check (lowering/limits.py)."""
        self.ml.stack_slots.add(self.fn.name, what or slot_description(name), ty, loc or self.loc, var)
        with self.b.goto_entry_block():
            self.b.position_at_start(self.fn.entry_basic_block)
            saved = self.b.debug_metadata
            a = self.b.alloca(ty, name=name)
            self.b.debug_metadata = saved
        return a

    def scratch(self, key: str, ty: ir.Type) -> ir.AllocaInstr:
        """One stack slot per function for each kind of scratch space (``key``).  The code using a key finishes
        with it before the next use starts (none nests in itself), and without lifetime markers LLVM would keep
        every use's slots apart: sharing keeps the 512-byte BPF stack free."""
        slot = self.scratch_slots.get(key)
        if slot is None:
            slot = self.scratch_slots[key] = self.alloca(ty, key)
        return slot

    def add_cleanup(self, cleanup: Callable[[], None]) -> None:
        """Run ``cleanup`` on every exit of the function."""
        self.scopes[0].cleanups.append(cleanup)

    def var_slot(self, var: H.Var) -> ir.AllocaInstr:
        slot = self.allocas.get(var)
        if slot is None:
            what = f"the local {var.name!r} ({var.type})"
            slot = self.allocas[var] = self.alloca(llvm_type(var.type, self.ml), var.name, what, var.loc, var.name)
        return slot

    def new_block(self, name: str) -> ir.Block:
        return self.fn.append_basic_block(name)

    def value_if(self, cond: ir.Value, then: Callable[[], ir.Value], otherwise: ir.Value) -> ir.Value:
        """``then()`` evaluated only when ``cond`` holds, else ``otherwise`` (:func:`blocks.value_if`)."""
        return blocks.value_if(self, cond, then, otherwise)

    def terminated(self) -> bool:
        return self.b.block.is_terminated

    def continue_in(self, block: ir.Block) -> None:
        self.b.position_at_end(block)

    # ----------------------------------------------------------------------------------------- function

    def lower(self) -> None:
        f = self.func
        self.at(f.loc)
        for var, arg in zip(f.params, self.fn.args, strict=True):
            arg.name = var.name
            self.b.store(arg, self.var_slot(var))
        self.ml.target.prologue(self)
        self.block(f.body)
        if not self.terminated():
            self.emit_return(None, f.loc)

    def emit_return(self, value: ir.Value | None, loc: Loc | None) -> None:
        self.run_cleanups(len(self.scopes))
        self.at(loc)
        if isinstance(self.func.return_type, VoidType):
            self.b.ret_void()
        else:
            assert value is not None
            self.b.ret(value)

    def run_cleanups(self, depth: int) -> None:
        """Run the cleanups of the innermost ``depth`` scopes (innermost first)."""
        for scope in reversed(self.scopes[len(self.scopes) - depth :]):
            for c in reversed(scope.cleanups):
                c()

    # ----------------------------------------------------------------------------------------- statements

    def block(self, stmts: list[H.Stmt]) -> None:
        for s in stmts:
            if self.terminated():
                return
            self.at(s.loc)
            getattr(self, f"s_{type(s).__name__}")(s)

    def s_Assign(self, s: H.Assign) -> None:
        values = [self.expr(v) for v in s.values]
        self.at(s.loc)
        for var, v in zip(s.targets, values, strict=True):
            self.ml.target.store(self, var, v)  # owning variables release their previous reference first
        self.ml.carried.joined(self, s)

    def s_ExprStmt(self, s: H.ExprStmt) -> None:
        self.expr(s.value)

    def s_If(self, s: H.If) -> None:
        cond = self.expr(s.test)
        then_bb, else_bb, end_bb = (
            self.new_block("if.then"),
            self.new_block("if.else"),
            self.new_block("if.end"),
        )
        self.b.cbranch(cond, then_bb, else_bb if s.orelse else end_bb)
        self.continue_in(then_bb)
        self.block(s.body)
        if not self.terminated():
            self.b.branch(end_bb)
        if s.orelse:
            self.continue_in(else_bb)
            self.block(s.orelse)
            if not self.terminated():
                self.b.branch(end_bb)
        else:
            else_bb.parent.blocks.remove(else_bb)
        self.continue_in(end_bb)
        if not end_bb.instructions and not _has_predecessors(self.fn, end_bb):
            self.b.unreachable()
        else:
            self.ml.carried.joined(self, s)

    def s_While(self, s: H.While) -> None:
        self.ml.loops.lower_while(self, s)

    def s_ForIter(self, s: H.ForIter) -> None:
        self.ml.table.lookup(s.op)(self, s)

    def s_ForRange(self, s: H.ForRange) -> None:
        self.ml.loops.lower_for_range(self, s)

    def loop_body(
        self,
        body: list[H.Stmt],
        break_bb: ir.Block,
        continue_bb: ir.Block,
        cleanups: list[Callable[[], None]] | None = None,
    ) -> None:
        self.scopes.append(
            Scope(cleanups=list(cleanups or []), break_block=break_bb, continue_block=continue_bb, is_loop=True)
        )
        try:
            self.block(body)
        finally:
            self.scopes.pop()

    def _loop_depth(self) -> int:
        for i, sc in enumerate(reversed(self.scopes)):
            if sc.is_loop:
                return i
        raise LoweringError("break/continue outside a loop")

    def s_Break(self, s: H.Break) -> None:
        depth = self._loop_depth()
        # leaving the loop: run the cleanups of the scopes inside it and of the loop itself
        self.run_cleanups(depth + 1)
        target = self.scopes[-1 - depth].break_block
        assert target is not None
        self.b.branch(target)

    def s_Continue(self, s: H.Continue) -> None:
        depth = self._loop_depth()
        self.run_cleanups(depth)  # the loop's own scope stays open
        target = self.scopes[-1 - depth].continue_block
        assert target is not None
        self.b.branch(target)

    def s_Return(self, s: H.Return) -> None:
        value = self.expr(s.value) if s.value is not None else None
        self.emit_return(value, s.loc)

    # ----------------------------------------------------------------------------------------- expressions

    def expr(self, e: H.Expr) -> Any:
        self.at(e.loc)
        return getattr(self, f"e_{type(e).__name__}")(e)

    def e_Const(self, e: H.Const) -> ir.Value:
        t = e.type
        if isinstance(t, LiteralIntType):
            raise LoweringError("internal: untyped literal reached lowering", e.loc)
        lt = llvm_type(t, self.ml)
        if isinstance(lt, ir.PointerType):
            return ir.Constant(lt, None)  # None as a kernel pointer
        assert isinstance(lt, ir.IntType)
        return ir.Constant(lt, e.value & ((1 << lt.width) - 1))

    def e_Load(self, e: H.Load) -> ir.Value:
        return self.b.load(self.var_slot(e.var))

    def e_Convert(self, e: H.Convert) -> ir.Value:
        return self.convert(self.expr(e.value), e.value.type, e.type)

    def convert(self, v: ir.Value, src: Type, dst: Type) -> ir.Value:
        if src == dst:
            return v
        if isinstance(dst, BoolType):
            return self.truth(v, src)
        if isinstance(dst, IntType) and isinstance(src, BoolType):
            return self.b.zext(v, ir.IntType(dst.bits))
        if isinstance(dst, IntType) and isinstance(src, IntType):
            to = ir.IntType(dst.bits)
            if dst.bits < src.bits:
                return self.b.trunc(v, to)
            if dst.bits > src.bits:
                return self.b.sext(v, to) if src.signed else self.b.zext(v, to)
            return v
        raise LoweringError(f"internal: cannot convert {src} to {dst}")

    def truth(self, v: ir.Value, t: Type) -> ir.Value:
        if isinstance(t, BoolType):
            return v
        if isinstance(v.type, ir.PointerType):
            return self.b.icmp_unsigned("!=", v, ir.Constant(v.type, None))
        return self.b.icmp_unsigned("!=", v, ir.Constant(v.type, 0))

    def e_Truth(self, e: H.Truth) -> ir.Value:
        return self.truth(self.expr(e.value), e.value.type)

    def e_BinOp(self, e: H.BinOp) -> ir.Value:
        a, b = self.expr(e.left), self.expr(e.right)
        self.at(e.loc)
        return self.ml.arith.binop(self.b, e.op, e.type, a, b, e.right.type)

    def e_UnaryOp(self, e: H.UnaryOp) -> ir.Value:
        v = self.expr(e.operand)
        self.at(e.loc)
        if e.op == "not":
            return self.b.xor(v, ir.Constant(I1, 1))
        if e.op == "neg":
            return self.b.neg(v)
        return self.b.not_(v)

    def operand(self, e: H.Expr) -> Any:
        """A comparison operand; untyped literals stay symbolic (the comparison decides how to use them)."""
        if isinstance(e, H.Const) and isinstance(e.type, LiteralIntType):
            return None
        return self.expr(e)

    def e_Compare(self, e: H.Compare) -> ir.Value:
        left = self.operand(e.operands[0])
        lt = e.operands[0].type
        if len(e.ops) == 1:
            right = self.operand(e.operands[1])
            self.at(e.loc)
            return self.ml.arith.compare(self.b, e.ops[0], left, lt, right, e.operands[1].type, e.operands)
        end = self.new_block("cmp.end")
        incoming: list[tuple[ir.Value, ir.Block]] = []
        for i, op in enumerate(e.ops):
            right = self.operand(e.operands[i + 1])
            rt = e.operands[i + 1].type
            self.at(e.loc)
            c = self.ml.arith.compare(self.b, op, left, lt, right, rt, e.operands[i : i + 2])
            if i == len(e.ops) - 1:
                incoming.append((c, self.b.block))
                self.b.branch(end)
            else:
                nxt = self.new_block("cmp.next")
                incoming.append((ir.Constant(I1, 0), self.b.block))
                self.b.cbranch(c, nxt, end)
                self.continue_in(nxt)
            left, lt = right, rt
        self.continue_in(end)
        phi = self.b.phi(I1)
        for v, bb in incoming:
            phi.add_incoming(v, bb)
        return phi

    def e_BoolOp(self, e: H.BoolOp) -> ir.Value:
        end = self.new_block(f"{e.op}.end")
        ty = llvm_type(e.type, self.ml)
        incoming: list[tuple[ir.Value, ir.Block]] = []
        for i, sub in enumerate(e.values):
            v = self.expr(sub)
            if i == len(e.values) - 1:
                incoming.append((v, self.b.block))
                self.b.branch(end)
                break
            t = self.truth(v, sub.type)
            incoming.append((v, self.b.block))
            nxt = self.new_block(f"{e.op}.next")
            if e.op == "and":
                self.b.cbranch(t, nxt, end)
            else:
                self.b.cbranch(t, end, nxt)
            self.continue_in(nxt)
        self.continue_in(end)
        phi = self.b.phi(ty)
        for v, bb in incoming:
            phi.add_incoming(v, bb)
        return phi

    def e_IfExp(self, e: H.IfExp) -> ir.Value:
        cond = self.expr(e.test)
        t_bb, f_bb, end = self.new_block("sel.t"), self.new_block("sel.f"), self.new_block("sel.end")
        self.b.cbranch(cond, t_bb, f_bb)
        self.continue_in(t_bb)
        tv = self.expr(e.body)
        t_end = self.b.block
        self.b.branch(end)
        self.continue_in(f_bb)
        fv = self.expr(e.orelse)
        f_end = self.b.block
        self.b.branch(end)
        self.continue_in(end)
        phi = self.b.phi(llvm_type(e.type, self.ml))
        phi.add_incoming(tv, t_end)
        phi.add_incoming(fv, f_end)
        return phi

    def e_Call(self, e: H.Call) -> ir.Value:
        args = [self.expr(a) for a in e.args]
        self.at(e.loc)
        return self.b.call(self.ml.function_for(e.func), args)

    def e_Intrinsic(self, e: H.Intrinsic) -> Any:
        return self.ml.table.lookup(e.op)(self, e)


def _has_predecessors(fn: ir.Function, block: ir.Block) -> bool:
    for bb in fn.blocks:
        term = bb.terminator
        if term is not None and block in getattr(term, "operands", ()):
            return True
    return False
