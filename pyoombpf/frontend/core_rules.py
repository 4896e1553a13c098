"""Typing rules for the core callables: integer casts, ``bool()``, and calls to other module functions."""

from __future__ import annotations

import ast
import copy
import functools
import os
from types import FunctionType
from typing import Any

from pyoombpf.dsl.maps import MapDecl
from pyoombpf.dsl.scalars import Scalar
from pyoombpf.errors import FrontendError
from pyoombpf.frontend import selects as S
from pyoombpf.frontend.builder import FunctionBuilder
from pyoombpf.frontend.loops import Substitute
from pyoombpf.frontend.tables import (
    ANNOTATION_RULES,
    CALL_RULES,
    SUBSCRIPT_RULES,
    describe,
)
from pyoombpf.hir import nodes as H
from pyoombpf.types.core import (
    BOOL,
    DEFAULT_INT,
    LITERAL,
    BoolType,
    IntType,
    LiteralIntType,
    PromotionError,
    Type,
    common_int_type,
    is_integral,
    show_int,
)


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
    foreign = _not_bpf_code(fn)
    if foreign is not None:
        raise fb.error(node.func, f"{fn.__name__}() is {foreign} and cannot be called in BPF code")
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


def _not_bpf_code(fn: FunctionType) -> str | None:
    """What ``fn`` is when it cannot be a function of the program: pyoombpf's own Python API (its policy library
    excepted: those helpers are BPF code) or Python's standard library; its errors would be located there."""
    module = getattr(fn, "__module__", None) or ""
    if module.partition(".")[0] == "pyoombpf" and not module.startswith("pyoombpf.policies"):
        return f"part of pyoombpf's Python API ({module})"
    if _in_stdlib(fn.__code__.co_filename):
        return f"a function of Python's standard library ({module})"
    return None


@functools.lru_cache(maxsize=1024)  # bounded: a long-running process may compile from ever new file names
def _in_stdlib(filename: str) -> bool:
    """Whether ``filename`` is a module of Python's standard library: below the directory of ``os.py``, outside
    any site-packages (a virtualenv may live below it).  Once per file; no sysconfig (~3 ms of every compile of a
    policy that calls a helper)."""
    path = os.path.realpath(filename)
    return path.startswith(_STDLIB) and "-packages" + os.sep not in path


_STDLIB = os.path.join(os.path.dirname(os.path.realpath(os.__file__)), "")


def _uncallable(fb: FunctionBuilder, node: ast.Call, v: Any) -> H.Expr:
    declared = isinstance(v, type) and issubclass(v, MapDecl)
    notes = ("maps are declared at module level (m = HashMap(...)) and used by name in BPF code",) if declared else ()
    raise fb.error(node.func, f"{getattr(v, '__name__', v)}() cannot be called in BPF code", *notes)


#: the comparison that makes a later argument replace the result so far (Python keeps the first of equals)
_MINMAX_OPS = {min: "lt", max: "gt"}


def _once(fb: FunctionBuilder, value: H.Expr, node: ast.expr, name: str) -> H.Expr:
    """``value`` as something that may be read twice: a constant or a local as it is, anything else in a hidden
    local evaluated just before the statement (where Python evaluates it unconditionally)."""
    if isinstance(value, H.Const | H.Load):
        return value
    if fb.conditional:
        raise fb.error(
            node,
            f"this argument of {name}() needs a variable here: Python evaluates it only under a condition",
            f"assign it on its own line first (x = ...), then call {name}(x, ...)",
        )
    return fb.hoist(value, node, name)


def _int_args(fb: FunctionBuilder, node: ast.Call, name: str) -> tuple[list[H.Expr], Type]:
    args = [fb.expr(a, fb.expect) for a in node.args]
    t: Type | None = None
    for a, n in zip(args, node.args, strict=True):
        if not is_integral(a.type):
            raise fb.error(n, f"{name}() compares integers, not {a.type}")
        try:
            t = a.type if t is None else common_int_type(t, a.type)
        except PromotionError as e:
            raise fb.error(n, str(e)) from None
    assert t is not None
    if isinstance(t, LiteralIntType | BoolType) and len(args) > 1:
        t = fb.expect if isinstance(fb.expect, IntType) else DEFAULT_INT
    return [fb.coerce(a, t, n, f"an argument of {name}()") for a, n in zip(args, node.args, strict=True)], t


