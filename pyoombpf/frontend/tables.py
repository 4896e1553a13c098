"""The frontend's rule tables and the compile-time values they are keyed by.

The visitor (:mod:`pyoombpf.frontend.builder`) asks these tables how to type a call, an attribute, a subscript, a
store, an annotation, a loop over a kernel iterator and the tests and assignments of some types; the rule modules
(`*_rules.py`) fill them in their ``install()``."""

from __future__ import annotations

import ast
from collections.abc import Callable
from types import FunctionType, ModuleType
from typing import TYPE_CHECKING, Any

from pyoombpf.errors import Loc
from pyoombpf.hir import nodes as H
from pyoombpf.plain import Frozen
from pyoombpf.types.core import Type

if TYPE_CHECKING:
    from pyoombpf.frontend.builder import FunctionBuilder


class Static(Frozen):
    """A compile-time value: something a name or attribute resolved to that is not a runtime expression."""

    __slots__ = _fields = ("value", "loc")
    value: Any
    loc: Loc

    def __init__(self, value: Any, loc: Loc) -> None:
        self._set(value=value, loc=loc)


#: Rules for calling compile-time values, keyed by the value's class: ``rule(builder, node, value) -> Expr``.
CALL_RULES: dict[type, Callable[[FunctionBuilder, ast.Call, Any], H.Expr]] = {}


#: Rules for ``expr.attr`` on runtime expressions, keyed by the expression type's class.
ATTR_RULES: dict[type, Callable[[FunctionBuilder, ast.Attribute, H.Expr], H.Expr]] = {}


#: Rules for ``value[index]`` where value is a compile-time object (maps), keyed by class.
SUBSCRIPT_RULES: dict[type, Callable[[FunctionBuilder, ast.Subscript, Any], H.Expr]] = {}


#: Rules for statements ``holder[index] = x`` / ``del holder[index]`` / ``holder[index] op= x``:
#: ``rule(builder, statement, holder, subscript_node, value_or_None, op)`` where op is "", "del" or a binop name.
STORE_RULES: dict[
    type, Callable[[FunctionBuilder, ast.AST, Any, ast.Subscript, H.Expr | None, str], H.Stmt | list[H.Stmt]]
] = {}


#: Annotation resolvers keyed by class of the annotation's compile-time value: ``rule(builder, node, value)``.
ANNOTATION_RULES: dict[type, Callable[[FunctionBuilder, ast.AST, Any], Type]] = {}


#: ``holder.method(...)`` on compile-time objects (map methods), keyed by the holder's class:
#: ``rule(builder, call_node, holder, method_name) -> Expr``.
METHOD_RULES: dict[type, Callable[[FunctionBuilder, ast.Call, Any, str], H.Expr]] = {}


#: ``value.method(...)`` on runtime values, keyed by the class of the value's type:
#: ``rule(builder, call_node, value, method_name) -> Expr``.
EXPR_METHOD_RULES: dict[type, Callable[[FunctionBuilder, ast.Call, H.Expr, str], H.Expr]] = {}


#: ``for x in value.method(...)`` over kernel iterators, keyed by the class of the value's type:
#: ``rule(builder, for_node, value, call_node) -> Stmt``.
FOR_RULES: dict[type, Callable[[FunctionBuilder, ast.For, H.Expr, ast.Call], H.Stmt]] = {}


#: Applied to every value stored in a local of a type of this class (ownership: acquire a copy, etc.):
#: ``hook(builder, value) -> value``.
ASSIGN_HOOKS: dict[type, Callable[[FunctionBuilder, H.Expr], H.Expr]] = {}


#: Applied to a value that is only tested (``x is None``, ``if x:``), e.g. to give a fresh owned reference a
#: variable that releases it: ``hook(builder, value, node) -> value``.
TEST_HOOKS: dict[type, Callable[[FunctionBuilder, H.Expr, ast.AST], H.Expr]] = {}


#: ``key in holder`` where holder is a compile-time object: ``rule(builder, compare_node, holder, key_node)``.
CONTAINS_RULES: dict[type, Callable[[FunctionBuilder, ast.Compare, Any, ast.expr], H.Expr]] = {}


#: Compile-time values that may appear as plain names in expressions (e.g. module-level config values).
NAME_RULES: dict[type, Callable[[FunctionBuilder, ast.Name, Any], H.Expr]] = {}


class StaticAttr(Frozen):
    """``holder.attr`` where holder is a compile-time object that is not a namespace (e.g. a map's method)."""

    __slots__ = _fields = ("holder", "attr")
    holder: Any
    attr: str

    def __init__(self, holder: Any, attr: str) -> None:
        self._set(holder=holder, attr=attr)


def rule_for(table: dict[type, Any], value: Any) -> Any:
    for cls in type(value).__mro__:
        rule = table.get(cls)
        if rule is not None:
            return rule
    return None


def describe(value: Any) -> str:
    if isinstance(value, ModuleType):
        return f"module {value.__name__}"
    if isinstance(value, type):
        return f"class {value.__name__}"
    if isinstance(value, FunctionType | type(len)):
        return f"function {getattr(value, '__name__', value)!s}"
    return f"{type(value).__name__} {value!r}"[:80]
