"""``while`` loops with a small constant trip count, found so the lowering can emit them as plain counted loops.

A ``while`` loop is normally driven by a ``bpf_iter_num`` iterator too (``lowering/loops.py``): that is what lets
the verifier prove an arbitrary loop ends.  The loop most people write for a fixed number of steps,

    i = 0
    while i < 32:
        ...
        i = i + 1

ends after a number of iterations known at compile time, like ``for i in range(32)``, which is lowered as a
counted loop the verifier walks.  This pass gives such a ``while`` its ``trip_count`` when all of these hold:

* the test is ``i < N``, ``i <= N`` (or ``N > i``, ``N >= i``) with an integer local ``i`` and a constant ``N``;
* the closest statement before the loop (in the same block) that assigns ``i`` is ``i = C``, a constant, and no
  statement in between assigns it (at any depth);
* the body assigns ``i`` exactly once, as a statement of the body itself (not nested), ``i = i + S`` with a
  constant ``S > 0``, and has no ``continue`` (which could skip it);
* the body holds no loop and no call of another function (so the verifier walks a small straight body: no
  nested iterator, no helper whose own loops it would walk again in every iteration);
* no other local the body assigns is read by a condition anywhere in the function (an ``if``/``while`` test, a
  comparison, ``and``/``or``, a conditional expression), directly, through a local computed from it, or as an
  argument of a call of another function of the program (which may compare it).  A value the verifier needs
  exactly to decide a branch is tracked exactly through the loop, and a sum or count that the body's branches
  make differ on every path multiplies the verifier's paths with each iteration it walks — the state explosion
  that iterator-driven loops avoid by hiding such values (``lowering/carried.py``).  Those loops keep the
  iterator;
* the count is at most ``COUNTED_TRIPS`` and ``i`` never leaves its type's range.

Otherwise ``trip_count`` stays ``None`` and the loop keeps its iterator.  A loop with a ``trip_count`` ends within
it on every path (``break``/``return`` only end it earlier), so the Python execution, whose ``while`` is capped at
the loop budget, runs the same iterations.

The same state explosion awaits a short constant ``range`` (which the lowering otherwise walks too): a sum the
body's branches add to differently (``score = score + 5`` / ``score = score + 1``) and that a condition reads
(``if score > 60:`` after the loop) gives the verifier up to 2**trips exact values to walk.
:func:`iterated_ranges` finds those ranges, so the lowering drives them by the iterator like other loops and
hides the sum (their ``trip_count`` stays: they still run exactly that many iterations).
"""

from __future__ import annotations

from collections.abc import Iterator

from pyoombpf.hir import nodes as H
from pyoombpf.types.core import IntType

#: the largest trip count lowered as a counted loop (the same bound as constant ranges the verifier walks)
COUNTED_TRIPS = 64

_FLIPPED = {"gt": "lt", "ge": "le"}


def mark_counted(body: list[H.Stmt]) -> None:
    """Set ``trip_count`` on every qualifying ``while`` of a function's ``body`` (at any depth)."""
    _mark(body, _tested(body))


def _mark(body: list[H.Stmt], tested: set[H.Var]) -> None:
    for index, s in enumerate(body):
        if isinstance(s, H.While):
            s.trip_count = trip_count(body[:index], s, tested)
        for block in H.blocks(s):
            _mark(block, tested)


def trip_count(before: list[H.Stmt], s: H.While, tested: set[H.Var]) -> int | None:
    """The iterations of ``s`` if it is a counted ``while`` (module docstring), else None.  ``before``: the
    statements before it in its block; ``tested``: the locals the function's conditions read."""
    bound = _bound(s.test)
    if bound is None:
        return None
    var, op, limit = bound
    start = _start(before, var)
    step = _step(s.body, var)
    if start is None or step is None or not _simple(s.body):
        return None
    if any(_assigns(t, v) for t in s.body for v in tested if v is not var):
        return None
    last = limit if op == "le" else limit - 1
    trips = 0 if start > last else (last - start) // step + 1
    assert isinstance(var.type, IntType)
    hi = (1 << (var.type.bits - 1 if var.type.signed else var.type.bits)) - 1
    if trips > COUNTED_TRIPS or start + trips * step > hi:
        return None
    return trips


def iterated_ranges(func: H.Function, recurrent: dict[H.Stmt, tuple[H.Var, ...]]) -> frozenset[H.ForRange]:
    """The constant-bound ranges of ``func`` the verifier must not walk path by path: the body branches (an ``if``,
    a branching value) and a local it computes from its own earlier value (``recurrent``: per loop, as
    ``hir/carried.py`` finds them) is read by a condition anywhere in the function."""
    tested = _tested(func.body)
    found: set[H.ForRange] = set()
    for s, carried in recurrent.items():
        if not isinstance(s, H.ForRange) or s.trip_count is None:
            continue
        if any(v in tested for v in carried) and _branching(s.body):
            found.add(s)
    return frozenset(found)


