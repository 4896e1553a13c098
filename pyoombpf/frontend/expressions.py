"""Expressions that are not operators: constants, names, attributes, subscripts and calls (through the rule
tables of :mod:`pyoombpf.frontend.tables`), truth values, and compile-time values used as values.

Methods of :class:`~pyoombpf.frontend.builder.FunctionBuilder`, bound in its class body."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from pyoombpf.errors import FrontendError
from pyoombpf.frontend.statements import RECORD_NOTE
from pyoombpf.frontend.tables import (
    ATTR_RULES,
    CALL_RULES,
    EXPR_METHOD_RULES,
    METHOD_RULES,
    NAME_RULES,
    SUBSCRIPT_RULES,
    TEST_HOOKS,
    Static,
    StaticAttr,
    describe,
    rule_for,
)
from pyoombpf.hir import nodes as H
from pyoombpf.types.core import BOOL, LITERAL, NONE, BoolType, Type, is_integral

if TYPE_CHECKING:
    from pyoombpf.frontend.builder import FunctionBuilder


def expr(self: FunctionBuilder, node: ast.expr, expect: Type | None = None) -> H.Expr:
    """Type ``node``.  ``expect`` is the type the context wants (an assignment target, a parameter, the
    return type): conditional expressions and and/or whose operands are all literals take it."""
    saved, self.expect = self.expect, expect
    try:
        r = self.visit(node)
    finally:
        self.expect = saved
    if isinstance(r, Static):
        return self.static_value(node, r.value)
    return r


def condition(self: FunctionBuilder, node: ast.expr) -> H.Expr:
    return self.truth(self.expr(node), node)


def truth(self: FunctionBuilder, e: H.Expr, node: ast.AST) -> H.Expr:
    if isinstance(e.type, BoolType):
        return e
    if isinstance(e, H.Const):
        return H.Const(BOOL, e.loc, int(e.value != 0))
    if not self.has_truth(e.type):
        raise self.error(node, f"a value of type {e.type} has no truth value")
    return H.Truth(BOOL, e.loc, self.tested(e, node))


def tested(self: FunctionBuilder, e: H.Expr, node: ast.AST) -> H.Expr:
    hook = TEST_HOOKS.get(type(e.type))
    return hook(self, e, node) if hook is not None else e


def has_truth(self: FunctionBuilder, t: Type) -> bool:
    return is_integral(t) or getattr(t, "has_truth", False)


def static_value(self: FunctionBuilder, node: ast.AST, value: Any) -> H.Expr:
    if isinstance(value, bool):
        return H.Const(BOOL, self.loc(node), int(value))
    if isinstance(value, int):  # an int subclass (an IntEnum member) is folded as the plain int it holds
        return H.Const(LITERAL, self.loc(node), int.__int__(value))
    rule = rule_for(NAME_RULES, value)
    if rule is not None:
        return rule(self, node, value)
    raise self.error(
        node,
        f"{describe(value)} cannot be used as a value in BPF code",
        "module-level names usable in BPF code: integer constants, functions, pyoombpf types, maps",
    )


def visit_Constant(self: FunctionBuilder, node: ast.Constant) -> H.Expr:
    v = node.value
    if isinstance(v, bool):
        return H.Const(BOOL, self.loc(node), int(v))
    if isinstance(v, int):
        return H.Const(LITERAL, self.loc(node), v)
    if isinstance(v, float):
        raise self.error(
            node,
            "floats are not supported in BPF code (the kernel has no FPU here); use integers",
            cls=FrontendError,
        )
    if isinstance(v, str | bytes):
        raise self.error(node, "strings are not supported where a value is expected in BPF code", cls=FrontendError)
    if v is None:
        return H.Const(NONE, self.loc(node), 0)  # becomes a null kernel pointer where one is expected
    raise self.error(node, f"the constant {v!r} is not supported in BPF code", cls=FrontendError)


def visit_Name(self: FunctionBuilder, node: ast.Name) -> H.Expr | Static:
    if node.id in self.vars:
        return self.load_name(node)
    st = self.static(node)
    assert st is not None
    return st


def load_name(self: FunctionBuilder, node: ast.Name) -> H.Expr:
    var = self.vars.get(node.id)
    if var is None:
        st = self.static(node)
        assert st is not None
        return self.static_value(node, st.value)
    if node.id not in self.assigned:
        raise self.error(
            node,
            f"local variable {node.id!r} might be used before it is assigned",
            "assign it on every path before this use (e.g. initialise it before the if/loop)",
        )
    return H.Load(var.type, self.loc(node), var)


def visit_Attribute(self: FunctionBuilder, node: ast.Attribute) -> H.Expr | Static:
    st = self.static(node)
    if st is not None:
        if isinstance(st.value, StaticAttr):
            return self.static_attribute(node, st.value)
        return st
    base = self.expr(node.value)
    rule = rule_for(ATTR_RULES, base.type)
    if rule is None:
        raise self.error(node, f"a value of type {base.type} has no attributes")
    return rule(self, node, base)


def static_attribute(self: FunctionBuilder, node: ast.Attribute, sa: StaticAttr) -> H.Expr | Static:
    raise self.error(node, f"{describe(sa.holder)}.{sa.attr} cannot be used as a value in BPF code")


def visit_Subscript(self: FunctionBuilder, node: ast.Subscript) -> H.Expr:
    st = self.static(node.value)
    if st is not None:
        rule = rule_for(SUBSCRIPT_RULES, st.value)
        if rule is None:
            raise self.error(node, f"{describe(st.value)} cannot be subscripted in BPF code")
        return rule(self, node, st.value)
    base = self.expr(node.value)
    rule2 = rule_for(SUBSCRIPT_RULES, base.type)
    if rule2 is None:
        raise self.error(node, f"a value of type {base.type} cannot be subscripted")
    return rule2(self, node, base)


def visit_Tuple(self: FunctionBuilder, node: ast.Tuple) -> H.Expr:
    raise self.error(
        node, "tuples are only supported in tuple assignment (`a, b = b, a`)", RECORD_NOTE, cls=FrontendError
    )


def no_starred(self: FunctionBuilder, node: ast.Call) -> None:
    """``f(*xs)`` is not a call with one argument: say what is not supported before a rule counts them."""
    for a in node.args:
        if isinstance(a, ast.Starred):
            raise self.unsupported(a)


def visit_Call(self: FunctionBuilder, node: ast.Call) -> H.Expr:
    self.no_starred(node)
    st = self.static(node.func)
    if st is None and isinstance(node.func, ast.Attribute):
        base = self.expr(node.func.value)
        method = rule_for(EXPR_METHOD_RULES, base.type)
        if method is None:
            raise self.error(node.func, f"a value of type {base.type} has no method {node.func.attr!r}")
        return method(self, node, base, node.func.attr)
    if st is None:
        raise self.error(node.func, "only module-level functions, pyoombpf functions and casts can be called")
    value = st.value
    if isinstance(value, StaticAttr):
        method = rule_for(METHOD_RULES, value.holder)
        if method is None:
            raise self.error(node.func, f"{describe(value.holder)}.{value.attr}() cannot be called in BPF code")
        return method(self, node, value.holder, value.attr)
    rule = rule_for(CALL_RULES, value)
    if rule is None:
        raise self.error(node.func, f"{describe(value)} cannot be called in BPF code")
    return rule(self, node, value)
