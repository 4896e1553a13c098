"""Typing rules for the core callables: integer casts, ``bool()``, and calls to other module functions."""

from __future__ import annotations

import ast
from types import FunctionType
from typing import Any

from pyoombpf.dsl.scalars import Scalar
from pyoombpf.errors import FrontendError
from pyoombpf.frontend.builder import ANNOTATION_RULES, CALL_RULES, FunctionBuilder
from pyoombpf.hir import nodes as H
from pyoombpf.types.core import IntType, LiteralIntType, is_integral


def _no_keywords(fb: FunctionBuilder, node: ast.Call, what: str) -> None:
    if node.keywords:
        raise fb.error(
            node.keywords[0],
            f"{what} takes no keyword arguments; pass arguments positionally",
            cls=FrontendError,
        )


def cast_rule(fb: FunctionBuilder, node: ast.Call, scalar: Scalar) -> H.Expr:
    """``u32(x)``: explicit conversion; wraps around to the target width."""
    _no_keywords(fb, node, f"{scalar.type}()")
    if len(node.args) != 1:
        raise fb.error(node, f"{scalar.type}() takes exactly one argument")
    value = fb.expr(node.args[0])
    if not is_integral(value.type):
        raise fb.error(node.args[0], f"{scalar.type}() converts integers, not {value.type}")
    if isinstance(value, H.Const) and isinstance(value.type, LiteralIntType):
        return H.Const(scalar.type, fb.loc(node), scalar.type.wrap(value.value))
    return H.Convert(scalar.type, fb.loc(node), value)


def bool_rule(fb: FunctionBuilder, node: ast.Call, _value: Any) -> H.Expr:
    _no_keywords(fb, node, "bool()")
    if len(node.args) != 1:
        raise fb.error(node, "bool() takes exactly one argument")
    return fb.truth(fb.expr(node.args[0]), node.args[0])


def function_call_rule(fb: FunctionBuilder, node: ast.Call, fn: FunctionType) -> H.Expr:
    """A call to another plain function of the program (compiled too; inlined or a BPF subprogram)."""
    if getattr(fn, "__pyoombpf_policy__", None) is not None:
        raise fb.error(node.func, f"{fn.__name__} is a policy entry point and cannot be called from BPF code")
    _no_keywords(fb, node, f"{fn.__name__}()")
    callee = fb.program.function(fn, fb.loc(node))
    if len(node.args) != len(callee.params):
        raise fb.error(node, f"{fn.__name__}() takes {len(callee.params)} argument(s), {len(node.args)} given")
    args = []
    for a, p in zip(node.args, callee.params, strict=True):
        args.append(fb.coerce(fb.expr(a, p.type), p.type, a, f"argument {p.name!r} of {fn.__name__}()"))
    return H.Call(callee.return_type, fb.loc(node), callee, args)


def int_rule(fb: FunctionBuilder, node: ast.Call, _value: Any) -> H.Expr:
    raise fb.error(node.func, "int() has no fixed width in BPF code; use i64(x) or u64(x)")


def scalar_annotation(fb: FunctionBuilder, node: ast.AST, s: Scalar) -> IntType:
    return s.type


#: calls of classes: bool(x), int(x) and @record constructors (installed by the map rules)
CLASS_CALL_RULES: dict[Any, Any] = {bool: bool_rule, int: int_rule}


def class_call_rule(fb: FunctionBuilder, node: ast.Call, cls: type) -> H.Expr:
    rule = CLASS_CALL_RULES.get(cls)
    if rule is None and hasattr(cls, "__pyoombpf_record__"):
        rule = CLASS_CALL_RULES.get("record")
    if rule is None:
        return _uncallable(fb, node, cls)
    return rule(fb, node, cls)


def _uncallable(fb: FunctionBuilder, node: ast.Call, v: Any) -> H.Expr:
    raise fb.error(node.func, f"{getattr(v, '__name__', v)}() cannot be called in BPF code")


def install() -> None:
    """Casts, ``bool()``, calls of other functions and of classes, integer annotations."""
    CALL_RULES[Scalar] = cast_rule
    CALL_RULES[FunctionType] = function_call_rule
    CALL_RULES[type] = class_call_rule
    ANNOTATION_RULES[Scalar] = scalar_annotation
