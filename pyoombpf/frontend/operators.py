"""Operators: arithmetic and bitwise (folded when both operands are constants, mapped over a literal select),
unary, and/or, comparisons (chained; `is None`) and conditional expressions, with the integer promotions of
:mod:`pyoombpf.types.core`.

Methods of :class:`~pyoombpf.frontend.builder.FunctionBuilder`, bound in its class body."""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import TYPE_CHECKING

from pyoombpf.errors import FrontendError
from pyoombpf.frontend import selects as S
from pyoombpf.frontend import unsupported as U
from pyoombpf.frontend.folding import CMP_FOLD, FOLD, OP_SYMBOL, is_literal, map_leaves
from pyoombpf.hir import nodes as H
from pyoombpf.types.core import (
    BOOL,
    DEFAULT_INT,
    LITERAL,
    BoolType,
    IntType,
    LiteralIntType,
    NoneType,
    PromotionError,
    common_int_type,
    is_integral,
    show_int,
)

if TYPE_CHECKING:
    from pyoombpf.frontend.builder import FunctionBuilder


def binop_name(self: FunctionBuilder, op: ast.operator, node: ast.AST) -> str:
    name = U.BINOP_NAMES.get(type(op))
    if name is None:
        raise self.error(node, U.UNSUPPORTED_BINOPS.get(type(op), "operator not supported"), cls=FrontendError)
    return name


def visit_BinOp(self: FunctionBuilder, node: ast.BinOp) -> H.Expr:
    if isinstance(node.op, ast.Pow):
        return self.power(node)
    op = self.binop_name(node.op, node)
    return self.make_binop(op, self.expr(node.left), self.expr(node.right), node)


def power(self: FunctionBuilder, node: ast.BinOp) -> H.Expr:
    """``a ** b`` of two compile-time constants is the constant Python computes (``256 * 2**20``); it then
    takes the type of what it meets, like a literal.  BPF has no power instruction: a run-time operand is an
    error that says what to write instead."""
    left, right = self.expr(node.left), self.expr(node.right)
    for side, n in ((left, node.left), (right, node.right)):
        if not (isinstance(side, H.Const) and isinstance(side.type, LiteralIntType | BoolType)):
            raise self.error(n, U.POW_RUNTIME, cls=FrontendError)
    return H.Const(LITERAL, self.loc(node), self.fold("pow", left.value, right.value, node))  # type: ignore[attr-defined]


def make_binop(self: FunctionBuilder, op: str, left: H.Expr, right: H.Expr, node: ast.AST) -> H.Expr:
    for side in (left, right):
        if not is_integral(side.type):
            raise self.error(node, f"operator {OP_SYMBOL[op]} needs integers, not {side.type}")
    if (
        isinstance(left, H.Const)
        and isinstance(right, H.Const)
        and isinstance(left.type, LiteralIntType)
        and isinstance(right.type, LiteralIntType | BoolType)
    ):
        return H.Const(LITERAL, self.loc(node), self.fold(op, left.value, right.value, node))
    if is_literal(left) and right in self.selects:  # 10 * T[i]
        c = left.value  # type: ignore[attr-defined]
        return self.map_select(right, lambda v: self.fold(op, c, v, node), node)
    if is_literal(right) and left in self.selects:  # T[i] * 10
        c = right.value  # type: ignore[attr-defined]
        return self.map_select(left, lambda v: self.fold(op, v, c, node), node)
    if op in ("lshift", "rshift"):
        # The shift count does not take part in the result type: `x << n` has the type of x (a literal x
        # takes the type the context expects, else the default).
        t = (
            left.type
            if not isinstance(left.type, LiteralIntType | BoolType)
            else (self.expect if isinstance(self.expect, IntType) else DEFAULT_INT)
        )
        count = self.materialize(right, node)
        return H.BinOp(t, self.loc(node), op, self.coerce(left, t, node, "the shifted value"), count)
    if op in ("bitand", "bitor", "bitxor") and isinstance(left.type, BoolType) and isinstance(right.type, BoolType):
        return H.BinOp(BOOL, self.loc(node), op, left, right)
    left, right = self.selects.retyped(left, right.type), self.selects.retyped(right, left.type)
    try:
        t = common_int_type(left.type, right.type)
    except PromotionError as e:
        self.demand(left, right.type)
        self.demand(right, left.type)
        raise self.error(node, str(e)) from None
    if isinstance(t, LiteralIntType | BoolType):
        t = DEFAULT_INT
    return H.BinOp(
        t,
        self.loc(node),
        op,
        self.coerce(left, t, node, "the left operand"),
        self.coerce(right, t, node, "the right operand"),
    )


