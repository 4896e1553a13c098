"""Tuples of constants (literals, module-level tuples and lists): their values at compile time, and `x in T`,
which is `x == T[0] or x == T[1] or ...` with x evaluated once (`key in m` of a map goes to CONTAINS_RULES).

Methods of :class:`~pyoombpf.frontend.builder.FunctionBuilder`, bound in its class body."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from pyoombpf.errors import FrontendError
from pyoombpf.frontend import unsupported as U
from pyoombpf.frontend.tables import CONTAINS_RULES, describe, rule_for
from pyoombpf.hir import nodes as H
from pyoombpf.types.core import BOOL, LITERAL, BoolType, LiteralIntType, is_integral

if TYPE_CHECKING:
    from pyoombpf.frontend.builder import FunctionBuilder


def is_range_call(node: ast.expr) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "range"


def compare_in(self: FunctionBuilder, node: ast.Compare, op: ast.cmpop, comp: ast.expr) -> H.Expr:
    values = self.constant_tuple(comp) if len(node.ops) == 1 else None
    st = self.static(comp) if values is None else None
    rule = rule_for(CONTAINS_RULES, st.value) if st is not None else None
    if is_range_call(comp):
        raise self.error(
            comp,
            "`x in range(...)` is not supported in BPF code; compare instead: lo <= x < hi",
            cls=FrontendError,
        )
    if values is not None:
        result = self.in_constants(node, values)
    elif len(node.ops) != 1 or rule is None or st is None:
        raise self.error(node, U.IN_OPERANDS, cls=FrontendError)
    else:
        result = rule(self, node, st.value, node.left)
    if isinstance(op, ast.NotIn):
        return H.UnaryOp(BOOL, self.loc(node), "not", result)
    return result


def in_constants(self: FunctionBuilder, node: ast.Compare, values: tuple[Any, ...]) -> H.Expr:
    """``x in (1, 2, 5)``: ``x == 1 or x == 2 or x == 5``, ``x`` evaluated once, as Python does."""
    comp = node.comparators[0]
    for v in values:
        if not isinstance(v, int):
            raise self.error(comp, f"`in` over a tuple compares integers; the tuple holds {describe(v)}")
    left = self.expr(node.left)
    if not is_integral(left.type):
        raise self.error(node.left, f"`in` over a tuple of integers needs an integer, not {left.type}")
    loc = self.loc(node)
    if not isinstance(left, H.Const | H.Load):
        if self.conditional:
            raise self.error(
                node.left,
                "the left operand of `in` needs a variable here: Python evaluates it only under a condition",
                "assign it on its own line first (x = ...), then test `x in (...)`",
            )
        left = self.hoist(left, node.left, "in")
    tests: list[H.Expr] = [H.Compare(BOOL, loc, ["eq"], [left, H.Const(LITERAL, loc, int(v))]) for v in values]
    if isinstance(left, H.Const) and isinstance(left.type, LiteralIntType | BoolType):
        return H.Const(BOOL, loc, int(left.value in values))
    if not tests:
        return H.Const(BOOL, loc, 0)
    return tests[0] if len(tests) == 1 else H.BoolOp(BOOL, loc, "or", tests)


def constant_tuple(self: FunctionBuilder, node: ast.expr) -> tuple[Any, ...] | None:
    """The values of a tuple literal of constants or of a module-level tuple (or list), else None."""
    if isinstance(node, ast.Tuple):
        return tuple(_tuple_element(self, e) for e in node.elts)
    if not isinstance(node, ast.Name | ast.Attribute):
        return None
    if isinstance(node, ast.Name) and node.id in self.vars:
        return None
    st = self.static(node)
    return tuple(st.value) if st is not None and isinstance(st.value, tuple | list) else None


def _tuple_element(self: FunctionBuilder, e: ast.expr) -> Any:
    return constant_value(self, e, "a tuple in BPF code holds constants (literals, module constants and sums of them)")


def constant_value(
    self: FunctionBuilder, e: ast.expr, refusal: str, literals: type | tuple[type, ...] = (str, int)
) -> Any:
    """The value of the constant ``e``: a literal of the ``literals`` types, a module-level string, or an integer
    or bool expression that folds; anything else is ``refusal`` at ``e``."""
    if isinstance(e, ast.Constant) and isinstance(e.value, literals):
        return e.value
    st = self.static(e) if isinstance(e, ast.Name | ast.Attribute) else None
    if st is not None and isinstance(st.value, str):
        return st.value
    value = self.expr(e)
    if not isinstance(value, H.Const) or not isinstance(value.type, LiteralIntType | BoolType):
        raise self.error(e, refusal)
    return value.value
