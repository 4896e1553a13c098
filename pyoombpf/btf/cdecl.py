"""A parser for the small C-declaration subset the bundled ABI description is written in.

Supported: ``struct``/``union`` definitions (nested anonymous ones, bitfields), ``struct X;`` opaque
declarations, ``__extend struct X { ... };`` (members the BPF OOM series adds to an existing kernel struct),
``enum`` definitions with constant expressions, ``typedef``, function declarations (``__bpf_kfunc`` marks a
kfunc), ``#define NAME <constant expression>``, pointers, arrays, function pointers and const/volatile.
Kernel annotations that BTF does not record (``__rcu``, ``__user``, ``__percpu``, ``__ksym``, ``__weak``,
``extern``, ``static``) are accepted and ignored.  Anything else is a :class:`CDeclError` naming file and
line.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Callable
from typing import NamedTuple, Union

from pyoombpf.btf.errors import BtfError


class CDeclError(BtfError):
    """The bundled description (or a user-supplied one) is not valid in the supported C subset."""


# ----------------------------------------------------------------------------------------------- AST


class CBase(NamedTuple):
    name: str  # canonical spelling: "int", "unsigned long", "_Bool", "void", ...


class CNamed(NamedTuple):
    kind: str  # "struct", "union", "enum", "typedef"
    name: str


class CPtr(NamedTuple):
    target: CType


class CArray(NamedTuple):
    elem: CType
    n: int


class CQual(NamedTuple):
    qual: str  # "const", "volatile", "restrict"
    target: CType


class CFunc(NamedTuple):
    ret: CType
    params: tuple[tuple[str, CType], ...]
    variadic: bool = False


class CAnon(NamedTuple):
    decl: StructDecl


class MemberDecl(NamedTuple):
    name: str
    ctype: CType
    bits: int | None = None


class StructDecl(NamedTuple):
    name: str
    is_union: bool
    members: tuple[MemberDecl, ...]
    extend: bool = False
    line: int = 0


class EnumDecl(NamedTuple):
    name: str
    values: tuple[tuple[str, int], ...]
    line: int = 0


class TypedefDecl(NamedTuple):
    name: str
    ctype: CType
    line: int = 0


class FuncDecl(NamedTuple):
    name: str
    ctype: CFunc
    kfunc: bool
    line: int = 0


class FwdDecl(NamedTuple):
    name: str
    is_union: bool
    line: int = 0


# A C type expression (AST classes are NamedTuples: cheap to define at import and to unpickle from the cache).
CType = Union[CBase, CNamed, CPtr, CArray, CQual, CFunc, CAnon]  # noqa: UP007  (recursive alias)


class Unit:
    """Everything declared by one file, in order."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.structs: list[StructDecl] = []
        self.enums: list[EnumDecl] = []
        self.typedefs: list[TypedefDecl] = []
        self.funcs: list[FuncDecl] = []
        self.fwds: list[FwdDecl] = []
        self.defines: dict[str, int] = {}


# ----------------------------------------------------------------------------------------------- lexer

_TOKEN = r"""(?P<ws>\s+)|(?P<comment>/\*.*?\*/|//[^\n]*)|(?P<pp>\#[^\n]*)
    |(?P<num>0[xX][0-9a-fA-F]+[uUlL]*|\d+[uUlL]*)|(?P<id>[A-Za-z_]\w*)|(?P<op><<|>>|\.\.\.|[{}()\[\];,*:=|&~+\-^])"""
_DEFINE = r"#\s*define\s+([A-Za-z_]\w*)\s+(.+)"


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The lexer's expressions, compiled on first use: a compile reads the bundle's pickle (btf/bundle.py) and
    tokenizes nothing, and compiling them costs ~3 ms of every compile's start-up."""
    return re.compile(_TOKEN, re.S | re.X), re.compile(_DEFINE)


_IGNORED = {
    "__rcu",
    "__user",
    "__percpu",
    "__iomem",
    "__ksym",
    "__weak",
    "extern",
    "static",
    "inline",
    "__must_check",
}
_QUALS = {"const", "volatile", "restrict"}
_INT_WORDS = {"signed", "unsigned", "char", "short", "int", "long", "_Bool", "void", "float", "double"}


