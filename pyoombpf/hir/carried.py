"""Loop-carried locals: which locals of a loop hand a value from one iteration to the next (or to the code after
the loop).

A local is *carried* by a loop when the loop's body assigns it and its value is live at the loop's head — the
point where the next iteration starts (for iterator-driven loops: the iterator's ``next`` call, where the
verifier compares states).  Live means read on some path before being assigned again: later in the body, by the
loop's test, or after the loop (through the normal exit or a ``break``).  A local assigned in the body but not
live at the head (``usage = memcg.usage`` recomputed every iteration) is not carried: its old value never
matters.

The same pass finds, inside loops, the *branch joins*: a row of branching statements (``if``, ``x if c else y``)
assigning one local, each of which doubles the exact values that local may hold in one iteration.

Backend-neutral: the lowering uses it to keep carried values from defeating the verifier's state pruning
(``lowering/carried.py``); the analysis itself is a plain backward liveness pass over the structured HIR.
"""

from __future__ import annotations

from pyoombpf.hir import nodes as H
from pyoombpf.plain import Frozen

Live = frozenset[H.Var]


class LoopCarry(Frozen):
    """The carried locals of one loop, in order of first appearance in the function."""

    __slots__ = _fields = ("at_head", "at_body", "recurrent")

    #: assigned in the body and live at the loop's head
    at_head: tuple[H.Var, ...]
    #: those of ``at_head`` that an iteration reads before it assigns them (a value that only passes through an
    #: iteration unchanged does not count); the others are only written by the body and read after the loop,
    #: or in a later iteration that assigns them first
    at_body: tuple[H.Var, ...]
    #: those of ``at_head`` whose new value is computed from their own old one, directly or through other locals
    #: the body assigns (``n += 1``, ``total += x``, ``a, b = b, a + b``): the ones that can take a new exact
    #: value in every iteration.  A local only ever assigned constants or values computed afresh (a flag, the
    #: best value so far, a minimum) takes a few exact values at most.
    recurrent: tuple[H.Var, ...]

    def __init__(
        self, at_head: tuple[H.Var, ...], at_body: tuple[H.Var, ...], recurrent: tuple[H.Var, ...] = ()
    ) -> None:
        self._set(at_head=at_head, at_body=at_body, recurrent=recurrent)


class BranchJoin(Frozen):
    """A statement inside a loop after which some locals may hold one of several values the verifier would
    track apart: an ``if``, or an assignment whose value branches (``s += 4 if c else 0``).  Its merged locals
    are those that another such statement of the same block assigns too (``score += 4`` under each of a dozen
    conditions in a row gives 2**12 exact values in one iteration) and that are live after it."""

    __slots__ = _fields = ("loop", "merged")
    #: the innermost loop around the statement
    loop: H.Stmt
    merged: tuple[H.Var, ...]

    def __init__(self, loop: H.Stmt, merged: tuple[H.Var, ...]) -> None:
        self._set(loop=loop, merged=merged)


class Carried(Frozen):
    """What :func:`analyse` finds in one function."""

    __slots__ = _fields = ("loops", "joins")

    #: every loop statement (``While``, ``ForRange``, ``ForIter``, nested ones included) with its carried locals
    loops: dict[H.Stmt, LoopCarry]
    #: the branching statements (``if``, assignments of branching values) with locals to merge after them
    #: (only those that have any)
    joins: dict[H.Stmt, BranchJoin]

    def __init__(self, loops: dict[H.Stmt, LoopCarry], joins: dict[H.Stmt, BranchJoin]) -> None:
        self._set(loops=loops, joins=joins)


def analyse(func: H.Function) -> Carried:
    """The loop-carried locals of ``func`` and the branch joins inside its loops."""
    return _Liveness(func).run()


def carried_locals(func: H.Function) -> dict[H.Stmt, LoopCarry]:
    """Every loop statement of ``func`` (``While``, ``ForRange``, ``ForIter``, nested ones included) with its
    carried locals (empty tuples when none)."""
    return analyse(func).loops


class _Targets(Frozen):
    """Where ``break`` and ``continue`` of the innermost loop go, as the sets live there."""

    __slots__ = _fields = ("brk", "cont")
    brk: Live
    cont: Live

    def __init__(self, brk: Live, cont: Live) -> None:
        self._set(brk=brk, cont=cont)


