"""Typed high-level IR: the program after name resolution and typing, before any backend.

Every node carries the :class:`~pyoombpf.errors.Loc` of the Python source it came from and (for expressions) its
semantic :class:`~pyoombpf.types.core.Type`.  Two backends consume it: ``lowering`` (LLVM → BPF) and ``pyexec``
(the same semantics executed as Python).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pyoombpf.errors import Loc
from pyoombpf.hir.intrinsics import IntrinsicDef
from pyoombpf.plain import Plain
from pyoombpf.types.core import Type


class _Node(Plain):
    """Base of the nodes: mutable, equal only to itself and hashed by identity (passes key dicts and sets on nodes),
    shown by the fields ``_fields`` lists, in ``__init__``'s order.

    The nodes were ``@dataclass(eq=False, slots=True)``: dataclasses compiled each class's ``__init__`` and
    ``__repr__`` from source, ~8 ms of every compile's start-up for these ~25 classes (``python -X importtime``).
    Now each class lists its slots (the same fields in the same order, which :mod:`pyoombpf.hir.canonical`
    prints) and writes its ``__init__``."""

    __slots__ = ()
    __eq__ = object.__eq__
    __hash__ = object.__hash__  # type: ignore[assignment]


class Var(_Node):
    """A local variable (or parameter).  Identity matters: two ``Var`` with one name in two functions differ."""

    __slots__ = _fields = ("name", "type", "loc")
    name: str
    type: Type
    loc: Loc

    def __init__(self, name: str, type: Type, loc: Loc) -> None:
        self.name = name
        self.type = type
        self.loc = loc


# --------------------------------------------------------------------------------------------- expressions


class Expr(_Node):
    __slots__ = ("type", "loc")
    _fields: tuple[str, ...] = ("type", "loc")
    type: Type
    loc: Loc

    def __init__(self, type: Type, loc: Loc) -> None:
        self.type = type
        self.loc = loc


class Const(Expr):
    __slots__ = ("value",)
    _fields = ("type", "loc", "value")
    value: int

    def __init__(self, type: Type, loc: Loc, value: int) -> None:
        self.type = type
        self.loc = loc
        self.value = value


class Load(Expr):
    __slots__ = ("var",)
    _fields = ("type", "loc", "var")
    var: Var

    def __init__(self, type: Type, loc: Loc, var: Var) -> None:
        self.type = type
        self.loc = loc
        self.var = var


class Convert(Expr):
    """Value conversion to ``type`` (wrapping for explicit casts; lossless for implicit ones)."""

    __slots__ = ("value",)
    _fields = ("type", "loc", "value")
    value: Expr

    def __init__(self, type: Type, loc: Loc, value: Expr) -> None:
        self.type = type
        self.loc = loc
        self.value = value


class BinOp(Expr):
    __slots__ = ("op", "left", "right")
    _fields = ("type", "loc", "op", "left", "right")
    op: str  # add sub mul floordiv mod lshift rshift bitand bitor bitxor
    left: Expr
    right: Expr

    def __init__(self, type: Type, loc: Loc, op: str, left: Expr, right: Expr) -> None:
        self.type = type
        self.loc = loc
        self.op = op
        self.left = left
        self.right = right


class UnaryOp(Expr):
    __slots__ = ("op", "operand")
    _fields = ("type", "loc", "op", "operand")
    op: str  # neg invert not pos
    operand: Expr

    def __init__(self, type: Type, loc: Loc, op: str, operand: Expr) -> None:
        self.type = type
        self.loc = loc
        self.op = op
        self.operand = operand


class Compare(Expr):
    """``operands[0] ops[0] operands[1] ops[1] operands[2] …``; each middle operand is evaluated once."""

    __slots__ = ("ops", "operands")
    _fields = ("type", "loc", "ops", "operands")
    ops: list[str]  # eq ne lt le gt ge
    operands: list[Expr]

    def __init__(self, type: Type, loc: Loc, ops: list[str], operands: list[Expr]) -> None:
        self.type = type
        self.loc = loc
        self.ops = ops
        self.operands = operands


class Truth(Expr):
    """The truth value (``bool``) of an integer or pointer."""

    __slots__ = ("value",)
    _fields = ("type", "loc", "value")
    value: Expr

    def __init__(self, type: Type, loc: Loc, value: Expr) -> None:
        self.type = type
        self.loc = loc
        self.value = value


class BoolOp(Expr):
    """``and`` / ``or`` with short-circuit and Python's value semantics (the result is an operand)."""

    __slots__ = ("op", "values")
    _fields = ("type", "loc", "op", "values")
    op: str  # and or
    values: list[Expr]

    def __init__(self, type: Type, loc: Loc, op: str, values: list[Expr]) -> None:
        self.type = type
        self.loc = loc
        self.op = op
        self.values = values


class IfExp(Expr):
    __slots__ = ("test", "body", "orelse")
    _fields = ("type", "loc", "test", "body", "orelse")
    test: Expr
    body: Expr
    orelse: Expr

    def __init__(self, type: Type, loc: Loc, test: Expr, body: Expr, orelse: Expr) -> None:
        self.type = type
        self.loc = loc
        self.test = test
        self.body = body
        self.orelse = orelse


class Call(Expr):
    """Call of another function of the program."""

    __slots__ = ("func", "args")
    _fields = ("type", "loc", "func", "args")
    func: Function
    args: list[Expr]

    def __init__(self, type: Type, loc: Loc, func: Function, args: list[Expr]) -> None:
        self.type = type
        self.loc = loc
        self.func = func
        self.args = args


