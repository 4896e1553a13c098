"""HIR → Python source: the same program executed as Python with the language's exact integer semantics.

This is the oracle the kernel results are compared against (differential tests) and the engine of simulate mode.
Only the operations whose Python meaning differs from the fixed-width meaning get helpers (wrapping arithmetic,
division by zero, shifts by the width or more); everything else is plain Python.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from pyoombpf import progress, uapi
from pyoombpf.hir import intrinsics as I
from pyoombpf.hir import nodes as H
from pyoombpf.types.core import BoolType, IntType, Type, assignable

#: Loops without compile-time bounds run at most this many iterations (the kernel's BPF_MAX_LOOPS, see
#: docs/language.md "Loop budget").  Both backends obey it.
LOOP_BUDGET = uapi.BPF_MAX_LOOPS


def wrap_fn(t: IntType) -> str:
    return f"_wrap_{t.name}"


#: an expression nested deeper than this is split: its pure sub-expressions go to temporaries first (Python's
#: parser refuses more than 200 nested parentheses, and its compiler recurses on nesting)
MAX_EXPR_DEPTH = 40


class PyEmitter:
    """``dump``: render built-ins the Python execution does not implement as pseudo-calls (the HIR dump of a
    PSI policy) instead of refusing them.

    ``trace``: every ``if`` test goes through ``_if(loc, value)`` and every ``continue`` calls ``_cont(loc)``
    first (``loc``: the statement's (file, line)), so simulate can say at which line the policy passed over a
    candidate.  The hooks return the value unchanged and cost nothing without a tracer (``hooks`` of
    :meth:`PyProgram.call`)."""

    def __init__(self, program: H.Program, *, dump: bool = False, trace: bool = False) -> None:
        from pyoombpf.pyexec.rules import python_table

        self.table = python_table()
        self.dump = dump
        #: built-ins the dump showed as pseudo-calls
        self.refused: set[I.IntrinsicDef] = set()
        self.program = program
        self.trace = trace
        self._locs: dict[tuple[str, int], str] = {}
        self.lines: list[str] = []
        self.indent = 0
        #: lines computing temporaries that the statement being emitted uses (see MAX_EXPR_DEPTH)
        self.pre: list[str] = []
        self._depth = 0
        self._pure: dict[int, bool] = {}
        #: the statement being emitted, for an error that cannot say where it is
        self.current: H.Stmt | None = None
        self.names: dict[H.Function, str] = {f: f"_f{i}_{f.name}" for i, f in enumerate(program.functions)}
        self.tmp = itertools.count()
        #: values the generated code refers to by name (maps, models, …), filled by rules
        self.env: dict[str, Any] = {}

    def line(self, text: str) -> None:
        prefix = "    " * self.indent
        if self.pre:
            self.lines.extend(prefix + p for p in self.pre)
            self.pre = []
        self.lines.append(prefix + text)

    def fresh(self, stem: str) -> str:
        return f"_{stem}{next(self.tmp)}"

    def bind(self, value: Any, stem: str = "obj") -> str:
        """Make ``value`` available to the generated code under a fresh name."""
        for k, v in self.env.items():
            if v is value:
                return k
        name = self.fresh(stem)
        self.env[name] = value
        return name

    # ------------------------------------------------------------------------------------------ functions

    def emit(self) -> str:
        progress.working_on(lambda: (self.current.loc if self.current is not None else None, ""))
        for f in self.program.functions:
            self.function(f)
        return "\n".join(self.lines) + "\n"

    def function(self, f: H.Function) -> None:
        params = ", ".join(_v(p) for p in f.params)
        self.line(f"def {self.names[f]}({params}):")
        self.indent += 1
        self.block(f.body)
        self.indent -= 1
        self.line("")

    def block(self, stmts: list[H.Stmt]) -> None:
        if not stmts:
            self.line("pass")
        for s in stmts:
            self.current = s
            getattr(self, f"s_{type(s).__name__}")(s)

    # ------------------------------------------------------------------------------------------ statements

    def s_Assign(self, s: H.Assign) -> None:
        values = ", ".join(self.expr(v) for v in s.values)
        targets = ", ".join(_v(t) for t in s.targets)
        self.line(f"{targets} = {values}")

    def s_ExprStmt(self, s: H.ExprStmt) -> None:
        self.line(self.expr(s.value))

    def where(self, loc: Any) -> str:
        """The name of a ``(file, line)`` constant for ``loc`` (one per place)."""
        key = (loc.filename, loc.lineno)
        if key not in self._locs:
            self._locs[key] = self.bind(key, "loc")
        return self._locs[key]

    def s_If(self, s: H.If) -> None:
        test = self.expr(s.test)
        self.line(f"if _if({self.where(s.loc)}, {test}):" if self.trace else f"if {test}:")
        self.indent += 1
        self.block(s.body)
        self.indent -= 1
        orelse = s.orelse
        # `elif` chains stay at one indentation (Python allows 100 levels); a test that needs temporaries
        # computed first cannot go on an `elif` line, so it starts a nested `if` instead
        while len(orelse) == 1 and isinstance(orelse[0], H.If) and self._is_shallow(orelse[0].test):
            nested = orelse[0]
            self.current = nested
            self.line(f"elif {self.expr(nested.test)}:")
            self.indent += 1
            self.block(nested.body)
            self.indent -= 1
            orelse = nested.orelse
        if orelse:
            self.line("else:")
            self.indent += 1
            self.block(orelse)
            self.indent -= 1

    def s_While(self, s: H.While) -> None:
        self.line(f"for _ in _range({LOOP_BUDGET}):")
        self.indent += 1
        self.line(f"if not ({self.expr(s.test)}):")
        self.line("    break")
        self.block(s.body)
        self.indent -= 1

    def s_ForRange(self, s: H.ForRange) -> None:
        rng = f"_range({self.expr(s.start)}, {self.expr(s.stop)}, {s.step})"
        if s.trip_count is None:
            rng = f"_islice({rng}, {LOOP_BUDGET})"
        self.line(f"for {_v(s.var)} in {rng}:")
        self.indent += 1
        self.block(s.body)
        self.indent -= 1

    def s_ForIter(self, s: H.ForIter) -> None:
        self.line(f"for {_v(s.var)} in {self.rule(s.op, s.source)(self, s)}:")
        self.indent += 1
        self.block(s.body)
        self.indent -= 1

    def s_Break(self, s: H.Break) -> None:
        self.line("break")

    def s_Continue(self, s: H.Continue) -> None:
        if self.trace:
            self.line(f"_cont({self.where(s.loc)})")
        self.line("continue")

    def s_Return(self, s: H.Return) -> None:
        self.line("return" if s.value is None else f"return {self.expr(s.value)}")

    # ------------------------------------------------------------------------------------------ expressions

    def expr(self, e: H.Expr) -> str:
        if self._depth > MAX_EXPR_DEPTH and self.is_pure(e):
            return self._hoisted(e)
        self._depth += 1
        try:
            return getattr(self, f"e_{type(e).__name__}")(e)
        finally:
            self._depth -= 1

    def _hoisted(self, e: H.Expr) -> str:
        """``e`` computed into a temporary before the statement (it is pure, so computing it earlier and
        unconditionally changes nothing)."""
        saved, self._depth = self._depth, 0
        try:
            source = getattr(self, f"e_{type(e).__name__}")(e)
        finally:
            self._depth = saved
        name = self.fresh("t")
        self.pre.append(f"{name} = {source}")
        return name

    def is_pure(self, e: H.Expr) -> bool:
        """No calls or intrinsics inside: evaluating ``e`` has no effect and cannot fail."""
        known = self._pure.get(id(e))
        if known is None:
            known = self._pure[id(e)] = not isinstance(e, H.Call | H.Intrinsic) and all(
                self.is_pure(sub) for sub in H.children(e)
            )
        return known

    def _is_shallow(self, e: H.Expr) -> bool:
        depth, todo = 0, [(e, 1)]
        while todo:
            node, d = todo.pop()
            depth = max(depth, d)
            todo.extend((sub, d + 1) for sub in H.children(node))
        return depth <= MAX_EXPR_DEPTH

    def e_Const(self, e: H.Const) -> str:
        if isinstance(e.type, BoolType):
            return "True" if e.value else "False"
        if getattr(e.type, "is_pointer", False):
            return "None"  # the null kernel pointer
        # hexadecimal past 64 bits: Python prints no more than 4,300 decimal digits
        return repr(e.value) if e.value.bit_length() <= 64 else hex(e.value)

    def e_Load(self, e: H.Load) -> str:
        return _v(e.var)

    def e_Convert(self, e: H.Convert) -> str:
        inner = self.expr(e.value)
        if isinstance(e.type, BoolType):
            return f"bool({inner})"
        if isinstance(e.type, IntType) and assignable(e.type, e.value.type):
            return f"int({inner})" if isinstance(e.value.type, BoolType) else inner
        assert isinstance(e.type, IntType)
        return f"{wrap_fn(e.type)}({inner})"

    def e_BinOp(self, e: H.BinOp) -> str:
        a, b = self.expr(e.left), self.expr(e.right)
        t = e.type
        if isinstance(t, BoolType):
            return f"({a} {_SYM[e.op]} {b})"
        assert isinstance(t, IntType)
        w = wrap_fn(t)
        match e.op:
            case "add" | "sub" | "mul":
                return f"{w}({a} {_SYM[e.op]} {b})"
            case "floordiv":
                return f"_div({a}, {b}, {w})"
            case "mod":
                return f"_mod({a}, {b})"
            case "lshift":
                return f"_shl({a}, {self.shift_count(e.right, b)}, {t.bits}, {w})"
            case "rshift":
                return f"_shr({a}, {self.shift_count(e.right, b)}, {t.bits})"
            case _:
                return f"({a} {_SYM[e.op]} {b})"

    def shift_count(self, e: H.Expr, src: str) -> str:
        t = e.type
        if isinstance(t, IntType) and t.signed:
            return f"({src} & {(1 << t.bits) - 1})"  # the count is read as unsigned: negative = huge
        return src

    def e_UnaryOp(self, e: H.UnaryOp) -> str:
        v = self.expr(e.operand)
        if e.op == "not":
            return f"(not {v})"
        assert isinstance(e.type, IntType)
        return f"{wrap_fn(e.type)}({'-' if e.op == 'neg' else '~'}{v})"

    def e_Compare(self, e: H.Compare) -> str:
        parts = [self.expr(e.operands[0])]
        for op, operand in zip(e.ops, e.operands[1:], strict=True):
            parts.append(_CMP[op])
            parts.append(self.expr(operand))
        return "(" + " ".join(parts) + ")"

    def e_Truth(self, e: H.Truth) -> str:
        if getattr(e.value.type, "is_pointer", False):
            return f"({self.expr(e.value)} is not None)"
        return f"bool({self.expr(e.value)})"

    def e_BoolOp(self, e: H.BoolOp) -> str:
        return "(" + f" {e.op} ".join(self.expr(v) for v in e.values) + ")"

    def e_IfExp(self, e: H.IfExp) -> str:
        return f"({self.expr(e.body)} if {self.expr(e.test)} else {self.expr(e.orelse)})"

    def e_Call(self, e: H.Call) -> str:
        return f"{self.names[e.func]}({', '.join(self.expr(a) for a in e.args)})"

    def e_Intrinsic(self, e: H.Intrinsic) -> str:
        return self.rule(e.op, *e.args)(self, e)

    def rule(self, op: I.IntrinsicDef, *args: H.Expr) -> Callable[[PyEmitter, Any], str]:
        """The Python rule of ``op`` (``dump``: a pseudo-call where the table refuses it)."""
        found = self.table.status(op)
        if isinstance(found, I.Refusal) and self.dump:
            self.refused.add(op)
            return lambda em, e: f"__builtin__({op.key!r}, {', '.join(self.expr(a) for a in args)})"
        return self.table.lookup(op)


def _v(var: H.Var) -> str:
    return f"v_{var.name}"


_SYM = {"add": "+", "sub": "-", "mul": "*", "bitand": "&", "bitor": "|", "bitxor": "^"}
_CMP = {"eq": "==", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}


# --------------------------------------------------------------------------------------------- runtime helpers


def _make_wrap(t: IntType) -> Callable[[int], int]:
    mask = (1 << t.bits) - 1
    if not t.signed:
        return lambda x: x & mask
    half = 1 << (t.bits - 1)
    return lambda x: ((x + half) & mask) - half


def _div(a: int, b: int, wrap: Callable[[int], int]) -> int:
    return wrap(a // b) if b else 0


def _mod(a: int, b: int) -> int:
    return a % b if b else a


def _shl(a: int, n: int, bits: int, wrap: Callable[[int], int]) -> int:
    return wrap(a << n) if n < bits else 0


def _shr(a: int, n: int, bits: int) -> int:
    return a >> n if n < bits else (-1 if a < 0 else 0)


def runtime_namespace() -> dict[str, Any]:
    ns: dict[str, Any] = {
        "_div": _div,
        "_mod": _mod,
        "_shl": _shl,
        "_shr": _shr,
        "_range": range,
        "_islice": itertools.islice,
    }
    from pyoombpf.types.core import INT_TYPES

    for t in INT_TYPES.values():
        ns[wrap_fn(t)] = _make_wrap(t)
    return ns


class PyProgram:
    """A program compiled to Python.  ``call(env, *args)`` runs the entry with ``env`` (maps, config, kernel
    model) as its environment."""

    def __init__(self, program: H.Program, *, trace: bool = False) -> None:
        from pyoombpf.pyexec import rules

        em = PyEmitter(program, trace=trace)
        self.source = em.emit()
        self._ns = runtime_namespace()
        self._ns.update(rules.RUNTIME)
        self._ns.update(em.env)
        self._ns.update(NO_HOOKS)
        code = compile(self.source, f"<pyoombpf python of {program.entry.qualname}>", "exec")
        exec(code, self._ns)
        self._entry = self._ns[em.names[program.entry]]
        self._wrappers = param_wrappers(program.entry)
        self.name = program.entry.name

    def call(self, env: Any, *args: Any, hooks: dict[str, Any] | None = None) -> Any:
        """Run the entry; ``hooks`` replace ``_if``/``_cont`` for this call (a traced program's observers)."""
        if len(args) != len(self._wrappers):
            raise TypeError(f"{self.name}() takes {len(self._wrappers)} arguments, {len(args)} given")
        self._ns["_env"] = env
        self._ns.update(hooks or NO_HOOKS)
        return self._entry(*(w(a) for w, a in zip(self._wrappers, args, strict=True)))


#: what a traced program's hooks do when nobody watches
NO_HOOKS: dict[str, Any] = {"_if": lambda loc, value: value, "_cont": lambda loc: None}


def param_wrappers(func: H.Function) -> list[Callable[[Any], Any]]:
    """Convert Python arguments to the entry's parameter types (ints wrap, as a kernel caller's would)."""
    out: list[Callable[[Any], Any]] = []
    for p in func.params:
        t: Type = p.type
        if isinstance(t, IntType):
            out.append(_make_wrap(t))
        elif isinstance(t, BoolType):
            out.append(bool)
        else:
            out.append(lambda x: x)
    return out