_NO_LOOP = _Targets(frozenset(), frozenset())


class _Liveness:
    def __init__(self, func: H.Function) -> None:
        self.func = func
        self.loops: dict[H.Stmt, LoopCarry] = {}
        #: per statement inside a loop: (innermost loop, locals to merge after it)
        self._merges: dict[H.Stmt, tuple[H.Stmt, Live]] = {}
        self._enclosing: list[H.Stmt] = []
        self._recording = True
        order = {v: i for i, v in enumerate([*func.params, *func.locals])}
        self._order = order

    def run(self) -> Carried:
        self.block(self.func.body, frozenset(), _NO_LOOP)
        return Carried(self.loops, self._joins())

    def _joins(self) -> dict[H.Stmt, BranchJoin]:
        return {s: BranchJoin(loop, self._sorted(merged)) for s, (loop, merged) in self._merges.items() if merged}

    # ------------------------------------------------------------------------------------------ statements

    def block(self, stmts: list[H.Stmt], live: Live, t: _Targets) -> Live:
        after: list[tuple[H.Stmt, Live]] = []
        for s in reversed(stmts):
            after.append((s, live))
            live = self.stmt(s, live, t)
        if self._recording and self._enclosing:
            self._sequential_branches(after)
        return live

    def _sequential_branches(self, after: list[tuple[H.Stmt, Live]]) -> None:
        """Branching statements of one block (inside a loop) that assign a local another one of them assigns too:
        in sequence, each doubles the exact values that local may hold (an ``elif`` chain, one statement with
        nested ones, does not).  Merge such a local after each of them, where it is live."""
        written = {s: _branch_targets(s) for s, _live in after}
        count: dict[H.Var, int] = {}
        for targets in written.values():
            for v in targets:
                count[v] = count.get(v, 0) + 1
        for s, live in after:
            self._merges[s] = (self._enclosing[-1], frozenset(v for v in written[s] & live if count[v] > 1))

    def stmt(self, s: H.Stmt, live: Live, t: _Targets) -> Live:
        if isinstance(s, H.Assign):
            return (live - frozenset(s.targets)) | uses(*s.values)
        if isinstance(s, H.ExprStmt):
            return live | uses(s.value)
        if isinstance(s, H.If):
            return uses(s.test) | self.block(s.body, live, t) | self.block(s.orelse, live, t)
        if isinstance(s, H.Return):
            return uses(s.value) if s.value is not None else frozenset()
        if isinstance(s, H.Break):
            return t.brk
        if isinstance(s, H.Continue):
            return t.cont
        if isinstance(s, H.While):
            return self.loop(s, s.body, live, uses(s.test), None)
        if isinstance(s, H.ForRange):
            return self.loop(s, s.body, live, frozenset(), s.var) | uses(s.start, s.stop)
        if isinstance(s, H.ForIter):
            return self.loop(s, s.body, live, frozenset(), s.var) | uses(s.source)
        raise TypeError(f"internal: no liveness rule for {type(s).__name__}")

    def loop(self, s: H.Stmt, body: list[H.Stmt], after: Live, test: Live, var: H.Var | None) -> Live:
        """Live at the loop's head: what the exit, the test and the body (with ``continue`` back to the head)
        need, found as a fixpoint (the sets only grow).  Records the loop's carried locals."""
        head = after | test
        self._enclosing.append(s)
        try:
            while True:
                body_in = self.block(body, head, _Targets(after, head))
                if var is not None:
                    body_in = body_in - {var}
                new = after | test | body_in
                if new == head:
                    break
                head = new
        finally:
            self._enclosing.pop()
        if self._recording:
            written = assigned(body)
            self._recording = False  # the probe below must not overwrite what nested loops recorded
            try:
                read_first = self.block(body, frozenset(), _NO_LOOP) - ({var} if var is not None else set())
            finally:
                self._recording = True
            carried = head & written
            self.loops[s] = LoopCarry(
                self._sorted(carried),
                self._sorted(carried & read_first),
                self._sorted(carried & recurrences(body)),
            )
        return head

    def _sorted(self, vs: frozenset[H.Var]) -> tuple[H.Var, ...]:
        return tuple(sorted(vs, key=lambda v: (self._order.get(v, len(self._order)), v.name)))