def map_select(self: FunctionBuilder, sel: H.Expr, f: Callable[[int], int], node: ast.AST) -> H.Expr:
    """The literal select ``sel`` with ``f`` applied to every choice (typed like a literal of the results)."""
    mapped = map_leaves(sel, f)
    values = list(S.choices(mapped))
    t = S.smallest_type(values, sel.type)
    if t is None:
        raise self.error(node, f"the constant {show_int(max(values, key=abs))} does not fit in 64 bits")
    return self.selects.rebuilt(mapped, t)


def fold(self: FunctionBuilder, op: str, a: int, b: int, node: ast.AST) -> int:
    if op in ("floordiv", "mod") and b == 0:
        raise self.error(node, "division by zero in a constant expression")
    if op in ("lshift", "rshift") and b < 0:
        raise self.error(node, "negative shift count in a constant expression")
    if op == "lshift" and b > 512:
        raise self.error(node, "shift count too large in a constant expression")
    if op == "pow":
        if b < 0:
            raise self.error(node, U.POW_NEGATIVE, cls=FrontendError)
        if abs(a) > 1 and b * (abs(a).bit_length() - 1) > 4096:  # not computed: Python would take ages
            raise self.error(node, f"the constant {show_int(a)}**{show_int(b)} does not fit in 64 bits")
    return FOLD[op](a, b)


def visit_UnaryOp(self: FunctionBuilder, node: ast.UnaryOp) -> H.Expr:
    operand = self.expr(node.operand)
    if isinstance(node.op, ast.Not):
        truth = self.truth(operand, node.operand)
        if isinstance(truth, H.Const):
            return H.Const(BOOL, self.loc(node), int(not truth.value))
        return H.UnaryOp(BOOL, self.loc(node), "not", truth)
    if not is_integral(operand.type):
        raise self.error(node, f"unary operator needs an integer, not {operand.type}")
    op = {ast.USub: "neg", ast.Invert: "invert", ast.UAdd: "pos"}[type(node.op)]
    if isinstance(operand, H.Const) and isinstance(operand.type, LiteralIntType | BoolType):
        v = {"neg": lambda x: -x, "invert": lambda x: ~x, "pos": lambda x: x}[op](operand.value)
        return H.Const(LITERAL, self.loc(node), v)
    if op == "pos":
        return operand
    t = operand.type if isinstance(operand.type, IntType) else DEFAULT_INT
    return H.UnaryOp(t, self.loc(node), op, self.coerce(operand, t, node, "the operand"))


def visit_BoolOp(self: FunctionBuilder, node: ast.BoolOp) -> H.Expr:
    expect = self.expect
    values = [self.expr(node.values[0], expect)]
    with self.conditionally():
        values += [self.expr(v, expect) for v in node.values[1:]]
    t = values[0].type
    for v, n in zip(values[1:], node.values[1:], strict=True):
        if isinstance(t, BoolType) and isinstance(v.type, BoolType):
            continue
        if is_integral(t) and is_integral(v.type):
            try:
                t = common_int_type(t, v.type)
            except PromotionError as e:
                raise self.error(n, str(e)) from None
        elif t != v.type:
            raise self.error(n, f"`and`/`or` operands must have one type; got {t} and {v.type}")
    if isinstance(t, LiteralIntType):
        t = expect if isinstance(expect, IntType) else DEFAULT_INT
    for v, n in zip(values, node.values, strict=True):
        if not self.has_truth(v.type):
            raise self.error(n, f"a value of type {v.type} has no truth value")
    values = [self.coerce(v, t, n, "an operand of and/or") for v, n in zip(values, node.values, strict=True)]
    return H.BoolOp(t, self.loc(node), "and" if isinstance(node.op, ast.And) else "or", values)


