"""Integer operations with the language's semantics, expressed so LLVM can never meet undefined behaviour.

* ``x // 0 == 0`` and ``x % 0 == x`` (the BPF instruction set's own rule); the divisor is made non-zero before
  the ``udiv``/``urem`` so LLVM sees no UB, and the result is selected afterwards.
* Signed ``//`` and ``%`` floor, as in Python.  They are built from unsigned division (no ``sdiv``: that needs
  BPF cpu v4 and LLVM reports its absence fatally), which also makes ``MIN // -1`` wrap to ``MIN``.
* Shift counts are read as unsigned; a count of the width or more gives 0 (or -1 for a negative value shifted
  right), never poison.
* Comparisons compare mathematical values, whatever the two operand types.
"""

from __future__ import annotations

from typing import Any

import llvmlite.ir as ir

from pyoombpf.hir import nodes as H
from pyoombpf.types.core import BoolType, IntType, LiteralIntType, Type

I1 = ir.IntType(1)

_SIGNED_PRED = {"eq": "==", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}


class Arith:
    def binop(self, b: ir.IRBuilder, op: str, t: Type, x: ir.Value, y: ir.Value, count_type: Type) -> ir.Value:
        if isinstance(t, BoolType):
            return {"bitand": b.and_, "bitor": b.or_, "bitxor": b.xor}[op](x, y)
        assert isinstance(t, IntType)
        match op:
            case "add":
                return b.add(x, y)
            case "sub":
                return b.sub(x, y)
            case "mul":
                return b.mul(x, y)
            case "bitand":
                return b.and_(x, y)
            case "bitor":
                return b.or_(x, y)
            case "bitxor":
                return b.xor(x, y)
            case "floordiv" | "mod":
                return self.divmod(b, op, t, x, y)
            case "lshift" | "rshift":
                return self.shift(b, op, t, x, y, count_type)
        raise AssertionError(op)

    def divmod(self, b: ir.IRBuilder, op: str, t: IntType, x: ir.Value, y: ir.Value) -> ir.Value:
        ty = x.type
        zero, one = ir.Constant(ty, 0), ir.Constant(ty, 1)
        y_zero = b.icmp_unsigned("==", y, zero)
        if not t.signed:
            safe = b.select(y_zero, one, y)
            r = b.udiv(x, safe) if op == "floordiv" else b.urem(x, safe)
            return b.select(y_zero, zero if op == "floordiv" else x, r)
        x_neg = b.icmp_signed("<", x, zero)
        y_neg = b.icmp_signed("<", y, zero)
        ux = b.select(x_neg, b.neg(x), x)
        uy = b.select(y_neg, b.neg(y), y)
        uy = b.select(y_zero, one, uy)
        differ = b.xor(x_neg, y_neg)
        urem = b.urem(ux, uy)
        rem_nz = b.icmp_unsigned("!=", urem, zero)
        adjust = b.and_(differ, rem_nz)
        if op == "floordiv":
            uq = b.udiv(ux, uy)
            q = b.select(differ, b.neg(uq), uq)
            q = b.select(adjust, b.sub(q, one), q)
            return b.select(y_zero, zero, q)
        r = b.select(x_neg, b.neg(urem), urem)  # truncated remainder has the sign of x
        r = b.select(adjust, b.add(r, y), r)
        return b.select(y_zero, x, r)

    def shift(self, b: ir.IRBuilder, op: str, t: IntType, x: ir.Value, n: ir.Value, count_type: Type) -> ir.Value:
        ty = x.type
        n = _resize_unsigned(b, n, ty)
        width = ir.Constant(ty, t.bits)
        too_big = b.icmp_unsigned(">=", n, width)
        safe_n = b.select(too_big, ir.Constant(ty, 0), n)
        if op == "lshift":
            return b.select(too_big, ir.Constant(ty, 0), b.shl(x, safe_n))
        if not t.signed:
            return b.select(too_big, ir.Constant(ty, 0), b.lshr(x, safe_n))
        fill = b.ashr(x, ir.Constant(ty, t.bits - 1))
        return b.select(too_big, fill, b.ashr(x, safe_n))

    # ----------------------------------------------------------------------------------------- comparisons

    def compare(self, b: ir.IRBuilder, op: str, x: Any, xt: Type, y: Any, yt: Type, exprs: list[H.Expr]) -> ir.Value:
        if any(v is not None and isinstance(v.type, ir.PointerType) for v in (x, y)):
            return b.icmp_unsigned(_SIGNED_PRED[op], x, y)
        if not isinstance(xt, IntType | BoolType | LiteralIntType):  # other comparable values (verdicts): by bits
            return b.icmp_unsigned(_SIGNED_PRED[op], x, y)
        xt, yt = _int_view(xt), _int_view(yt)
        lx, ly = exprs[0], exprs[1]
        # a literal that does not fit the other side's type decides the comparison by itself
        for lit, other_t, lit_left in ((lx, yt, True), (ly, xt, False)):
            if isinstance(lit, H.Const) and isinstance(lit.type, LiteralIntType):
                return self._literal_compare(b, op, lit.value, other_t, y if lit_left else x, lit_left)
        common = _containing(xt, yt)
        if common is not None:
            cx, cy = _extend(b, x, xt, common), _extend(b, y, yt, common)
            if common.signed:
                return b.icmp_signed(_SIGNED_PRED[op], cx, cy)
            return b.icmp_unsigned(_SIGNED_PRED[op], cx, cy)
        # one side is u64, the other signed: a negative signed value is below every u64 value
        if xt.signed:
            s_val, u_val, s_left = _extend(b, x, xt, IntType(64, True)), y, True
        else:
            s_val, u_val, s_left = _extend(b, y, yt, IntType(64, True)), x, False
        neg = b.icmp_signed("<", s_val, ir.Constant(s_val.type, 0))
        lhs, rhs = (s_val, u_val) if s_left else (u_val, s_val)
        ucmp = b.icmp_unsigned(_SIGNED_PRED[op], lhs, rhs)
        return b.select(neg, ir.Constant(I1, _outcome(op, left_is_less=s_left)), ucmp)  # a negative is below any u64

    def _literal_compare(
        self, b: ir.IRBuilder, op: str, value: int, other: IntType, other_v: ir.Value, lit_left: bool
    ) -> ir.Value:
        if other.fits(value):
            c = ir.Constant(other_v.type, value & ((1 << other.bits) - 1))
            lhs, rhs = (c, other_v) if lit_left else (other_v, c)
            pred = _SIGNED_PRED[op]
            return b.icmp_signed(pred, lhs, rhs) if other.signed else b.icmp_unsigned(pred, lhs, rhs)
        # out of range: the literal is below (or above) every value of the other type
        return ir.Constant(I1, _outcome(op, left_is_less=(value < other.min) == lit_left))


