"""Property test: randomly generated programs of the subset compute the same in the kernel and as Python.

The generator builds well-typed functions by construction: every expression is generated *at* a type, operands
of another type are converted with an explicit cast, and conditions are comparisons.  Statements cover
assignment, augmented assignment, if/else, counted and while loops with break/continue, calls to a helper and
early returns.
"""

from __future__ import annotations

import importlib.util
import itertools
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pyoombpf.compiler import compile as pcompile
from pyoombpf.testing import KernelFunction
from pyoombpf.types.core import INT_TYPES

TYPES = list(INT_TYPES)
BINOPS = ["+", "-", "*", "//", "%", "&", "|", "^", "<<", ">>"]
CMPOPS = ["<", "<=", "==", "!=", ">", ">="]
_counter = itertools.count()


class Gen:
    def __init__(self, draw: st.DrawFn, params: dict[str, str]) -> None:
        self.draw = draw
        self.vars: dict[str, str] = dict(params)
        self.lines: list[str] = []
        self.depth = 0
        self.loop = 0

    def literal(self, t: str) -> str:
        ty = INT_TYPES[t]
        v = self.draw(st.one_of(st.integers(ty.min, ty.max), st.integers(-4, 40).filter(ty.fits)))
        return str(v) if v >= 0 else f"({v})"

    def _trip_limit(self, outermost: int) -> int:
        """Most iterations a loop may have.  The verifier walks every iteration of a loop whose counter it
        knows exactly, and a loop inside a loop multiplies that walk (with the branches of each iteration) past
        its 1M-instruction limit: nested loops stay short, so every generated program is one the kernel
        accepts, and the test can demand kernel == Python for all of them."""
        return outermost if self.loop == 0 else 4

    def expr(self, t: str, depth: int = 0) -> str:
        choices = ["lit", "var"] + (["bin", "bin", "un", "ifexp", "call", "cast"] if depth < 3 else [])
        kind = self.draw(st.sampled_from(choices))
        if kind == "lit":
            # a bare literal only where nothing folds it with another literal (folding is exact, so e.g.
            # `3 - 5` at u8 would be a constant that does not fit: a compile error, by design)
            return self.literal(t) if depth == 0 else f"{t}({self.literal(t)})"
        if kind == "var":
            name = self.draw(st.sampled_from(sorted(self.vars)))
            return name if self.vars[name] == t else f"{t}({name})"
        if kind == "bin":
            op = self.draw(st.sampled_from(BINOPS))
            if op in ("<<", ">>"):
                count_t = self.draw(st.sampled_from(TYPES))
                return f"({self.expr(t, depth + 1)} {op} {self.expr(count_t, depth + 1)})"
            return f"({self.expr(t, depth + 1)} {op} {self.expr(t, depth + 1)})"
        if kind == "un":
            op = self.draw(st.sampled_from(["-", "~"]))
            return f"({op}{t}({self.expr(t, depth + 1)}))"
        if kind == "ifexp":
            return f"({self.expr(t, depth + 1)} if {self.cond(depth + 1)} else {self.expr(t, depth + 1)})"
        if kind == "call":
            return f"{t}(mix(u64({self.expr(t, depth + 1)}), {self.expr('u64', depth + 1)}))"
        other = self.draw(st.sampled_from(TYPES))
        return f"{t}({self.expr(other, depth + 1)})"

    def cond(self, depth: int = 0) -> str:
        a_t, b_t = self.draw(st.sampled_from(TYPES)), self.draw(st.sampled_from(TYPES))
        c = f"{self.expr(a_t, depth + 1)} {self.draw(st.sampled_from(CMPOPS))} {self.expr(b_t, depth + 1)}"
        if self.draw(st.booleans()) and depth < 2:
            c = f"({c}) {self.draw(st.sampled_from(['and', 'or']))} ({self.cond(depth + 1)})"
        return c

    def emit(self, text: str) -> None:
        self.lines.append("    " * (self.depth + 1) + text)

    def block(self, n: int) -> None:
        for _ in range(n):
            self.stmt()

    def stmt(self) -> None:
        kinds = ["assign", "assign", "aug"] + (["if", "for", "while"] if self.depth < 2 else [])
        if self.loop:
            kinds += ["break", "continue"]
        if self.depth:
            kinds.append("return")
        kind = self.draw(st.sampled_from(kinds))
        if kind == "assign":
            t = self.draw(st.sampled_from(TYPES))
            name = f"v{next(_counter)}"
            self.emit(f"{name}: {t} = {self.expr(t)}")
            if self.depth == 0:
                self.vars[name] = t  # only top-level locals are definitely assigned afterwards
        elif kind == "aug":
            name = self.draw(st.sampled_from(sorted(self.vars)))
            t = self.vars[name]
            op = self.draw(st.sampled_from(["+=", "-=", "*=", "^=", "|=", "&=", "//=", "%="]))
            self.emit(f"{name} {op} {self.expr(t)}")
        elif kind == "if":
            self.emit(f"if {self.cond()}:")
            self.nested(lambda: self.block(self.draw(st.integers(1, 3))))
            if self.draw(st.booleans()):
                self.emit("else:")
                self.nested(lambda: self.block(self.draw(st.integers(1, 3))))
        elif kind == "for":
            k = f"k{next(_counter)}"
            lo = self.draw(st.integers(-3, 3))
            hi = lo + self.draw(st.integers(-3, self._trip_limit(9)))
            step = self.draw(st.sampled_from([1, 1, 2, -1, 3]))
            self.emit(f"for {k} in range({lo}, {hi}, {step}):")
            self.loop += 1
            self.nested(lambda: self.block(self.draw(st.integers(1, 3))))
            self.loop -= 1
        elif kind == "while":
            c = f"w{next(_counter)}"
            self.emit(f"{c}: u32 = 0")
            self.emit(f"while {c} < {self.draw(st.integers(0, self._trip_limit(20)))} and ({self.cond()}):")
            self.loop += 1
            self.depth += 1
            self.emit(f"{c} += 1")
            self.block(self.draw(st.integers(1, 3)))
            self.depth -= 1
            self.loop -= 1
        elif kind == "break":
            self.emit("break")
        elif kind == "continue":
            self.emit("continue")
        else:
            self.emit(f"return {self.expr('i64')}")

    def nested(self, body: object) -> None:
        self.depth += 1
        body()  # type: ignore[operator]
        self.depth -= 1