class Tok(NamedTuple):
    kind: str  # "num", "id", "op", "eof"
    text: str
    line: int


def tokenize(text: str, filename: str) -> tuple[list[Tok], dict[str, tuple[str, int]]]:
    """Tokens, plus the ``#define`` lines (name -> (expression text, line))."""
    toks: list[Tok] = []
    defines: dict[str, tuple[str, int]] = {}
    line = 1
    pos = 0
    token, define = _patterns()
    for m in token.finditer(text):
        if m.start() != pos:
            raise CDeclError(f"{filename}:{line}: unexpected character {text[pos]!r}")
        pos = m.end()
        kind = m.lastgroup
        value = m.group()
        if kind == "ws" or kind == "comment":
            line += value.count("\n")
        elif kind == "pp":
            d = define.match(value)
            if d:
                defines[d.group(1)] = (d.group(2).strip(), line)
        elif kind != "id" or value not in _IGNORED:
            toks.append(Tok(kind, value, line))  # type: ignore[arg-type]
    if pos != len(text):
        raise CDeclError(f"{filename}:{line}: unexpected character {text[pos]!r}")
    toks.append(Tok("eof", "", line))
    return toks, defines


# ----------------------------------------------------------------------------------------------- parser


class Parser:
    def __init__(self, text: str, filename: str, consts: dict[str, int] | None = None) -> None:
        self.filename = filename
        self.toks, raw_defines = tokenize(text, filename)
        self.pos = 0
        self.consts: dict[str, int] = dict(consts or {})
        self.unit = Unit(filename)
        for name, (expr, line) in raw_defines.items():
            sub = Parser.__new__(Parser)
            sub.filename, sub.pos, sub.consts = filename, 0, self.consts
            sub.toks = [Tok(t.kind, t.text, line) for t in tokenize(expr, filename)[0]]
            value = sub.expr()
            if sub.peek().kind != "eof":
                raise CDeclError(f"{filename}:{line}: #define {name}: not a constant expression: {expr}")
            self.consts[name] = value
            self.unit.defines[name] = value

    # -- token helpers
    def peek(self, k: int = 0) -> Tok:
        return self.toks[min(self.pos + k, len(self.toks) - 1)]

    def next(self) -> Tok:
        t = self.peek()
        self.pos += 1
        return t

    def accept(self, text: str) -> bool:
        if self.peek().text == text and self.peek().kind != "eof":
            self.pos += 1
            return True
        return False

    def expect(self, text: str) -> Tok:
        t = self.next()
        if t.text != text:
            self.fail(t, f"expected {text!r}")
        return t

    def ident(self) -> str:
        t = self.next()
        if t.kind != "id":
            self.fail(t, "expected an identifier")
        return t.text

    def fail(self, t: Tok, msg: str) -> None:
        got = "end of file" if t.kind == "eof" else repr(t.text)
        raise CDeclError(f"{self.filename}:{t.line}: {msg}, got {got}")

    # -- top level
    def parse(self) -> Unit:
        while self.peek().kind != "eof":
            self.top_decl()
        return self.unit

    def top_decl(self) -> None:
        line = self.peek().line
        if self.accept("typedef"):
            base = self.base_type()
            name, ctype = self.declarator(base)
            if not name:
                self.fail(self.peek(), "typedef needs a name")
            self.unit.typedefs.append(TypedefDecl(name, ctype, line))
            self.expect(";")
            return
        extend = self.accept("__extend")
        kfunc = self.accept("__bpf_kfunc")
        t = self.peek()
        if t.text in ("struct", "union") and self.peek(1).kind == "id" and self.peek(2).text in ("{", ";"):
            self.struct_decl(extend, line)
            return
        if extend:
            self.fail(t, "__extend must be followed by a struct or union definition")
        if t.text == "enum" and (self.peek(1).text == "{" or self.peek(2).text == "{"):
            self.enum_decl(line)
            return
        base = self.base_type()
        name, ctype = self.declarator(base)
        if not isinstance(ctype, CFunc) or not name:
            self.fail(self.peek(), "only function declarations may appear at top level")
        assert isinstance(ctype, CFunc)
        self.unit.funcs.append(FuncDecl(name, ctype, kfunc, line))
        self.expect(";")

    def struct_decl(self, extend: bool, line: int) -> None:
        is_union = self.next().text == "union"
        name = self.ident()
        if self.accept(";"):
            self.unit.fwds.append(FwdDecl(name, is_union, line))
            return
        members = self.struct_body()
        self.expect(";")
        self.unit.structs.append(StructDecl(name, is_union, members, extend, line))

    def struct_body(self) -> tuple[MemberDecl, ...]:
        self.expect("{")
        members: list[MemberDecl] = []
        while not self.accept("}"):
            members.extend(self.member_decl())
        return tuple(members)

    def member_decl(self) -> list[MemberDecl]:
        base = self.base_type()
        if isinstance(base, CAnon) and self.accept(";"):
            return [MemberDecl("", base)]
        out = []
        while True:
            name, ctype = self.declarator(base)
            bits = self.expr() if self.accept(":") else None
            if not name and bits is None:
                self.fail(self.peek(), "member needs a name")
            out.append(MemberDecl(name, ctype, bits))  # unnamed bitfields only pad
            if self.accept(";"):
                return out
            if not self.accept(","):
                self.fail(self.peek(), "expected ';' or ',' after a member")

    def enum_decl(self, line: int) -> None:
        self.expect("enum")
        name = self.ident() if self.peek().kind == "id" else ""
        self.expect("{")
        values: list[tuple[str, int]] = []
        nxt = 0
        while not self.accept("}"):
            ename = self.ident()
            if self.accept("="):
                nxt = self.expr()
            values.append((ename, nxt))
            self.consts[ename] = nxt
            nxt += 1
            if not self.accept(","):
                self.expect("}")
                break
        self.expect(";")
        self.unit.enums.append(EnumDecl(name, tuple(values), line))

    # -- types
    def base_type(self) -> CType:
        quals: list[str] = []
        while self.peek().text in _QUALS:
            quals.append(self.next().text)
        t = self.peek()
        if t.text in ("struct", "union") and self.peek(1).text == "{":
            self.next()
            base: CType = CAnon(StructDecl("", t.text == "union", self.struct_body(), line=t.line))
        elif t.text in ("struct", "union", "enum"):
            self.next()
            base = CNamed(t.text, self.ident())
        elif t.text in _INT_WORDS:
            base = CBase(self.int_words())
        elif t.kind == "id":
            self.next()
            base = CNamed("typedef", t.text)
        else:
            self.fail(t, "expected a type")
            raise AssertionError  # unreachable
        while self.peek().text in _QUALS:
            quals.append(self.next().text)
        for q in dict.fromkeys(quals):
            base = CQual(q, base)
        return base

    def int_words(self) -> str:
        words: list[str] = []
        while self.peek().text in _INT_WORDS:
            words.append(self.next().text)
        return canonical_int(words, self.filename, self.peek().line)

    def declarator(self, base: CType) -> tuple[str, CType]:
        """Parse a (possibly abstract) declarator applied to ``base``; returns (name or "", type)."""
        name, wrap = self._declarator()
        return name, wrap(base)

    def _declarator(self) -> tuple[str, Callable[[CType], CType]]:
        ptr_quals: list[list[str]] = []
        while self.accept("*"):
            qs = []
            while self.peek().text in _QUALS:
                qs.append(self.next().text)
            ptr_quals.append(qs)
        name = ""
        inner: Callable[[CType], CType] = lambda t: t  # noqa: E731
        if self.peek().text == "(" and self.peek(1).text in ("*", "("):
            self.next()
            name, inner = self._declarator()
            self.expect(")")
        elif self.peek().kind == "id":
            name = self.next().text
        suffixes: list[Callable[[CType], CType]] = []
        while True:
            if self.accept("["):
                n = 0 if self.peek().text == "]" else self.expr()
                self.expect("]")
                suffixes.append(functools.partial(_array_of, n=n))
            elif self.peek().text == "(":
                params, variadic = self.params()
                suffixes.append(functools.partial(_func_of, params=params, variadic=variadic))
            else:
                break

        def wrap(t: CType) -> CType:
            for qs in ptr_quals:
                t = CPtr(t)
                for q in qs:
                    t = CQual(q, t)
            for s in reversed(suffixes):
                t = s(t)
            return inner(t)

        return name, wrap

    def params(self) -> tuple[tuple[tuple[str, CType], ...], bool]:
        self.expect("(")
        if self.peek().text == "void" and self.peek(1).text == ")":
            self.pos += 2
            return (), False
        out: list[tuple[str, CType]] = []
        variadic = False
        if self.accept(")"):
            return (), False
        while True:
            if self.accept("..."):
                variadic = True
                self.expect(")")
                break
            out.append(self.declarator(self.base_type()))
            if self.accept(")"):
                break
            self.expect(",")
        return tuple(out), variadic

    # -- constant expressions (precedence climbing): operator -> (precedence, function)
    _BINARY: dict[str, tuple[int, Callable[[int, int], int]]] = {
        "|": (1, operator.or_),
        "^": (2, operator.xor),
        "&": (3, operator.and_),
        "<<": (4, operator.lshift),
        ">>": (4, operator.rshift),
        "+": (5, operator.add),
        "-": (5, operator.sub),
        "*": (6, operator.mul),
    }

    def expr(self, min_prec: int = 1) -> int:
        left = self.unary()
        while True:
            binary = self._BINARY.get(self.peek().text) if self.peek().kind == "op" else None
            if binary is None or binary[0] < min_prec:
                return left
            self.next()
            prec, apply = binary
            left = apply(left, self.expr(prec + 1))

    def unary(self) -> int:
        t = self.next()
        if t.text == "-":
            return -self.unary()
        if t.text == "~":
            return ~self.unary()
        if t.text == "(":
            v = self.expr()
            self.expect(")")
            return v
        if t.kind == "num":
            return int(t.text.rstrip("uUlL"), 0)
        if t.kind == "id" and t.text in self.consts:
            return self.consts[t.text]
        self.fail(t, "expected a constant")
        raise AssertionError  # unreachable