def _int_view(t: Type) -> IntType:
    if isinstance(t, BoolType):
        return IntType(8, False)
    assert isinstance(t, IntType | LiteralIntType), t
    return t if isinstance(t, IntType) else IntType(64, True)


def _containing(a: IntType, b: IntType) -> IntType | None:
    if a.contains(b):
        return a
    if b.contains(a):
        return b
    for bits in (16, 32, 64):
        cand = IntType(bits, True)
        if cand.contains(a) and cand.contains(b):
            return cand
    return None


def _extend(b: ir.IRBuilder, v: ir.Value, src: IntType, dst: IntType) -> ir.Value:
    if v.type == I1:
        return b.zext(v, ir.IntType(dst.bits))
    if src.bits == dst.bits:
        return v
    to = ir.IntType(dst.bits)
    return b.sext(v, to) if src.signed else b.zext(v, to)


def _resize_unsigned(b: ir.IRBuilder, n: ir.Value, ty: ir.IntType) -> ir.Value:
    nw = n.type.width
    if nw == ty.width:
        return n
    if nw < ty.width:
        return b.zext(n, ty)
    # count wider than the value: any count >= width must stay >= width after narrowing
    limit = ir.Constant(n.type, ty.width)
    big = b.icmp_unsigned(">=", n, limit)
    return b.select(big, ir.Constant(ty, ty.width), b.trunc(n, ty))


def _outcome(op: str, left_is_less: bool) -> int:
    """``a op b`` when all that is known is that the two differ and whether ``a < b``."""
    return int(
        {
            "eq": False,
            "ne": True,
            "lt": left_is_less,
            "le": left_is_less,
            "gt": not left_is_less,
            "ge": not left_is_less,
        }[op]
    )
