"""Typed high-level IR: the program after name resolution and typing, before any backend.

Every node carries the :class:`~pyoombpf.errors.Loc` of the Python source it came from and (for expressions) its
semantic :class:`~pyoombpf.types.core.Type`.  Two backends consume it: ``lowering`` (LLVM → BPF) and ``pyexec``
(the same semantics executed as Python).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pyoombpf.errors import Loc
from pyoombpf.hir.intrinsics import IntrinsicDef
from pyoombpf.types.core import Type


@dataclass(eq=False, slots=True)
class Var:
    """A local variable (or parameter).  Identity matters: two ``Var`` with one name in two functions differ."""

    name: str
    type: Type
    loc: Loc


# --------------------------------------------------------------------------------------------- expressions


@dataclass(eq=False, slots=True)
class Expr:
    type: Type
    loc: Loc


@dataclass(eq=False, slots=True)
class Const(Expr):
    value: int


@dataclass(eq=False, slots=True)
class Load(Expr):
    var: Var


@dataclass(eq=False, slots=True)
class Convert(Expr):
    """Value conversion to ``type`` (wrapping for explicit casts; lossless for implicit ones)."""

    value: Expr


@dataclass(eq=False, slots=True)
class BinOp(Expr):
    op: str  # add sub mul floordiv mod lshift rshift bitand bitor bitxor
    left: Expr
    right: Expr


@dataclass(eq=False, slots=True)
class UnaryOp(Expr):
    op: str  # neg invert not pos
    operand: Expr


@dataclass(eq=False, slots=True)
class Compare(Expr):
    """``operands[0] ops[0] operands[1] ops[1] operands[2] …``; each middle operand is evaluated once."""

    ops: list[str]  # eq ne lt le gt ge
    operands: list[Expr]


@dataclass(eq=False, slots=True)
class Truth(Expr):
    """The truth value (``bool``) of an integer or pointer."""

    value: Expr


@dataclass(eq=False, slots=True)
class BoolOp(Expr):
    """``and`` / ``or`` with short-circuit and Python's value semantics (the result is an operand)."""

    op: str  # and or
    values: list[Expr]


@dataclass(eq=False, slots=True)
class IfExp(Expr):
    test: Expr
    body: Expr
    orelse: Expr


@dataclass(eq=False, slots=True)
class Call(Expr):
    """Call of another function of the program."""

    func: Function
    args: list[Expr]


@dataclass(eq=False, slots=True)
class Intrinsic(Expr):
    """A built-in (kfunc, map operation, policy query …): ``op`` is its descriptor (:mod:`pyoombpf.hir.intrinsics`),
    which every target's table implements; ``data`` is static information of this use (the map, the kfunc's
    signature, a counter's name and value …)."""

    op: IntrinsicDef
    args: list[Expr]
    data: Any = None


def children(e: Expr) -> list[Expr]:
    """The expressions directly inside ``e``, in evaluation order (none for constants and loads)."""
    if isinstance(e, BinOp):
        return [e.left, e.right]
    if isinstance(e, UnaryOp):
        return [e.operand]
    if isinstance(e, Convert | Truth):
        return [e.value]
    if isinstance(e, Compare):
        return list(e.operands)
    if isinstance(e, BoolOp):
        return list(e.values)
    if isinstance(e, IfExp):
        return [e.test, e.body, e.orelse]
    if isinstance(e, Call | Intrinsic):
        return list(e.args)
    return []


def subexprs(root: Expr) -> Iterator[Expr]:
    """``root`` and every expression inside it."""
    stack = [root]
    while stack:
        e = stack.pop()
        yield e
        stack.extend(children(e))


# --------------------------------------------------------------------------------------------- statements


@dataclass(eq=False, slots=True)
class Stmt:
    loc: Loc


@dataclass(eq=False, slots=True)
class Assign(Stmt):
    targets: list[Var]
    values: list[Expr]  # all evaluated before any target is written (tuple assignment)


@dataclass(eq=False, slots=True)
class ExprStmt(Stmt):
    value: Expr


@dataclass(eq=False, slots=True)
class If(Stmt):
    test: Expr
    body: list[Stmt]
    orelse: list[Stmt]


@dataclass(eq=False, slots=True)
class While(Stmt):
    test: Expr
    body: list[Stmt]
    #: iterations of a counted ``while`` (a small constant bound, ``hir/counted.py``) or None
    trip_count: int | None = None


@dataclass(eq=False, slots=True)
class ForRange(Stmt):
    var: Var
    start: Expr
    stop: Expr
    step: int
    body: list[Stmt]
    #: statically known trip count (constant bounds) or None
    trip_count: int | None = None


@dataclass(eq=False, slots=True)
class ForIter(Stmt):
    """``for var in <kernel iterator>``: ``op`` is the iterator's descriptor (``memcg.descendants`` …), ``source``
    the object iterated (the memcg whose descendants are walked), ``data`` the use's options (post order)."""

    var: Var
    op: IntrinsicDef
    source: Expr
    body: list[Stmt]
    data: Any = None


@dataclass(eq=False, slots=True)
class Break(Stmt):
    pass


@dataclass(eq=False, slots=True)
class Continue(Stmt):
    pass


@dataclass(eq=False, slots=True)
class Return(Stmt):
    value: Expr | None


# --------------------------------------------------------------------------------------------- functions


@dataclass(eq=False, slots=True)
class Function:
    name: str
    qualname: str
    params: list[Var]
    return_type: Type
    body: list[Stmt] = field(default_factory=list)
    locals: list[Var] = field(default_factory=list)
    loc: Loc | None = None
    filename: str = ""
    #: set on the entry point(s) only
    is_entry: bool = False


@dataclass(eq=False, slots=True)
class Program:
    """Everything one compile produces: the entry function, its callees, and the module-level objects used."""

    entry: Function
    functions: list[Function]  # entry first, then callees in discovery order
    globals: dict[str, Any] = field(default_factory=dict)


def blocks(s: Stmt) -> list[list[Stmt]]:
    """The statement lists directly inside ``s`` (an ``if``'s two branches, a loop's body)."""
    if isinstance(s, If):
        return [s.body, s.orelse]
    if isinstance(s, While | ForRange | ForIter):
        return [s.body]
    return []


def walk_stmts(body: list[Stmt]) -> Iterator[Stmt]:
    """Every statement of ``body`` and of the blocks inside them, outermost first."""
    for s in body:
        yield s
        for block in blocks(s):
            yield from walk_stmts(block)
