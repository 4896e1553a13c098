"""Statements: blocks, assignments (plain, annotated, augmented, chained, tuple), stores and deletes through
rules, if, return, break and continue, with the definite-assignment analysis of every path (the names assigned
before a statement; a path that cannot fall through is `Terminated`).

Methods of :class:`~pyoombpf.frontend.builder.FunctionBuilder`, bound in its class body."""

from __future__ import annotations

import ast
import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from pyoombpf.errors import FrontendError
from pyoombpf.frontend import unsupported as U
from pyoombpf.frontend.folding import OP_SYMBOL
from pyoombpf.frontend.tables import ASSIGN_HOOKS, STORE_RULES, rule_for
from pyoombpf.hir import nodes as H
from pyoombpf.plain import Plain
from pyoombpf.types.core import DEFAULT_INT, NONE, VOID, LiteralIntType, NoneType, Type, VoidType, is_integral

if TYPE_CHECKING:
    from pyoombpf.frontend.builder import FunctionBuilder


class Terminated(set[str]):
    """The assigned-set of a path that cannot fall through (after return/break/continue)."""


class LoopCtx(Plain):
    """A loop being built (break/continue need one)."""

    __slots__ = ()


#: how to return several values: the note of every error about tuples as values
RECORD_NOTE = "to return several values, return a @record (`return Stats(n=n, rss=rss)`) and read its fields"


def literal_choice(node: ast.expr) -> bool:
    """``2 if c else 0``, ``-1 if a else 1 if b else 0``: a conditional expression whose results are literals."""
    if isinstance(node, ast.IfExp):
        return literal_choice(node.body) and literal_choice(node.orelse)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        node = node.operand
    return isinstance(node, ast.Constant) and type(node.value) is int


def merged(a: set[str], b: set[str]) -> set[str]:
    if isinstance(a, Terminated):
        return b if not isinstance(b, Terminated) else Terminated()
    if isinstance(b, Terminated):
        return a
    return a & b


def block(self: FunctionBuilder, stmts: list[ast.stmt]) -> list[H.Stmt]:
    out: list[H.Stmt] = []
    program = self.program
    for s in stmts:
        if isinstance(self.assigned, Terminated):
            break  # unreachable code after return/break/continue: Python never runs it either
        saved, self.pending = self.pending, []
        enclosing, program.current = program.current, (self.sf, s)
        r = self.visit(s)
        program.current = enclosing
        out.extend(self.pending)  # temporaries the statement needs, evaluated just before it
        self.pending = saved
        if isinstance(r, list):
            out.extend(r)
        elif r is not None:
            out.append(r)
    return out


def loop_body(self: FunctionBuilder, stmts: list[ast.stmt]) -> list[H.Stmt]:
    """The body of a loop (``break``/``continue`` allowed in it)."""
    self.loops.append(LoopCtx())
    try:
        return self.block(stmts)
    finally:
        self.loops.pop()


@contextlib.contextmanager
def conditionally(self: FunctionBuilder, really: bool = True) -> Iterator[None]:
    """Type what is inside as an operand that Python evaluates only under a condition."""
    self.conditional += really
    try:
        yield
    finally:
        self.conditional -= really


def hoist(self: FunctionBuilder, value: H.Expr, node: ast.AST, stem: str = "tmp") -> H.Expr:
    """Evaluate ``value`` into a hidden local just before the current statement; return a load of it.
    Used for values that must live in a variable (owned kernel references)."""
    if self.in_loop_test:
        raise self.error(node, "this value needs a variable here: assign it on its own line first")
    var = H.Var(f"__{stem}{len(self.vars)}", value.type, value.loc)
    self.vars[var.name] = var
    self.pending.append(H.Assign(value.loc, [var], [value]))
    self.assigned.add(var.name)
    return H.Load(var.type, value.loc, var)


def visit_Pass(self: FunctionBuilder, node: ast.Pass) -> None:
    return None


def visit_Expr(self: FunctionBuilder, node: ast.Expr) -> H.Stmt | None:
    if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
        return None  # docstring or bare string: no effect
    value = self.expr(node.value)
    return H.ExprStmt(self.loc(node), value)