def minmax_rule(fb: FunctionBuilder, node: ast.Call, fn: Any) -> H.Expr:
    """``min(a, b, …)`` / ``max(a, b, …)`` of integers: each argument evaluated once, left to right."""
    name = fn.__name__
    _no_keywords(fb, node, f"{name}()")
    values = fb.constant_tuple(node.args[0]) if len(node.args) == 1 else None
    if values is not None:
        return H.Const(LITERAL, fb.loc(node), fn(_int_elements(fb, node, values, name)))
    if len(node.args) < 2:
        raise fb.error(
            node, f"{name}() takes two or more integers in BPF code, e.g. {name}(a, b)", "there are no sequences"
        )
    args, t = _int_args(fb, node, name)
    loc = fb.loc(node)
    if all(isinstance(a, H.Const) for a in args):
        pick = min if name == "min" else max
        return H.Const(t, loc, pick(a.value for a in args))  # type: ignore[attr-defined]
    result = _once(fb, args[0], node.args[0], name)
    for a, n in zip(args[1:], node.args[1:], strict=True):
        a = _once(fb, a, n, name)
        result = H.IfExp(t, loc, H.Compare(BOOL, loc, [_MINMAX_OPS[fn]], [a, result]), a, result)
        if n is not node.args[-1]:
            result = _once(fb, result, node, name)
    return result


def abs_rule(fb: FunctionBuilder, node: ast.Call, fn: Any) -> H.Expr:
    """``abs(x)``: ``-x`` for a negative ``x`` (wrapping like ``-x``: ``abs(i8(-128))`` is -128)."""
    _no_keywords(fb, node, "abs()")
    if len(node.args) != 1:
        raise fb.error(node, "abs() takes exactly one argument")
    (arg,), t = _int_args(fb, node, "abs")
    if not (isinstance(t, IntType) and t.signed) or isinstance(arg, H.Const):
        if isinstance(arg, H.Const):
            return H.Const(t, arg.loc, t.wrap(abs(arg.value)) if isinstance(t, IntType) else abs(arg.value))
        return arg
    x = _once(fb, arg, node.args[0], "abs")
    loc = fb.loc(node)
    neg = H.Compare(BOOL, loc, ["lt"], [x, H.Const(t, loc, 0)])
    return H.IfExp(t, loc, neg, H.UnaryOp(t, loc, "neg", x), x)


def any_all_rule(fb: FunctionBuilder, node: ast.Call, fn: Any) -> H.Expr:
    """``any(m.name_startswith(p) for p in PREFIXES)`` over a tuple of constants: an ``or`` (``and`` for
    ``all``) of one copy of the test per element, short-circuit as in Python."""
    name = fn.__name__
    gen = node.args[0] if len(node.args) == 1 and not node.keywords else None
    comp = gen.generators[0] if isinstance(gen, ast.GeneratorExp) and len(gen.generators) == 1 else None
    values = fb.loop_constants(comp.iter) if comp is not None and isinstance(comp.target, ast.Name) else None
    if isinstance(gen, ast.GeneratorExp) and comp is not None and values is None and _is_walk(comp.iter):
        return _any_all_walk(fb, node, gen, comp, name)
    if gen is None or comp is None or values is None or comp.is_async:
        raise fb.error(
            node,
            f"{name}() takes a generator over a tuple of constants in BPF code, e.g. "
            f"{name}(m.name_startswith(p) for p in PREFIXES)",
            "there are no sequences; for other loops, use a for loop and a flag",
        )
    assert isinstance(gen, ast.GeneratorExp) and isinstance(comp.target, ast.Name)
    tests = []
    for i, v in enumerate(values):
        sub = Substitute(comp.target.id, v)
        test: ast.expr = sub.visit(copy.deepcopy(gen.elt))
        if comp.ifs:  # the element counts only where the ifs hold: any: cond and test; all: not cond or test
            conds = [sub.visit(copy.deepcopy(c)) for c in comp.ifs]
            cond = conds[0] if len(conds) == 1 else ast.copy_location(ast.BoolOp(ast.And(), conds), gen)
            if name == "all":
                cond = ast.copy_location(ast.UnaryOp(ast.Not(), cond), gen)
            test = ast.copy_location(ast.BoolOp(ast.And() if name == "any" else ast.Or(), [cond, test]), gen)
        with fb.conditionally(i > 0):
            tests.append(fb.condition(test))
    if not tests:
        return H.Const(BOOL, fb.loc(node), int(name == "all"))
    return tests[0] if len(tests) == 1 else H.BoolOp(BOOL, fb.loc(node), "or" if name == "any" else "and", tests)