# --------------------------------------------------------------------------------------------- expressions


def uses(*exprs: H.Expr | None) -> Live:
    """The locals an expression reads."""
    out: set[H.Var] = set()
    stack: list[object] = [e for e in exprs if e is not None]
    while stack:
        e = stack.pop()
        if isinstance(e, H.Load):
            out.add(e.var)
        elif isinstance(e, H.Convert | H.Truth):
            stack.append(e.value)
        elif isinstance(e, H.BinOp):
            stack += (e.left, e.right)
        elif isinstance(e, H.UnaryOp):
            stack.append(e.operand)
        elif isinstance(e, H.Compare):
            stack += e.operands
        elif isinstance(e, H.BoolOp):
            stack += e.values
        elif isinstance(e, H.IfExp):
            stack += (e.test, e.body, e.orelse)
        elif isinstance(e, H.Call | H.Intrinsic):
            stack += e.args
    return frozenset(out)


def _branch_targets(s: H.Stmt) -> Live:
    """The locals a branching statement assigns: an ``if``'s (in any branch), or an assignment's whose value
    takes one of several paths; nothing for other statements."""
    if isinstance(s, H.If):
        return assigned(s.body) | assigned(s.orelse)
    if isinstance(s, H.Assign) and branches(*s.values):
        return frozenset(s.targets)
    return frozenset()


def branches(*exprs: H.Expr) -> bool:
    """Whether evaluating the expressions takes one of several paths (``x if c else y``, ``a and b``,
    ``a < b < c``): what the verifier follows apart like the branches of an ``if``."""
    stack: list[object] = list(exprs)
    while stack:
        e = stack.pop()
        if isinstance(e, H.IfExp | H.BoolOp) or (isinstance(e, H.Compare) and len(e.ops) > 1):
            return True
        if isinstance(e, H.Convert | H.Truth):
            stack.append(e.value)
        elif isinstance(e, H.BinOp):
            stack += (e.left, e.right)
        elif isinstance(e, H.UnaryOp):
            stack.append(e.operand)
        elif isinstance(e, H.Compare):
            stack += e.operands
        elif isinstance(e, H.Call | H.Intrinsic):
            stack += e.args
    return False


def recurrences(stmts: list[H.Stmt]) -> Live:
    """The locals a block assigns from their own earlier value: the cycles of "assigned from" among its
    assignments (nested blocks included; a nested range's variable is assigned from its bounds)."""
    sources: dict[H.Var, set[H.Var]] = {}
    todo = list(stmts)
    while todo:
        s = todo.pop()
        if isinstance(s, H.Assign):
            for target, value in zip(s.targets, s.values, strict=True):
                sources.setdefault(target, set()).update(uses(value))
        elif isinstance(s, H.ForRange):
            sources.setdefault(s.var, set()).update(uses(s.start, s.stop))
        todo += getattr(s, "body", []) + getattr(s, "orelse", [])
    out: set[H.Var] = set()
    for v in sources:
        seen: set[H.Var] = set()
        stack = list(sources[v])
        while stack:
            u = stack.pop()
            if u is v:
                out.add(v)
                break
            if u not in seen:
                seen.add(u)
                stack += sources.get(u, ())
    return frozenset(out)


def assigned(stmts: list[H.Stmt]) -> Live:
    """The locals a block assigns anywhere inside it (nested blocks and loop variables included)."""
    out: set[H.Var] = set()
    todo = list(stmts)
    while todo:
        s = todo.pop()
        if isinstance(s, H.Assign):
            out.update(s.targets)
        elif isinstance(s, H.If):
            todo += s.body + s.orelse
        elif isinstance(s, H.While):
            todo += s.body
        elif isinstance(s, H.ForRange | H.ForIter):
            out.add(s.var)
            todo += s.body
    return frozenset(out)


__all__ = [
    "BranchJoin",
    "Carried",
    "LoopCarry",
    "analyse",
    "assigned",
    "branches",
    "carried_locals",
    "recurrences",
    "uses",
]
