"""Constant folding: what Python computes for an operator over compile-time integers, and the symbols of the
operators (for messages)."""

from __future__ import annotations

from collections.abc import Callable

from pyoombpf.hir import nodes as H
from pyoombpf.types.core import LITERAL, BoolType, LiteralIntType


def floordiv(a: int, b: int) -> int:
    return a // b


FOLD: dict[str, Callable[[int, int], int]] = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "floordiv": floordiv,
    "mod": lambda a, b: a % b,
    "lshift": lambda a, b: a << b,
    "rshift": lambda a, b: a >> b,
    "bitand": lambda a, b: a & b,
    "bitor": lambda a, b: a | b,
    "bitxor": lambda a, b: a ^ b,
    "pow": lambda a, b: a**b,
}


CMP_FOLD: dict[str, Callable[[int, int], bool]] = {
    "eq": lambda a, b: a == b,
    "ne": lambda a, b: a != b,
    "lt": lambda a, b: a < b,
    "le": lambda a, b: a <= b,
    "gt": lambda a, b: a > b,
    "ge": lambda a, b: a >= b,
}


OP_SYMBOL = {
    "add": "+",
    "sub": "-",
    "mul": "*",
    "floordiv": "//",
    "mod": "%",
    "lshift": "<<",
    "rshift": ">>",
    "bitand": "&",
    "bitor": "|",
    "bitxor": "^",
}


def range_length(start: int, stop: int, step: int) -> int:
    """``len(range(start, stop, step))``, also beyond ``sys.maxsize`` (where ``len()`` overflows)."""
    if step > 0:
        return max(0, (stop - start + step - 1) // step)
    return max(0, (start - stop - step - 1) // -step)


def is_literal(e: H.Expr) -> bool:
    return isinstance(e, H.Const) and isinstance(e.type, LiteralIntType | BoolType)


def map_leaves(e: H.Expr, f: Callable[[int], int]) -> H.Expr:
    if isinstance(e, H.IfExp):
        return H.IfExp(e.type, e.loc, e.test, map_leaves(e.body, f), map_leaves(e.orelse, f))
    assert isinstance(e, H.Const)
    return H.Const(LITERAL, e.loc, f(e.value))