def visit_Assign(self: FunctionBuilder, node: ast.Assign) -> H.Stmt | list[H.Stmt]:
    if len(node.targets) != 1:
        return _chained_assign(self, node)
    target = node.targets[0]
    if isinstance(target, ast.Tuple):
        return _tuple_assign(self, node, target)
    if isinstance(target, ast.Subscript):
        return _store(self, node, target, self.expr(node.value), "")
    if isinstance(target, ast.Attribute):
        raise self.error(
            target,
            "fields cannot be assigned: kernel objects are read-only and records are immutable "
            "(build a new record instead)",
            cls=FrontendError,
        )
    if not isinstance(target, ast.Name):
        raise self.unsupported(target)
    known = self.vars.get(target.id)
    value = self.expr(node.value, known.type if known else self.hints.get(target.id))
    var, value = self.bind(target, value, None)
    if known is None and var.type == DEFAULT_INT and target.id not in self.hints and literal_choice(node.value):
        self.from_choice.add(target.id)
    return H.Assign(self.loc(node), [var], [value])


def _chained_assign(self: FunctionBuilder, node: ast.Assign) -> list[H.Stmt]:
    """``a = b = 0``: the value is evaluated once and given to each name, left to right (as in Python); the
    names after the first read the first (a constant is written again: each name types like a literal)."""
    first, rest = node.targets[0], node.targets[1:]
    if not all(isinstance(t, ast.Name) for t in node.targets):
        raise self.error(
            node,
            "chained assignment `a = b = c` works on plain names only; assign one at a time",
            cls=FrontendError,
        )
    assert isinstance(first, ast.Name)
    head = self.visit(ast.copy_location(ast.Assign([first], node.value), node))
    var = self.vars[first.id]
    if not is_integral(var.type):
        raise self.error(
            node,
            f"chained assignment `a = b = c` works on integers and bool only, not {var.type}; assign one at a time",
            cls=FrontendError,
        )
    constant = isinstance(head, H.Assign) and isinstance(head.values[0], H.Const)
    out = [head]
    for t in rest:
        source = node.value if constant else ast.copy_location(ast.Name(first.id, ast.Load()), t)
        out.append(self.visit(ast.copy_location(ast.Assign([t], source), node)))
    return out


def visit_AnnAssign(self: FunctionBuilder, node: ast.AnnAssign) -> H.Stmt | None:
    if not isinstance(node.target, ast.Name):
        raise self.error(node.target, "annotated assignment needs a plain name", cls=FrontendError)
    t = self.annotation(node.annotation)
    name = node.target.id
    if name in self.vars and self.vars[name].type != t:
        raise self.error(node, f"{name!r} is already a {self.vars[name].type}; it cannot be redeclared as {t}")
    if node.value is None:
        self.vars.setdefault(name, H.Var(name, t, self.loc(node.target)))
        return None
    value = self.expr(node.value, t)
    var, value = self.bind(node.target, value, t)
    return H.Assign(self.loc(node), [var], [value])


def _tuple_assign(self: FunctionBuilder, node: ast.Assign, target: ast.Tuple) -> H.Stmt:
    if isinstance(node.value, ast.Call):
        self.expr(node.value)  # a call BPF code cannot make at all (divmod()) says so first
        raise self.error(
            node,
            "a call returns one value, which cannot be unpacked into several names",
            RECORD_NOTE,
            cls=FrontendError,
        )
    if not isinstance(node.value, ast.Tuple) or len(node.value.elts) != len(target.elts):
        raise self.error(
            node,
            "tuple assignment needs a tuple of the same length on the right, e.g. `a, b = b, a`",
            cls=FrontendError,
        )
    values = [self.expr(e) for e in node.value.elts]
    vars_: list[H.Var] = []
    out_values: list[H.Expr] = []
    for t, v in zip(target.elts, values, strict=True):
        if not isinstance(t, ast.Name):
            raise self.error(t, "tuple assignment targets must be plain names", cls=FrontendError)
        var, cv = self.bind(t, v, None)
        vars_.append(var)
        out_values.append(cv)
    return H.Assign(self.loc(node), vars_, out_values)