class Intrinsic(Expr):
    """A built-in (kfunc, map operation, policy query …): ``op`` is its descriptor (:mod:`pyoombpf.hir.intrinsics`),
    which every target's table implements; ``data`` is static information of this use (the map, the kfunc's
    signature, a counter's name and value …)."""

    __slots__ = ("op", "args", "data")
    _fields = ("type", "loc", "op", "args", "data")
    op: IntrinsicDef
    args: list[Expr]
    data: Any

    def __init__(self, type: Type, loc: Loc, op: IntrinsicDef, args: list[Expr], data: Any = None) -> None:
        self.type = type
        self.loc = loc
        self.op = op
        self.args = args
        self.data = data


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


class Stmt(_Node):
    __slots__ = ("loc",)
    _fields: tuple[str, ...] = ("loc",)
    loc: Loc

    def __init__(self, loc: Loc) -> None:
        self.loc = loc


class Assign(Stmt):
    __slots__ = ("targets", "values")
    _fields = ("loc", "targets", "values")
    targets: list[Var]
    values: list[Expr]  # all evaluated before any target is written (tuple assignment)

    def __init__(self, loc: Loc, targets: list[Var], values: list[Expr]) -> None:
        self.loc = loc
        self.targets = targets
        self.values = values


class ExprStmt(Stmt):
    __slots__ = ("value",)
    _fields = ("loc", "value")
    value: Expr

    def __init__(self, loc: Loc, value: Expr) -> None:
        self.loc = loc
        self.value = value


class If(Stmt):
    __slots__ = ("test", "body", "orelse")
    _fields = ("loc", "test", "body", "orelse")
    test: Expr
    body: list[Stmt]
    orelse: list[Stmt]

    def __init__(self, loc: Loc, test: Expr, body: list[Stmt], orelse: list[Stmt]) -> None:
        self.loc = loc
        self.test = test
        self.body = body
        self.orelse = orelse


class While(Stmt):
    __slots__ = ("test", "body", "trip_count")
    _fields = ("loc", "test", "body", "trip_count")
    test: Expr
    body: list[Stmt]
    #: iterations of a counted ``while`` (a small constant bound, ``hir/counted.py``) or None
    trip_count: int | None

    def __init__(self, loc: Loc, test: Expr, body: list[Stmt], trip_count: int | None = None) -> None:
        self.loc = loc
        self.test = test
        self.body = body
        self.trip_count = trip_count


class ForRange(Stmt):
    __slots__ = ("var", "start", "stop", "step", "body", "trip_count")
    _fields = ("loc", "var", "start", "stop", "step", "body", "trip_count")
    var: Var
    start: Expr
    stop: Expr
    step: int
    body: list[Stmt]
    #: statically known trip count (constant bounds) or None
    trip_count: int | None

    def __init__(
        self,
        loc: Loc,
        var: Var,
        start: Expr,
        stop: Expr,
        step: int,
        body: list[Stmt],
        trip_count: int | None = None,
    ) -> None:
        self.loc = loc
        self.var = var
        self.start = start
        self.stop = stop
        self.step = step
        self.body = body
        self.trip_count = trip_count


class ForIter(Stmt):
    """``for var in <kernel iterator>``: ``op`` is the iterator's descriptor (``memcg.descendants`` …), ``source``
    the object iterated (the memcg whose descendants are walked), ``data`` the use's options (post order)."""

    __slots__ = ("var", "op", "source", "body", "data")
    _fields = ("loc", "var", "op", "source", "body", "data")
    var: Var
    op: IntrinsicDef
    source: Expr
    body: list[Stmt]
    data: Any

    def __init__(self, loc: Loc, var: Var, op: IntrinsicDef, source: Expr, body: list[Stmt], data: Any = None) -> None:
        self.loc = loc
        self.var = var
        self.op = op
        self.source = source
        self.body = body
        self.data = data


class Break(Stmt):
    __slots__ = ()


class Continue(Stmt):
    __slots__ = ()


class Return(Stmt):
    __slots__ = ("value",)
    _fields = ("loc", "value")
    value: Expr | None

    def __init__(self, loc: Loc, value: Expr | None) -> None:
        self.loc = loc
        self.value = value


# --------------------------------------------------------------------------------------------- functions


class Function(_Node):
    __slots__ = _fields = (
        "name",
        "qualname",
        "params",
        "return_type",
        "body",
        "locals",
        "loc",
        "filename",
        "is_entry",
    )
    name: str
    qualname: str
    params: list[Var]
    return_type: Type
    body: list[Stmt]
    locals: list[Var]
    loc: Loc | None
    filename: str
    #: set on the entry point(s) only
    is_entry: bool

    def __init__(
        self,
        name: str,
        qualname: str,
        params: list[Var],
        return_type: Type,
        body: list[Stmt] | None = None,
        locals: list[Var] | None = None,
        loc: Loc | None = None,
        filename: str = "",
        is_entry: bool = False,
    ) -> None:
        self.name = name
        self.qualname = qualname
        self.params = params
        self.return_type = return_type
        self.body = [] if body is None else body
        self.locals = [] if locals is None else locals
        self.loc = loc
        self.filename = filename
        self.is_entry = is_entry


class Program(_Node):
    """Everything one compile produces: the entry function, its callees, and the module-level objects used."""

    __slots__ = _fields = ("entry", "functions", "globals")
    entry: Function
    functions: list[Function]  # entry first, then callees in discovery order
    globals: dict[str, Any]

    def __init__(self, entry: Function, functions: list[Function], globals: dict[str, Any] | None = None) -> None:
        self.entry = entry
        self.functions = functions
        self.globals = {} if globals is None else globals


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