def _branching(body: list[H.Stmt]) -> bool:
    """Whether an iteration of ``body`` can take one of several paths (an ``if``, ``x if c else y``, ``a and b``)."""
    for s in H.walk_stmts(body):
        if isinstance(s, H.If):
            return True
        if any(isinstance(e, H.IfExp | H.BoolOp) or (isinstance(e, H.Compare) and len(e.ops) > 1) for e in _exprs(s)):
            return True
    return False


def _bound(test: H.Expr) -> tuple[H.Var, str, int] | None:
    if not isinstance(test, H.Compare) or len(test.ops) != 1:
        return None
    op = test.ops[0]
    left, right = test.operands
    if op in _FLIPPED:
        op, left, right = _FLIPPED[op], right, left
    if op not in ("lt", "le") or not isinstance(left, H.Load) or not isinstance(right, H.Const):
        return None
    if not isinstance(left.var.type, IntType):
        return None
    return left.var, op, right.value


def _start(before: list[H.Stmt], var: H.Var) -> int | None:
    for s in reversed(before):
        if not _assigns(s, var):
            continue
        if isinstance(s, H.Assign) and s.targets == [var] and isinstance(s.values[0], H.Const):
            return s.values[0].value
        return None
    return None  # a parameter, or assigned before the enclosing block: not known here


def _step(body: list[H.Stmt], var: H.Var) -> int | None:
    writes = [s for s in body if _assigns(s, var)]
    if len(writes) != 1:
        return None
    w = writes[0]
    if not isinstance(w, H.Assign) or w.targets != [var]:
        return None
    e = w.values[0]
    if not (isinstance(e, H.BinOp) and e.op == "add" and isinstance(e.left, H.Load) and e.left.var is var):
        return None
    if not isinstance(e.right, H.Const) or e.right.value <= 0:
        return None
    return e.right.value


def _simple(body: list[H.Stmt]) -> bool:
    """No loop, no ``continue``, no call of a program function anywhere in ``body``."""
    for s in H.walk_stmts(body):
        if isinstance(s, H.While | H.ForRange | H.ForIter | H.Continue):
            return False
        if any(isinstance(e, H.Call) for e in _exprs(s)):
            return False
    return True


def _tested(body: list[H.Stmt]) -> set[H.Var]:
    """The locals read by a condition anywhere in ``body``, directly or through the locals computed from them
    (``x = score * 2`` then ``if x > 60:``; not a map key through the value looked up), or passed to a function
    of the program (which may compare them): the verifier needs them all exactly."""
    conditions: list[H.Expr] = []
    sources: dict[H.Var, set[H.Var]] = {}
    for s in H.walk_stmts(body):
        if isinstance(s, H.If | H.While):
            conditions.append(s.test)
        if isinstance(s, H.Assign):
            for target, value in zip(s.targets, s.values, strict=True):
                sources.setdefault(target, set()).update(_computed_from(value))
        for e in _exprs(s):
            if isinstance(e, H.Compare | H.BoolOp | H.Truth):
                conditions.append(e)
            elif isinstance(e, H.IfExp):
                conditions.append(e.test)
            elif isinstance(e, H.Call):
                conditions += e.args
    found: set[H.Var] = set()
    for c in conditions:
        found.update(_loads(c))
    todo = list(found)
    while todo:
        for v in sources.get(todo.pop(), ()):
            if v not in found:
                found.add(v)
                todo.append(v)
    return found


def _loads(e: H.Expr) -> set[H.Var]:
    return {x.var for x in H.subexprs(e) if isinstance(x, H.Load)}


def _computed_from(e: H.Expr) -> set[H.Var]:
    """The locals whose exact value ``e``'s value depends on as the verifier tracks it: through arithmetic and
    calls of the program's functions, not through a built-in's arguments (a map key, a kernel query: what they
    return is not computed from them)."""
    found: set[H.Var] = set()
    stack = [e]
    while stack:
        x = stack.pop()
        if isinstance(x, H.Load):
            found.add(x.var)
        elif not isinstance(x, H.Intrinsic):
            stack.extend(H.children(x))
    return found


def _assigns(s: H.Stmt, var: H.Var) -> bool:
    for t in H.walk_stmts([s]):
        if isinstance(t, H.Assign) and var in t.targets:
            return True
        if isinstance(t, H.ForRange | H.ForIter) and t.var is var:
            return True
    return False


def _exprs(s: H.Stmt) -> Iterator[H.Expr]:
    """Every expression of ``s`` itself (not of its nested blocks), with their subexpressions."""
    roots: list[H.Expr] = []
    if isinstance(s, H.Assign):
        roots = list(s.values)
    elif isinstance(s, H.ExprStmt):
        roots = [s.value]
    elif isinstance(s, H.If | H.While):
        roots = [s.test]
    elif isinstance(s, H.Return) and s.value is not None:
        roots = [s.value]
    elif isinstance(s, H.ForRange):
        roots = [s.start, s.stop]
    elif isinstance(s, H.ForIter):
        roots = [s.source]
    for root in roots:
        yield from H.subexprs(root)


__all__ = ["COUNTED_TRIPS", "iterated_ranges", "mark_counted", "trip_count"]