def bind(self: FunctionBuilder, target: ast.Name, value: H.Expr, declared: Type | None) -> tuple[H.Var, H.Expr]:
    """Assign ``value`` to the local ``target`` (creating it on first assignment)."""
    name = target.id
    var = self.vars.get(name)
    if var is not None and name in self.param_names and getattr(var.type, "owned", False):
        raise self.error(
            target,
            f"the parameter {name!r} ({var.type}) cannot be reassigned",
            "the caller owns it; assign to a new local variable instead",
        )
    if var is None:
        t = declared or self.hints.get(name)
        if t is None and isinstance(value.type, NoneType):
            if not self.probe:
                raise self.error(
                    target,
                    f"cannot tell the type of {name!r} from None",
                    f"annotate it, e.g. `{name}: MemCgroup = None`, or assign a value first",
                )
            t = NONE
        t = t or self.materialized_type(value, target)
        if isinstance(t, VoidType):
            raise self.error(target, f"cannot assign the result of a call returning None to {name!r}")
        var = H.Var(name, t, self.loc(target))
        self.vars[name] = var
        literal = isinstance(value.type, LiteralIntType | NoneType) or value in self.selects
        if literal and declared is None and name not in self.hints:
            self.from_literal.add(name)
    elif (
        self.probe
        and name in self.from_literal
        and not isinstance(value.type, LiteralIntType | NoneType)
        and value not in self.selects
        and name not in self.new_hints
        and value.type != var.type
    ):
        self.new_hints[name] = value.type
    if self.probe and isinstance(var.type, NoneType):
        self.assigned.add(name)
        return var, value
    value = self.coerce(value, var.type, target, f"assignment to {name!r}")
    hook = rule_for(ASSIGN_HOOKS, var.type)
    if hook is not None:
        value = hook(self, value)
    self.assigned.add(name)
    return var, value


def visit_AugAssign(self: FunctionBuilder, node: ast.AugAssign) -> H.Stmt | list[H.Stmt]:
    if isinstance(node.op, ast.Pow):  # the target is a variable: never a constant
        raise self.error(node, U.POW_RUNTIME, cls=FrontendError)
    op = self.binop_name(node.op, node)
    if isinstance(node.target, ast.Subscript):
        return _store(self, node, node.target, self.expr(node.value), op)
    if not isinstance(node.target, ast.Name):
        raise self.unsupported(node.target)
    name = node.target.id
    current = self.load_name(node.target)
    rhs = self.expr(node.value, current.type)
    result = self.make_binop(op, current, rhs, node)
    var = self.vars[name]
    result = self.coerce(result, var.type, node, f"`{name} {OP_SYMBOL[op]}= …`")
    return H.Assign(self.loc(node), [var], [result])


def _store(
    self: FunctionBuilder, node: ast.AST, target: ast.Subscript, value: H.Expr | None, op: str
) -> H.Stmt | list[H.Stmt]:
    st = self.static(target.value)
    rule = rule_for(STORE_RULES, st.value) if st is not None else None
    if rule is None or st is None:
        raise self.error(target, "only map entries can be assigned by subscript (m[key] = value)")
    return rule(self, node, st.value, target, value, op)


def visit_Delete(self: FunctionBuilder, node: ast.Delete) -> list[H.Stmt]:
    out: list[H.Stmt] = []
    for t in node.targets:
        if not isinstance(t, ast.Subscript):
            raise self.unsupported(node)
        r = _store(self, node, t, None, "del")
        out.extend(r if isinstance(r, list) else [r])
    return out


def visit_If(self: FunctionBuilder, node: ast.If) -> H.Stmt:
    test = self.condition(node.test)
    before = set(self.assigned)
    body = self.block(node.body)
    after_body = self.assigned
    self.assigned = set(before)
    orelse = self.block(node.orelse)
    self.assigned = merged(after_body, self.assigned)
    return H.If(self.loc(node), test, body, orelse)


def visit_Break(self: FunctionBuilder, node: ast.Break) -> H.Stmt:
    if not self.loops:
        raise self.error(node, "`break` outside a loop", cls=FrontendError)
    self.assigned = Terminated()
    return H.Break(self.loc(node))


def visit_Continue(self: FunctionBuilder, node: ast.Continue) -> H.Stmt:
    if not self.loops:
        raise self.error(node, "`continue` outside a loop", cls=FrontendError)
    self.assigned = Terminated()
    return H.Continue(self.loc(node))


def visit_Return(self: FunctionBuilder, node: ast.Return) -> H.Stmt:
    value = None
    if node.value is not None and not (isinstance(node.value, ast.Constant) and node.value.value is None):
        value = self.expr(node.value, self.return_type)
        if self.return_type is None:
            self.return_type = self.materialized_type(value, node.value)
            self.return_loc = self.loc(node.value)
        if isinstance(self.return_type, VoidType):
            raise self.error(node.value, "this function is declared to return None but returns a value")
        value = self.coerce(value, self.return_type, node.value, "the return value")
        if getattr(self.return_type, "returnable", True) is False:
            raise self.error(
                node.value,
                f"a {self.return_type} cannot be returned yet: its reference is released when the function ends",
                "return its id (e.g. memcg.id) or keep the work in the calling function",
            )
    else:
        if self.return_type is None:
            self.return_type = VOID
        elif not isinstance(self.return_type, VoidType):
            raise self.error(node, f"this function returns {self.return_type}: `return` needs a value")
    self.assigned = Terminated()
    return H.Return(self.loc(node), value)
