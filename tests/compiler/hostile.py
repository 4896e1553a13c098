"""Random hostile modules for the fuzz test: programs of the language, with constructs from outside it mixed in.

The *language* part is generated well-typed and verifier-friendly (as in test_random_programs.py: expressions are
generated at a type and converted explicitly; loops are short), and covers what the language has: integer
arithmetic of every width, comparisons, conditionals, counted and while loops with break/continue, helper
functions (also with more than five parameters), hash and array maps of integers and records, ring buffers,
config values, and @oom_handler policies with cgroup walks and kills.

The *hostile* part is added with some probability: Python outside the subset (comprehensions, lambdas,
exceptions, floats, strings, imports, ...), misuse of the language (unknown names, wrong arities, recursion,
values used before assignment, keyword calls), resource limits (deeply nested expressions and calls, huge
constants, hundreds of live locals, records larger than the BPF stack, ranges at the edges of their type,
lines longer than LLVM's columns), bad names (non-ASCII, control characters, reserved, clashing), decorators and
compile targets that are not plain functions, and closures without a value.

Every generated module imports without error, or fails at import with a pyoombpf DeclarationError: a generator
that writes broken Python would test nothing.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

from hypothesis import strategies as st

INT_TYPES = ["u8", "u16", "u32", "u64", "i8", "i16", "i32", "i64"]
BITS = {t: int(t[1:]) for t in INT_TYPES}
BINOPS = ["+", "-", "*", "//", "%", "&", "|", "^", "<<", ">>"]
CMPOPS = ["<", "<=", "==", "!=", ">", ">="]


def bounds(t: str) -> tuple[int, int]:
    bits = BITS[t]
    return (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if t[0] == "i" else (0, (1 << bits) - 1)


@dataclass
class Program:
    """A generated module: its source, the attribute to compile, and what to run it with."""

    source: str
    target: str = "TARGET"
    #: "syscall" (compile(fn), run in the kernel and as Python) or "policy" (compile in both modes)
    kind: str = "syscall"
    params: list[str] = field(default_factory=list)
    #: hostile features mixed in (for the statistics hypothesis prints)
    features: list[str] = field(default_factory=list)


class Generator:
    def __init__(self, draw: st.DrawFn) -> None:
        self.draw = draw
        self.counter = itertools.count()
        self.head: list[str] = []  # module-level declarations
        self.helpers: list[str] = []  # helper function definitions
        self.features: list[str] = []
        self.lines: list[str] = []
        self.depth = 0
        self.loop = 0
        self.vars: dict[str, str] = {}
        self.hash_maps: dict[str, tuple[str, str]] = {}  # name -> (key type, value type)
        self.array_maps: dict[str, str] = {}  # name -> value type
        self.record_maps: dict[str, str] = {}  # name -> record (hash map u64 -> record)
        self.records: dict[str, list[tuple[str, str]]] = {}
        self.configs: dict[str, str] = {}
        self.helper_sigs: dict[str, list[str]] = {}
        #: helpers with a loop or an if-statement in them: called only outside loops (the verifier walks every
        #: iteration of a loop, and every path through what is inlined in it, in full)
        self.branching_helpers: set[str] = set()
        self.emitted_branch = False
        #: generating a helper's body: its loops stay short (it may be inlined at several calls, each of which
        #: the verifier walks in full)
        self.in_helper = False
        self.ringbuf: str | None = None
        #: set by hostile parts: the entry's decorators, its name, the lines after it (default `TARGET = prog`)
        self.entry_decorators: list[str] = []
        self.entry_name = "prog"
        self.tail: list[str] | None = None
        self.policy_name = '"fuzz_policy"'
        #: what a hostile part adds to the entry's body, at its top level
        self.hostile_lines: list[str] = []
        #: the parameter types of what is compiled, when a hostile part replaces the entry
        self.target_params: list[str] | None = None

    # ------------------------------------------------------------------------------------------ utilities

    def fresh(self, stem: str) -> str:
        return f"{stem}{next(self.counter)}"

    def pick(self, seq: list[str]) -> str:
        return self.draw(st.sampled_from(seq))

    def chance(self, p: float) -> bool:
        return self.draw(st.integers(0, 999)) < p * 1000

    def emit(self, text: str) -> None:
        self.lines.append("    " * (self.depth + 1) + text)

    def hostile(self, name: str) -> None:
        self.features.append(name)

    # ------------------------------------------------------------------------------------------ declarations

    def declare(self, policy: bool) -> None:
        for _ in range(self.draw(st.integers(0, 2))):
            name = self.fresh("R")
            fields = [(f"f{i}", self.pick(INT_TYPES + ["bool"])) for i in range(self.draw(st.integers(1, 5)))]
            self.records[name] = fields
            body = "\n".join(f"    {n}: {t}" for n, t in fields)
            self.head.append(f"@record\nclass {name}:\n{body}\n")
        for _ in range(self.draw(st.integers(0, 3))):
            kind = self.pick(["hash", "array", "records"] if self.records else ["hash", "array"])
            name = self.fresh("m")
            entries = self.draw(st.sampled_from([1, 4, 16]))
            if kind == "hash":
                k, v = self.pick(INT_TYPES), self.pick(INT_TYPES)
                self.hash_maps[name] = (k, v)
                self.head.append(f"{name} = HashMap({k}, {v}, max_entries={entries})")
            elif kind == "array":
                v = self.pick(INT_TYPES)
                self.array_maps[name] = v
                self.head.append(f"{name} = ArrayMap({v}, max_entries={entries})")
            else:
                rec = self.pick(sorted(self.records))
                self.record_maps[name] = rec
                self.head.append(f"{name} = HashMap(u64, {rec}, max_entries={entries})")
        if self.chance(0.2):
            self.ringbuf = self.fresh("events")
            self.head.append(f"{self.ringbuf} = RingBuf()")
        for _ in range(self.draw(st.integers(0, 2))):
            name, t = self.fresh("conf"), self.pick(INT_TYPES)
            lo, hi = bounds(t)
            self.configs[name] = t
            self.head.append(f"{name} = config({t}, {self.draw(st.integers(lo, hi))})")
        for _ in range(self.draw(st.integers(0, 2 if not policy else 1))):
            self.helper()

    def helper(self) -> None:
        """A helper function; sometimes with more than five parameters (which BPF cannot pass)."""
        name = self.fresh("helper")
        n = self.draw(st.sampled_from([0, 1, 2, 3, 6, 7]))
        params = [self.pick(INT_TYPES) for _ in range(n)]
        saved = (self.lines, self.vars, self.depth, self.loop)
        self.lines, self.vars, self.depth, self.loop = [], {f"a{i}": t for i, t in enumerate(params)}, 0, 0
        self.emitted_branch = False
        self.in_helper = True
        if not self.vars:
            self.vars = {"zero": "u64"}
            self.emit("zero: u64 = 0")
        self.block(self.draw(st.integers(1, 3)), allow_calls=False)
        self.emit(f"return {self.expr('u64', allow_calls=False)}")
        sig = ", ".join(f"a{i}: {t}" for i, t in enumerate(params))
        self.helpers.append(f"def {name}({sig}) -> u64:\n" + "\n".join(self.lines) + "\n")
        self.lines, self.vars, self.depth, self.loop = saved
        self.in_helper = False
        self.helper_sigs[name] = params
        if self.emitted_branch:
            self.branching_helpers.add(name)

    # ------------------------------------------------------------------------------------------ expressions

    def literal(self, t: str) -> str:
        lo, hi = bounds(t)
        v = self.draw(st.one_of(st.integers(lo, hi), st.sampled_from([lo, hi, 0, 1]), st.integers(-3, 40)))
        v = min(max(v, lo), hi)
        return str(v) if v >= 0 else f"({v})"

    def expr(self, t: str, depth: int = 0, allow_calls: bool = True) -> str:
        choices = ["lit", "var"]
        if depth < 3:
            choices += ["bin", "bin", "un", "ifexp", "cast", "cmp"]
            if allow_calls and self.callable_helpers():
                choices.append("call")
            if self.hash_maps or self.array_maps or self.record_maps:
                choices.append("map")
            if self.configs:
                choices.append("config")
        kind = self.pick(choices)
        sub = depth + 1
        if kind == "lit":
            return self.literal(t) if depth == 0 else f"{t}({self.literal(t)})"
        if kind == "var":
            name = self.pick(sorted(self.vars))
            return name if self.vars[name] == t else f"{t}({name})"
        if kind == "bin":
            op = self.pick(BINOPS)
            if op in ("<<", ">>"):
                return f"({self.expr(t, sub, allow_calls)} {op} {self.expr(self.pick(INT_TYPES), sub, allow_calls)})"
            return f"({self.expr(t, sub, allow_calls)} {op} {self.expr(t, sub, allow_calls)})"
        if kind == "un":
            return f"({self.pick(['-', '~'])}{t}({self.expr(t, sub, allow_calls)}))"
        if kind == "ifexp":
            return f"({self.expr(t, sub, allow_calls)} if {self.cond(sub)} else {self.expr(t, sub, allow_calls)})"
        if kind == "cmp":
            return f"{t}({self.cond(sub)})"
        if kind == "call":
            name = self.pick(self.callable_helpers())
            args = ", ".join(self.expr(p, sub, allow_calls) for p in self.helper_sigs[name])
            return f"{t}({name}({args}))"
        if kind == "config":
            return f"{t}({self.pick(sorted(self.configs))})"
        if kind == "map":
            return self.map_read(t, sub)
        return f"{t}({self.expr(self.pick(INT_TYPES), sub, allow_calls)})"

    def callable_helpers(self) -> list[str]:
        """Helpers a call here may use: inside a loop (or a while condition), only straight-line ones."""
        return sorted(n for n in self.helper_sigs if not (self.loop and n in self.branching_helpers))

    def map_read(self, t: str, depth: int) -> str:
        maps = [*self.hash_maps, *self.array_maps, *self.record_maps]
        name = self.pick(sorted(maps))
        if name in self.hash_maps:
            k, v = self.hash_maps[name]
            return f"{t}({name}.get({self.expr(k, depth)}, {self.expr(v, depth)}))"
        if name in self.array_maps:
            return f"{t}({name}[{self.expr('u32', depth)}])"
        rec = self.record_maps[name]
        f, ft = self.draw(st.sampled_from(self.records[rec]))
        return f"{t}({name}.get({self.expr('u64', depth)}, {rec}()).{f})"

    def cond(self, depth: int = 0) -> str:
        a, b = self.pick(INT_TYPES), self.pick(INT_TYPES)
        c = f"{self.expr(a, depth + 1)} {self.pick(CMPOPS)} {self.expr(b, depth + 1)}"
        if depth < 2 and self.chance(0.3):
            c = f"({c}) {self.pick(['and', 'or'])} ({self.cond(depth + 1)})"
        if self.hash_maps and self.chance(0.1):
            name = self.pick(sorted(self.hash_maps))
            c = f"({self.expr(self.hash_maps[name][0], depth + 1)} in {name}) or ({c})"
        return c

    # ------------------------------------------------------------------------------------------ statements

    def block(self, n: int, allow_calls: bool = True) -> None:
        for _ in range(n):
            self.stmt(allow_calls)

    def stmt(self, allow_calls: bool = True) -> None:
        kinds = ["assign", "assign", "aug"]
        if self.depth < 2:
            kinds += ["if", "for", "while"]
        if self.hash_maps or self.array_maps or self.record_maps:
            kinds += ["map_write", "map_write"]
        if self.ringbuf and self.records:
            kinds.append("output")
        if self.loop:
            kinds += ["break", "continue"]
        if self.depth:
            kinds.append("return")
        kind = self.pick(kinds)
        if kind == "assign":
            t = self.pick(INT_TYPES)
            name = self.fresh("v")
            self.emit(f"{name}: {t} = {self.expr(t, allow_calls=allow_calls)}")
            if self.depth == 0:
                self.vars[name] = t  # only top-level locals are assigned on every later path
        elif kind == "aug":
            name = self.pick(sorted(self.vars))
            op = self.pick(["+=", "-=", "*=", "^=", "|=", "&=", "//=", "%="])
            self.emit(f"{name} {op} {self.expr(self.vars[name], allow_calls=allow_calls)}")
        elif kind == "if":
            self.emitted_branch = True
            self.emit(f"if {self.cond()}:")
            self.nested(lambda: self.block(self.draw(st.integers(1, 3)), allow_calls))
            while self.chance(0.3):
                self.emit(f"elif {self.cond()}:")
                self.nested(lambda: self.block(self.draw(st.integers(1, 2)), allow_calls))
            if self.chance(0.5):
                self.emit("else:")
                self.nested(lambda: self.block(self.draw(st.integers(1, 3)), allow_calls))
        elif kind == "for":
            k = self.fresh("k")
            lo = self.draw(st.integers(-3, 3))
            hi = lo + self.draw(st.integers(-3, 4 if self.loop or self.in_helper else 9))
            self.emit(f"for {k} in range({lo}, {hi}, {self.pick(['1', '1', '2', '-1', '3'])}):")
            self.emitted_branch = True
            self.loop += 1
            self.nested(lambda: self.block(self.draw(st.integers(1, 3)), allow_calls))
            self.loop -= 1
        elif kind == "while":
            c = self.fresh("w")
            self.emit(f"{c}: u32 = 0")
            limit = self.draw(st.integers(0, 4 if self.loop or self.in_helper else 20))
            self.emitted_branch = True
            self.loop += 1  # the condition is evaluated in every iteration: it is inside the loop
            self.emit(f"while {c} < {limit} and ({self.cond()}):")
            self.depth += 1
            self.emit(f"{c} += 1")
            self.block(self.draw(st.integers(1, 3)), allow_calls)
            self.depth -= 1
            self.loop -= 1
        elif kind == "map_write":
            self.map_write()
        elif kind == "output":
            rec = self.pick(sorted(self.records))
            self.emit(f"{self.ringbuf}.output({self.record_value(rec)})")
        elif kind in ("break", "continue"):
            self.emit(kind)
        else:
            self.emit(f"return {self.expr(self.return_type, allow_calls=allow_calls)}")

    return_type = "u64"

    def record_value(self, rec: str) -> str:
        args = []
        for f, t in self.records[rec]:
            if self.chance(0.8):
                args.append(f"{f}=({self.cond(1)})" if t == "bool" else f"{f}={self.expr(t, 1)}")
        return f"{rec}({', '.join(args)})"

    def map_write(self) -> None:
        maps = [*self.hash_maps, *self.array_maps, *self.record_maps]
        name = self.pick(sorted(maps))
        if name in self.hash_maps:
            k, v = self.hash_maps[name]
            how = self.pick(["set", "aug", "del"])
            if how == "set":
                self.emit(f"{name}[{self.expr(k)}] = {self.expr(v)}")
            elif how == "aug":
                self.emit(f"{name}[{self.expr(k)}] {self.pick(['+=', '-=', '|=', '^='])} {self.expr(v)}")
            else:
                self.emit(f"del {name}[{self.expr(k)}]")
        elif name in self.array_maps:
            v = self.array_maps[name]
            op = self.pick(["=", "+=", "-=", "&="])
            self.emit(f"{name}[{self.expr('u32')}] {op} {self.expr(v)}")
        else:
            rec = self.record_maps[name]
            self.emit(f"{name}[{self.expr('u64')}] = {self.record_value(rec)}")

    def nested(self, body: object) -> None:
        self.depth += 1
        body()  # type: ignore[operator]
        self.depth -= 1

    # ------------------------------------------------------------------------------------------ programs

    def syscall(self, hostile: Callable[[Generator], None] | None) -> Program:
        self.declare(policy=False)
        params = [self.pick(INT_TYPES) for _ in range(self.draw(st.integers(1, 3)))]
        self.vars = {f"p{i}": t for i, t in enumerate(params)}
        self.block(self.draw(st.integers(1, 4)))
        if hostile is not None:
            hostile(self)
        self.lines += ["    " + line for line in self.hostile_lines]
        self.emit(f"return {self.expr('u64')}")
        sig = ", ".join(f"p{i}: {t}" for i, t in enumerate(params))
        entry = "".join(f"{d}\n" for d in self.entry_decorators)
        entry += f"def {self.entry_name}({sig}) -> u64:\n" + "\n".join(self.lines) + "\n"
        tail = self.tail if self.tail is not None else [f"TARGET = {self.entry_name}"]
        return Program(self.module([entry, *tail]), params=self.target_params or params)

    def policy(self, hostile: Callable[[Generator], None] | None) -> Program:
        self.declare(policy=True)
        lines = [
            "def prog(oc: OomControl) -> Verdict:",
            "    scope = oc.memcg",
            "    if scope is None:",
            "        return PASS",
            "    best: MemCgroup = None",
            "    most: u64 = 0",
        ]
        self.vars = {"most": "u64"}
        walk = self.pick(["descendants", "tasks", "none"])
        if walk == "descendants":
            lines.append("    for m in scope.descendants():")
            lines.append(f"        if m.is_leaf and m.usage > most + {self.literal('u32')}:")
            lines.append("            best, most = m, m.usage")
        elif walk == "tasks":
            lines.append("    for t in scope.tasks():")
            lines.append("        if u64(t.pid) > most:")
            lines.append("            most = u64(t.pid)")
        self.lines = []
        self.block(self.draw(st.integers(0, 3)), allow_calls=True)
        if hostile is not None:
            self.hostile_lines.append("p0 = most")
            hostile(self)
        self.lines += ["    " + line for line in self.hostile_lines]
        lines += self.lines
        kill = self.pick(["memcg", "scope", "pass"])
        if kill == "memcg":
            lines += ["    if best is None:", "        return PASS", '    return oc.kill_memcg(best, "fuzz")']
        elif kill == "scope":
            lines += [
                '    v = oc.kill_memcg(scope, "fuzz")',
                "    if v == PASS:",
                "        return PASS",
                "    return v",
            ]
        else:
            lines.append("    return PASS")
        lines = [*self.entry_decorators, "@oom_handler(name=POLICY_NAME)", *lines]
        self.head.insert(0, f"POLICY_NAME = {self.policy_name}")
        tail = self.tail if self.tail is not None else ["TARGET = prog"]
        return Program(self.module(["\n".join(lines) + "\n", *tail]), kind="policy")

    def module(self, tail: list[str]) -> str:
        imports = (
            "import functools\n\n"
            "from pyoombpf import (\n"
            "    PASS, ArrayMap, HashMap, MemCgroup, OomControl, RingBuf, Task, Verdict, config, oom_handler, record,\n"
            "    i8, i16, i32, i64, u8, u16, u32, u64,\n"
            ")\n"
        )
        parts = [imports, *self.head, *self.helpers, *tail]
        return "\n\n".join(p.rstrip("\n") for p in parts) + "\n"


@st.composite
def programs(draw: st.DrawFn, kind: str = "syscall", part: Callable[[Generator], None] | None = None) -> Program:
    """A module of ``kind`` ("syscall" or "policy"), with the hostile ``part`` mixed in (None: a program of the
    language only)."""
    g = Generator(draw)
    prog = g.policy(part) if kind == "policy" else g.syscall(part)
    prog.features = g.features
    return prog
