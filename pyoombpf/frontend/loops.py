"""Loops: while, for over range(...), over kernel iterators (through FOR_RULES), and over tuples of constants
(`for p in T`, `enumerate(T)`, `zip(T, U)`), which are unrolled: a counted range loop with one branch per element,
whose copy of the body reads the element as a literal.

Methods of :class:`~pyoombpf.frontend.builder.FunctionBuilder`, bound in its class body."""

from __future__ import annotations

import ast
import copy
from typing import TYPE_CHECKING, Any

from pyoombpf.errors import FrontendError
from pyoombpf.frontend.folding import range_length
from pyoombpf.frontend.statements import LoopCtx
from pyoombpf.frontend.tables import FOR_RULES, describe, rule_for
from pyoombpf.hir import nodes as H
from pyoombpf.types.core import (
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


class Substitute(ast.NodeTransformer):
    """Replace reads of one name by a constant (located at the read)."""

    def __init__(self, name: str, value: Any) -> None:
        self.name, self.value = name, value

    def visit_Name(self, node: ast.Name) -> ast.AST:
        if node.id == self.name and isinstance(node.ctx, ast.Load):
            return ast.copy_location(ast.Constant(self.value), node)
        return node


def call_range(n: int) -> ast.Call:
    return ast.Call(ast.Name("range", ast.Load()), [ast.Constant(n)], [])


def stores_to(body: list[ast.stmt], name: str) -> bool:
    """Whether any statement of ``body`` (nested ones included) binds ``name``."""
    for stmt in body:
        for sub in ast.walk(stmt):
            if isinstance(sub, ast.Name) and sub.id == name and not isinstance(sub.ctx, ast.Load):
                return True
    return False


def visit_While(self: FunctionBuilder, node: ast.While) -> H.Stmt:
    if node.orelse:
        raise self.error(node.orelse[0], "`else` on loops is not supported in BPF code", cls=FrontendError)
    self.in_loop_test = True
    try:
        test = self.condition(node.test)
    finally:
        self.in_loop_test = False
    before = set(self.assigned)
    self.loops.append(LoopCtx())
    body = self.block(node.body)
    self.loops.pop()
    # Even `while True` may end without a break: the loop budget (docs/language.md) ends every loop, so after
    # any loop only what was assigned before it is certain.
    self.assigned = before
    return H.While(self.loc(node), test, body)


def visit_For(self: FunctionBuilder, node: ast.For) -> H.Stmt | list[H.Stmt]:
    if node.orelse:
        raise self.error(node.orelse[0], "`else` on loops is not supported in BPF code", cls=FrontendError)
    if isinstance(node.target, ast.Tuple):
        names, rows = self.paired_constants(node.target, node.iter)
        return _for_constants(self, node, names, rows)
    if not isinstance(node.target, ast.Name):
        raise self.error(node.target, "the loop variable must be a plain name", cls=FrontendError)
    it = node.iter
    if isinstance(it, ast.Call):
        self.no_starred(it)
    st = self.static(it.func) if isinstance(it, ast.Call) else None
    if st is None and isinstance(it, ast.Call) and isinstance(it.func, ast.Attribute):
        base = self.expr(it.func.value)
        rule = rule_for(FOR_RULES, base.type)
        if rule is not None:
            return rule(self, node, base, it)
    constants = self.loop_constants(it)
    if constants is not None:
        return _for_constants(self, node, [node.target.id], [(v,) for v in constants])
    named_range = isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and it.func.id == "range"
    if named_range and (st is None or st.value is not range):  # `range = 5` at module level, or a local
        what = "the local variable 'range'" if st is None else f"the module-level {describe(st.value)}"
        raise self.error(
            it.func,  # type: ignore[attr-defined]
            f"`range` here is {what}, not the builtin range()",
            "rename it: for loops iterate over the builtin range(...)",
            cls=FrontendError,
        )
    if st is None or st.value is not range:
        raise self.error(
            it,
            "for loops iterate over range(...) only",
            "iterate kernel objects with the iterators of pyoombpf (see docs/language.md)",
            cls=FrontendError,
        )
    return _for_range(self, node, it)  # type: ignore[arg-type]


def loop_constants(self: FunctionBuilder, it: ast.expr) -> list[Any] | None:
    """The values of ``for x in ("a", "b")`` or ``for x in NAMES`` (a module-level tuple or list), else None."""
    if isinstance(it, ast.Tuple | ast.List):
        values = []
        for e in it.elts:
            values.append(_loop_constant(self, e))
    else:
        st = self.static(it) if isinstance(it, ast.Name | ast.Attribute) else None
        if st is None or not isinstance(st.value, tuple | list):
            return None
        values = list(st.value)
    for v in values:
        if not isinstance(v, str | int):
            raise self.error(
                it,
                f"a loop over a tuple takes str, int and bool constants, not {describe(v)}",
                "the loop is unrolled at compile time: each element is written into a copy of the body",
            )
    return values


def _loop_constant(self: FunctionBuilder, e: ast.expr) -> Any:
    refusal = "a loop over a tuple takes constants (literals, module constants and sums of them)"
    return self.constant_value(e, refusal, literals=object)  # any literal: the loop names the wrong kinds itself


def paired_constants(self: FunctionBuilder, target: ast.Tuple, it: ast.expr) -> tuple[list[str], list[tuple[Any, ...]]]:
    """``for i, lim in enumerate(LIMITS):``, ``for lim, w in zip(LIMITS, WEIGHTS):`` over tuples of constants:
    the names and the rows of values they take."""
    st = self.static(it.func) if isinstance(it, ast.Call) else None
    fn = st.value if st is not None else None
    strict = _zip_strict(self, it) if fn is zip else False
    args = it.args if isinstance(it, ast.Call) else []
    start = _enumerate_start(self, args[1]) if fn is enumerate and len(args) == 2 else 0
    tuples = [self.constant_tuple(a) for a in (args[:1] if fn is enumerate else args)]
    names = [e.id for e in target.elts if isinstance(e, ast.Name)]
    if fn not in (enumerate, zip) or not tuples or None in tuples or len(names) != len(target.elts):
        raise self.error(
            target,
            "the loop variable must be a plain name",
            "for i, v in enumerate(T) and for a, b in zip(T, U) work over tuples of constants",
            cls=FrontendError,
        )
    if fn is enumerate and (len(args) > 2 or (isinstance(it, ast.Call) and it.keywords)):
        raise self.error(it, "enumerate() takes a tuple of constants and a start", cls=FrontendError)
    rows: list[tuple[Any, ...]] = (
        list(enumerate(tuples[0], start)) if fn is enumerate else list(zip(*tuples, strict=False))  # type: ignore[arg-type]
    )
    if strict and len({len(t) for t in tuples if t is not None}) > 1:
        raise self.error(it, "zip(..., strict=True) of tuples of different lengths (Python raises ValueError)")
    if rows and len(rows[0]) != len(names):
        raise self.error(target, f"each element has {len(rows[0])} values to unpack, not {len(names)}")
    for row in rows:
        for v in row:
            if not isinstance(v, str | int):
                raise self.error(
                    it,
                    f"a loop over a tuple takes str, int and bool constants, not {describe(v)}",
                    "the loop is unrolled at compile time: each element is written into a copy of the body",
                )
    return names, rows


def _zip_strict(self: FunctionBuilder, it: ast.expr) -> bool:
    assert isinstance(it, ast.Call)
    for kw in it.keywords:
        value = self.expr(kw.value) if kw.arg == "strict" else None
        if value is None or not isinstance(value, H.Const) or isinstance(value.type, NoneType):
            raise self.error(kw, "zip() takes tuples of constants and strict=True or strict=False", cls=FrontendError)
        return bool(value.value)
    return False


def _enumerate_start(self: FunctionBuilder, node: ast.expr) -> int:
    start = self.expr(node)
    if not (isinstance(start, H.Const) and isinstance(start.type, LiteralIntType)):
        raise self.error(node, "the start of enumerate() must be an integer constant", cls=FrontendError)
    return int(start.value)


def _for_constants(
    self: FunctionBuilder, node: ast.For, names: list[str], rows: list[tuple[Any, ...]]
) -> list[H.Stmt] | H.Stmt:
    """``for p in ("batch-", "tmp-"):`` is ``for k in range(2):`` with one branch per element, whose copy of the
    body reads the element as a literal (so it can be a string argument: ``m.name_startswith(p)``)."""
    for sub in ast.walk(ast.Module(body=node.body, type_ignores=[])):
        if isinstance(sub, ast.Name) and sub.id in names and not isinstance(sub.ctx, ast.Load):
            raise self.error(sub, f"{sub.id!r} walks a tuple of constants: it cannot be assigned in the loop")
    if not rows:
        return []
    index = f"__const_index{len(self.vars)}"
    branches: list[ast.stmt] = []
    for i in reversed(range(len(rows))):
        body = copy.deepcopy(node.body)
        for name, value in zip(names, rows[i], strict=True):
            body = [Substitute(name, value).visit(b) for b in body]
        test = ast.Compare(ast.Name(index, ast.Load()), [ast.Eq()], [ast.Constant(i)])
        branches = [ast.If(test, body, branches)]
    loop = ast.For(ast.Name(index, ast.Store()), call_range(len(rows)), branches, [])
    for sub in ast.walk(loop):
        if not hasattr(sub, "lineno"):
            ast.copy_location(sub, node.iter if sub in (loop.target, loop.iter) else node)
    return self.visit_For(loop)


def _for_range(self: FunctionBuilder, node: ast.For, call: ast.Call) -> H.Stmt:
    if call.keywords or not 1 <= len(call.args) <= 3:
        raise self.error(call, "range() takes 1 to 3 positional arguments", cls=FrontendError)
    args = [self.expr(a) for a in call.args]
    step = 1
    if len(args) == 3:
        s = args[2]
        if not isinstance(s, H.Const) or not isinstance(s.type, LiteralIntType) or s.value == 0:
            raise self.error(call.args[2], "the step of range() must be a non-zero integer constant")
        step = s.value
    start, stop = (args[0], args[1]) if len(args) >= 2 else (H.Const(LITERAL, args[0].loc, 0), args[0])
    for a, n in zip((start, stop), call.args, strict=False):
        if not is_integral(a.type):
            raise self.error(n, f"range() needs integers, not {a.type}")
    target = node.target
    assert isinstance(target, ast.Name)
    var = self.vars.get(target.id)
    try:
        t = common_int_type(start.type, stop.type)
    except PromotionError as e:
        raise self.error(call, str(e)) from None
    if var is not None:
        vt = var.type
    else:
        vt = self.hints.get(target.id) or (DEFAULT_INT if isinstance(t, LiteralIntType | BoolType) else t)
        var = H.Var(target.id, vt, self.loc(target))
        self.vars[target.id] = var
        if isinstance(t, LiteralIntType) and target.id not in self.hints:
            self.from_literal.add(target.id)
    start = self.coerce(start, vt, call, "range() start")
    stop = self.coerce(stop, vt, call, "range() stop")
    assert isinstance(vt, IntType)
    if not vt.fits(step):
        raise self.error(call.args[2], f"the step {show_int(step)} does not fit the loop variable's type {vt}")
    trip = None
    if isinstance(start, H.Const) and isinstance(stop, H.Const):
        trip = range_length(start.value, stop.value, step)
    before = set(self.assigned)
    self.assigned.add(target.id)
    self.loops.append(LoopCtx())
    outer = self.range_bounds.pop(target.id, None)
    if trip and not stores_to(node.body, target.id):
        values = range(start.value, stop.value, step)  # type: ignore[attr-defined]
        self.range_bounds[target.id] = (min(values[0], values[-1]), max(values[0], values[-1]))
    body = self.block(node.body)
    self.range_bounds.pop(target.id, None)
    if outer is not None:
        self.range_bounds[target.id] = outer
    self.loops.pop()
    self.assigned = before
    return H.ForRange(self.loc(node), var, start, stop, step, body, trip)