def visit_Compare(self: FunctionBuilder, node: ast.Compare) -> H.Expr:
    operands = [self.expr(node.left)]
    ops: list[str] = []
    for op, comp in zip(node.ops, node.comparators, strict=True):
        name = U.CMPOP_NAMES.get(type(op))
        if name is None:
            return self.compare_in(node, op, comp)
        if isinstance(op, ast.Is | ast.IsNot):
            return self.compare_none(node, operands[-1], op, comp)
        ops.append(name)
        with self.conditionally(len(ops) > 1):
            operands.append(self.expr(comp))
    for i, (a, b) in enumerate(zip(operands, operands[1:], strict=False)):
        self.check_comparable(a, b, node.comparators[i], ops[i])
    if all(isinstance(o, H.Const) and isinstance(o.type, LiteralIntType | BoolType) for o in operands):
        vals = [o.value for o in operands]  # type: ignore[attr-defined]
        result = all(CMP_FOLD[op](a, b) for op, a, b in zip(ops, vals, vals[1:], strict=False))
        return H.Const(BOOL, self.loc(node), int(result))
    return H.Compare(BOOL, self.loc(node), ops, operands)


def compare_none(self: FunctionBuilder, node: ast.Compare, left: H.Expr, op: ast.cmpop, comp: ast.expr) -> H.Expr:
    if len(node.ops) != 1 or not (isinstance(comp, ast.Constant) and comp.value is None):
        raise self.error(node, "`is` / `is not` are only supported against None", cls=FrontendError)
    if isinstance(left.type, NoneType) and self.probe:
        return H.Const(BOOL, self.loc(node), 1)  # type not known yet (probe pass): any answer will do
    if not getattr(left.type, "has_truth", False) or is_integral(left.type):
        raise self.error(node, f"only kernel pointers can be None; {left.type} cannot")
    t = H.Truth(BOOL, left.loc, self.tested(left, node.left))
    return t if isinstance(op, ast.IsNot) else H.UnaryOp(BOOL, self.loc(node), "not", t)


def check_comparable(self: FunctionBuilder, a: H.Expr, b: H.Expr, node: ast.AST, op: str = "eq") -> None:
    if is_integral(a.type) and is_integral(b.type):
        return  # integers compare by mathematical value, whatever their types
    if a.type == b.type and getattr(a.type, "comparable", False):
        if op not in ("eq", "ne") and getattr(a.type, "is_pointer", False):
            raise self.error(node, f"{a.type} values compare only with == and != (they have no order)")
        return
    raise self.error(node, f"cannot compare {a.type} with {b.type}")


def visit_IfExp(self: FunctionBuilder, node: ast.IfExp) -> H.Expr:
    expect = self.expect
    test = self.condition(node.test)
    with self.conditionally():
        body, orelse = self.expr(node.body, expect), self.expr(node.orelse, expect)
    if is_integral(body.type) and is_integral(orelse.type):
        try:
            t = common_int_type(body.type, orelse.type)
        except PromotionError as e:
            raise self.error(node, str(e)) from None
        if isinstance(t, LiteralIntType | BoolType) and isinstance(expect, IntType):
            t = expect
        elif isinstance(t, LiteralIntType):
            t = DEFAULT_INT
    elif body.type == orelse.type:
        t = body.type
    else:
        raise self.error(
            node,
            f"both branches of a conditional expression need one type; got {body.type} and {orelse.type}",
        )
    return H.IfExp(
        t,
        self.loc(node),
        test,
        self.coerce(body, t, node.body, "the true branch"),
        self.coerce(orelse, t, node.orelse, "the false branch"),
    )