def _is_walk(it: ast.expr) -> bool:
    return isinstance(it, ast.Call) and isinstance(it.func, ast.Attribute) and it.func.attr in ("tasks", "descendants")


class _Rename(ast.NodeTransformer):
    def __init__(self, old: str, new: str) -> None:
        self.old, self.new = old, new

    def visit_Name(self, node: ast.Name) -> ast.AST:
        return ast.copy_location(ast.Name(self.new, node.ctx), node) if node.id == self.old else node


def _any_all_walk(
    fb: FunctionBuilder, node: ast.Call, gen: ast.GeneratorExp, comp: ast.comprehension, name: str
) -> H.Expr:
    """``any(t.oom_score_adj == -1000 for t in m.tasks())``: a flag set by a walk just before the statement (what
    ruff suggests for the loop a policy writes by hand), ``break`` at the first element that decides."""
    if fb.conditional or fb.in_loop_test or not isinstance(comp.target, ast.Name):
        raise fb.error(
            node,
            f"this {name}() over a kernel walk needs a variable here: Python evaluates it only under a condition",
            f"assign it on its own line first (x = {name}(...)), then use x",
        )
    n = len(fb.vars)
    flag, var = f"__{name}{n}", f"__{name}{n}_{comp.target.id}"
    ren = _Rename(comp.target.id, var)
    test: ast.expr = ren.visit(copy.deepcopy(gen.elt))
    if name == "all":
        test = ast.UnaryOp(ast.Not(), test)
    conds = [ren.visit(copy.deepcopy(c)) for c in comp.ifs]
    if conds:
        test = ast.BoolOp(ast.And(), [*conds, test])
    decided = [ast.Assign([ast.Name(flag, ast.Store())], ast.Constant(name == "any")), ast.Break()]
    stmts: list[ast.stmt] = [
        ast.Assign([ast.Name(flag, ast.Store())], ast.Constant(name == "all")),
        ast.For(ast.Name(var, ast.Store()), comp.iter, [ast.If(test, decided, [])], []),
    ]
    for st in stmts:
        for sub in ast.walk(st):
            if not hasattr(sub, "lineno") or sub is st:
                ast.copy_location(sub, gen)
        r = fb.visit(st)
        fb.pending.extend(r if isinstance(r, list) else [r])
    return fb.expr(ast.copy_location(ast.Name(flag, ast.Load()), node))


def _int_elements(fb: FunctionBuilder, node: ast.Call, values: tuple[Any, ...], name: str) -> tuple[int, ...]:
    for v in values:
        if not isinstance(v, int):
            raise fb.error(node.args[0], f"{name}() of a tuple takes integers; the tuple holds {describe(v)}")
    if not values and name != "sum":
        raise fb.error(node.args[0], f"{name}() of an empty tuple has no value")
    return tuple(int(v) for v in values)


def _tuple_arg(fb: FunctionBuilder, node: ast.Call, name: str) -> tuple[Any, ...]:
    """The one argument of ``len(T)`` / ``sum(T)``: a tuple of constants (there are no run-time sequences)."""
    _no_keywords(fb, node, f"{name}()")
    values = fb.constant_tuple(node.args[0]) if len(node.args) == 1 else None
    if values is None:
        raise fb.error(
            node,
            f"{name}() takes a tuple of constants in BPF code: a tuple literal or a module-level tuple, "
            f"e.g. {name}(LIMITS)",
            "there are no run-time sequences; a sum of run-time values is a for loop (total += x)"
            if name == "sum"
            else "there are no run-time sequences",
        )
    return values


def len_rule(fb: FunctionBuilder, node: ast.Call, fn: Any) -> H.Expr:
    """``len(PREFIXES)``: the length of a tuple of constants, a constant (``for i in range(len(T))``)."""
    return H.Const(LITERAL, fb.loc(node), len(_tuple_arg(fb, node, "len")))


def sum_rule(fb: FunctionBuilder, node: ast.Call, fn: Any) -> H.Expr:
    """``sum(WEIGHTS)``: the sum of a tuple of integer constants, a constant."""
    return H.Const(LITERAL, fb.loc(node), sum(_int_elements(fb, node, _tuple_arg(fb, node, "sum"), "sum")))