PRELUDE = """from pyoombpf.dsl.scalars import i8, i16, i32, i64, u8, u16, u32, u64


def mix(a: u64, b: u64) -> u64:
    return (a * 31) ^ (b >> 3)

"""


@st.composite
def programs(draw: st.DrawFn) -> tuple[str, list[str]]:
    nparams = draw(st.integers(1, 3))
    params = {f"p{i}": draw(st.sampled_from(TYPES)) for i in range(nparams)}
    g = Gen(draw, params)
    g.block(draw(st.integers(1, 6)))
    g.emit(f"return {g.expr('i64')}")
    sig = ", ".join(f"{n}: {t}" for n, t in params.items())
    src = PRELUDE + f"def prog({sig}) -> i64:\n" + "\n".join(g.lines) + "\n"
    return src, list(params.values())


def _load(src: str, tmp: Path) -> object:
    path = tmp / f"gen_{next(_counter)}.py"
    path.write_text(src)
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = mod
    spec.loader.exec_module(mod)
    return mod.prog


@pytest.mark.kernel
@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(prog=programs(), data=st.data())
def test_random_program_kernel_equals_python(prog: tuple[str, list[str]], data: st.DataObject, tmp_path: Path) -> None:
    src, types = prog
    fn = _load(src, tmp_path)
    obj = pcompile(fn)
    py = obj.python()
    with KernelFunction(obj) as kf:
        for _ in range(4):
            args = [data.draw(st.integers(INT_TYPES[t].min, INT_TYPES[t].max)) for t in types]
            assert kf(*args) == py(*args), src