def _array_of(t: CType, n: int) -> CType:
    return CArray(t, n)


def _func_of(t: CType, params: tuple[tuple[str, CType], ...], variadic: bool) -> CType:
    return CFunc(t, params, variadic)


_CANON = {
    ("char",): "char",
    ("signed", "char"): "signed char",
    ("unsigned", "char"): "unsigned char",
    ("short",): "short",
    ("short", "int"): "short",
    ("signed", "short"): "short",
    ("unsigned", "short"): "unsigned short",
    ("unsigned", "short", "int"): "unsigned short",
    ("int",): "int",
    ("signed",): "int",
    ("signed", "int"): "int",
    ("unsigned",): "unsigned int",
    ("unsigned", "int"): "unsigned int",
    ("long",): "long",
    ("long", "int"): "long",
    ("signed", "long"): "long",
    ("unsigned", "long"): "unsigned long",
    ("unsigned", "long", "int"): "unsigned long",
    ("long", "long"): "long long",
    ("long", "long", "int"): "long long",
    ("unsigned", "long", "long"): "unsigned long long",
    ("unsigned", "long", "long", "int"): "unsigned long long",
    ("_Bool",): "_Bool",
    ("void",): "void",
    ("float",): "float",
    ("double",): "double",
}


def canonical_int(words: list[str], filename: str = "<c>", line: int = 0) -> str:
    key = tuple(words)
    if key not in _CANON:
        raise CDeclError(f"{filename}:{line}: unsupported type {' '.join(words)!r}")
    return _CANON[key]


def parse(text: str, filename: str = "<c>", consts: dict[str, int] | None = None) -> Unit:
    """Parse a file of declarations.  ``consts`` are constants visible to its expressions (earlier files)."""
    try:
        return Parser(text, filename, consts).parse()
    except RecursionError:
        raise CDeclError(f"{filename}: declarations nested too deeply") from None