def tuple_subscript(fb: FunctionBuilder, node: ast.Subscript, values: tuple[Any, ...] | list[Any]) -> H.Expr:
    """``LIMITS[1]``: an element of a module-level tuple of constants, at a constant index; ``LIMITS[i]`` in a
    ``for i in range(len(LIMITS))`` loop that never assigns ``i``: the element picked by comparing ``i``."""
    index = fb.expr(node.slice)
    bounds = fb.range_bounds.get(index.var.name) if isinstance(index, H.Load) else None
    if bounds is not None and -len(values) <= bounds[0] and bounds[1] < len(values):
        return _select_element(fb, node, values, index, bounds)
    if not (isinstance(index, H.Const) and isinstance(index.type, LiteralIntType)):
        raise fb.error(
            node.slice,
            "a tuple of constants is indexed only by a constant, or by the variable of a loop over its indexes "
            "(for i in range(len(LIMITS)): LIMITS[i]), in BPF code",
            "the index must be in range whatever happens at run time (Python would raise IndexError); "
            "to use every element, loop over the tuple itself: for lim in LIMITS:",
        )
    if not -len(values) <= index.value < len(values):
        raise fb.error(node.slice, f"index {index.value} is out of range for a tuple of {len(values)}")
    return fb.static_value(node, values[index.value])


def _select_element(
    fb: FunctionBuilder,
    node: ast.Subscript,
    values: tuple[Any, ...] | list[Any],
    index: H.Expr,
    bounds: tuple[int, int],
) -> H.Expr:
    """``T[i]`` for ``i`` in ``bounds``: ``T[lo] if i == lo else … else T[hi]`` (``i`` is a local: read as often
    as needed)."""
    picks = [(i, values[i]) for i in range(bounds[0], bounds[1] + 1)]
    for _, v in picks:
        if not isinstance(v, int):
            raise fb.error(
                node,
                f"an element picked at run time must be an integer, not {describe(v)}",
                "strings are usable where a literal is (m.name_startswith(p)) in a loop over the tuple itself: "
                "for p in PREFIXES:",
            )
    ints = [int(v) for _, v in picks]
    t = S.smallest_type(ints, fb.expect if isinstance(fb.expect, IntType) else DEFAULT_INT)
    if t is None:
        raise fb.error(node, f"the constant {show_int(max(ints, key=abs))} does not fit in 64 bits")
    loc = fb.loc(node)
    result: H.Expr = H.Const(t, loc, ints[-1])
    for (i, _), v in zip(reversed(picks[:-1]), reversed(ints[:-1]), strict=True):
        test = H.Compare(BOOL, loc, ["eq"], [index, H.Const(LITERAL, loc, i)])
        result = fb.selects.mark(H.IfExp(t, loc, test, H.Const(t, loc, v), result))
    return result


#: the builtins BPF code can call (by identity: they share one Python type with every other builtin)
BUILTIN_RULES: dict[Any, Any] = {
    min: minmax_rule,
    max: minmax_rule,
    abs: abs_rule,
    any: any_all_rule,
    all: any_all_rule,
    len: len_rule,
    sum: sum_rule,
}

#: what to write instead of a builtin BPF code does not have, where there is something natural
_INSTEAD: dict[Any, str] = {
    divmod: "write q = a // b and r = a % b",
    pow: "write a ** b with constant operands, or multiply; 1 << n is 2**n",
    print: "send a @record to a RingBuf (rb.output(rec)) and print it in user space",
    round: "there are no floats; integer division a // b rounds down",
}


def builtin_rule(fb: FunctionBuilder, node: ast.Call, fn: Any) -> H.Expr:
    rule = BUILTIN_RULES.get(fn)
    if rule is None:
        notes = (_INSTEAD[fn],) if fn in _INSTEAD else ()
        raise fb.error(
            node.func,
            f"{getattr(fn, '__name__', fn)}() cannot be called in BPF code",
            *notes,
            "the builtins BPF code has are range() (in for), bool(), min(), max(), abs(), any(), all(), len() and "
            "sum() (of tuples of constants) and the integer casts",
        )
    return rule(fb, node, fn)


def install() -> None:
    """Casts, ``bool()``, calls of other functions and of classes, integer annotations."""
    CALL_RULES[Scalar] = cast_rule
    CALL_RULES[FunctionType] = function_call_rule
    CALL_RULES[type] = class_call_rule
    CALL_RULES[type(len)] = builtin_rule
    SUBSCRIPT_RULES[tuple] = tuple_subscript
    SUBSCRIPT_RULES[list] = tuple_subscript
    ANNOTATION_RULES[Scalar] = scalar_annotation
