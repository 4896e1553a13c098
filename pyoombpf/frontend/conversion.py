"""Implicit conversions: literals take the type of what they meet, integers widen losslessly, and a local typed
from literals takes the type of its first typed use on the next pass (type inference by first use).

Methods of :class:`~pyoombpf.frontend.builder.FunctionBuilder`, bound in its class body."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from pyoombpf.hir import nodes as H
from pyoombpf.types.core import (
    BOOL,
    DEFAULT_INT,
    BoolType,
    IntType,
    LiteralIntType,
    NoneType,
    Type,
    assignable,
    is_integral,
    show_int,
)

if TYPE_CHECKING:
    from pyoombpf.frontend.builder import FunctionBuilder


def demand(self: FunctionBuilder, value: H.Expr, want: Type) -> None:
    """Type inference by first use: a local that only ever got literals (so defaulted to i64) and now meets
    a typed context it does not fit takes that context's type on the next pass."""
    if not self.probe or not isinstance(want, IntType):
        return
    stack = [value]
    while stack:
        e = stack.pop()
        if isinstance(e, H.Load):
            v = e.var
            literal = v.name in self.from_literal or v.name in self.from_choice
            if literal and v.type == DEFAULT_INT and v.name not in self.new_hints:
                self.new_hints[v.name] = want
        elif isinstance(e, H.BinOp):
            stack += [e.left] if e.op in ("lshift", "rshift") else [e.left, e.right]
        elif isinstance(e, H.UnaryOp):
            stack.append(e.operand)
        elif isinstance(e, H.IfExp):
            stack += [e.body, e.orelse]
        elif isinstance(e, H.BoolOp):
            stack += e.values


def materialized_type(self: FunctionBuilder, value: H.Expr, node: ast.AST) -> Type:
    if isinstance(value.type, NoneType):
        raise self.error(
            node,
            "None is only a value where a kernel pointer is expected",
            "compare with `is None`, or annotate the variable's type",
        )
    if isinstance(value.type, LiteralIntType):
        if not DEFAULT_INT.fits(value.value):  # type: ignore[attr-defined]
            if 0 <= value.value <= (1 << 64) - 1:  # type: ignore[attr-defined]
                return IntType(64, False)
            raise self.error(node, f"the constant {show_int(value.value)} does not fit in 64 bits")  # type: ignore[attr-defined]
        return DEFAULT_INT
    return value.type


def materialize(self: FunctionBuilder, value: H.Expr, node: ast.AST) -> H.Expr:
    return self.coerce(value, self.materialized_type(value, node), node, "a constant")


def coerce(self: FunctionBuilder, value: H.Expr, target: Type, node: ast.AST, what: str) -> H.Expr:
    """Implicitly convert ``value`` to ``target`` (literals must fit, ints must widen losslessly)."""
    if value.type == target:
        return value
    value = self.selects.retyped(value, target)
    if value.type == target:
        return value
    if isinstance(value, H.Const) and isinstance(value.type, LiteralIntType | BoolType):
        if isinstance(target, IntType):
            if not target.fits(value.value):
                raise self.error(node, f"the constant {show_int(value.value)} does not fit in {target} ({what})")
            return H.Const(target, value.loc, value.value)
        if isinstance(target, BoolType) and value.value in (0, 1):
            return H.Const(BOOL, value.loc, value.value)
    if isinstance(value.type, NoneType) and getattr(target, "is_pointer", False):
        return H.Const(target, value.loc, 0)
    if assignable(target, value.type):
        return H.Convert(target, value.loc, value)
    self.demand(value, target)
    # a cast converts integers only: no hint for a kernel object, a record or the policy context
    castable = isinstance(target, IntType) and is_integral(value.type)
    hint = f"write {target}(...) to convert explicitly (it wraps around)" if castable else ""
    raise self.error(node, f"{what} needs {target}, got {value.type}", *(h for h in (hint,) if h))
