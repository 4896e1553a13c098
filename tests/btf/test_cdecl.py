"""The C-declaration subset the bundle is written in, and the layout TypeSource gives it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pyoombpf.btf import TypeSource, type_name
from pyoombpf.btf import cdecl as C
from pyoombpf.btf.bundle import Bundle


def test_declarators() -> None:
    unit = C.parse(
        """
        #define N (1 << 2)
        struct s {
            int (*cb)(struct s *self, const char *fmt, ...);
            char *names[N];
            char (*grid)[3];
            unsigned long long const *p;
            struct list_head __rcu *head;
        };
        """
    )
    (s,) = unit.structs
    types = {m.name: m.ctype for m in s.members}
    assert types["cb"] == C.CPtr(
        C.CFunc(
            C.CBase("int"),
            (("self", C.CPtr(C.CNamed("struct", "s"))), ("fmt", C.CPtr(C.CQual("const", C.CBase("char"))))),
            True,
        )
    )
    assert types["names"] == C.CArray(C.CPtr(C.CBase("char")), 4)
    assert types["grid"] == C.CPtr(C.CArray(C.CBase("char"), 3))
    assert types["p"] == C.CPtr(C.CQual("const", C.CBase("unsigned long long")))
    assert types["head"] == C.CPtr(C.CNamed("struct", "list_head"))  # __rcu is dropped
    assert unit.defines == {"N": 4}


def test_enums_typedefs_funcs_and_forwards() -> None:
    unit = C.parse(
        """
        enum e { A, B = 5, C, D = B | (1 << 4), E = -1, };
        enum { ANON = 0x80000000U };
        typedef unsigned int u32;
        typedef struct { int counter; } atomic_t;
        struct opaque;
        __bpf_kfunc int k(struct opaque *o__nullable, u32 flags);
        void plain(void);
        """
    )
    assert [(e.name, e.values) for e in unit.enums] == [
        ("e", (("A", 0), ("B", 5), ("C", 6), ("D", 21), ("E", -1))),
        ("", (("ANON", 0x80000000),)),
    ]
    assert [t.name for t in unit.typedefs] == ["u32", "atomic_t"]
    assert isinstance(unit.typedefs[1].ctype, C.CAnon)
    assert [(f.name, f.kfunc, len(f.ctype.params)) for f in unit.funcs] == [
        ("k", True, 2),
        ("plain", False, 0),
    ]
    assert unit.fwds == [C.FwdDecl("opaque", False, 6)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("struct s { int x }", "t.h:1: expected ';' or ',' after a member, got '}'"),
        ("struct s { int; };", "t.h:1: member needs a name"),
        ("int x;", "only function declarations"),
        ("enum e { A = B };", "expected a constant, got 'B'"),
        ("struct s { long short x; };", "unsupported type 'long short'"),
        ("\n\nstruct s { int x; } @", "t.h:3: unexpected character '@'"),
        ("__extend int f(void);", "__extend must be followed by a struct"),
        ("#define X 1 +\nstruct s { int x; };", "not a constant expression|expected a constant"),
    ],
)
def test_errors_name_file_and_line(text: str, message: str) -> None:
    with pytest.raises(C.CDeclError, match=message):
        C.parse(text, "t.h")


def _source(text: str) -> TypeSource:
    """A TypeSource over a bundle made of ``text`` only (no kernel)."""
    src = TypeSource(spec=None)
    b = Bundle("v3", "v2", ("t.h",))
    b.add(C.parse(text, "t.h"))
    src.bundle = b
    return src


def test_natural_layout_with_bitfields_unions_and_flexible_arrays() -> None:
    src = _source(
        """
        struct inner { char c; long l; };
        struct s {
            char a;
            int b;
            unsigned int f1 : 3, f2 : 30;
            short h;
            union { int i; char bytes[8]; };
            struct inner in;
            unsigned int : 0;
            char tail[];
        };
        """
    )
    s = src.struct("s")
    got = [(m.name, m.bit_offset, m.bitfield_size) for m in s.members]
    assert got == [
        ("a", 0, 0),
        ("b", 32, 0),
        ("f1", 64, 3),
        ("f2", 96, 30),  # does not fit the rest of f1's unit: next unit
        ("h", 128, 0),
        ("", 160, 0),  # anonymous union: 4-aligned, 8 bytes
        ("in", 256, 0),
        ("tail", 384, 0),
    ]
    assert s.size == 48 and src.struct("inner").size == 16
    anon = s.members[5].type
    assert anon.is_union and anon.size == 8  # type: ignore[attr-defined]
    path = s.find("bytes")
    assert path is not None and [i for i, _ in path] == [5, 1]


def test_enum_sizes_and_signedness() -> None:
    src = _source("enum small { S = 1 }; enum neg { N = -1 }; enum wide { W = 0x100000000 };")
    assert (src.enum("small").size, src.enum("small").signed) == (4, False)
    assert src.enum("neg").signed and src.enum("wide").size == 8


def test_duplicate_definitions_are_rejected() -> None:
    b = Bundle("v3", "v2", ("a.h",))
    b.add(C.parse("struct s { int x; };", "a.h"))
    with pytest.raises(C.CDeclError, match="b.h:1: struct s already declared in a.h:1"):
        b.add(C.parse("struct s { int y; };", "b.h"))


def test_function_pointer_spelling() -> None:
    src = _source("struct ops { int (*handle)(struct ops *self, unsigned long n); };")
    assert type_name(src.struct("ops").member("handle").type) == "int (*)(struct ops *, long unsigned int)"


_VOCAB = [
    "struct",
    "union",
    "enum",
    "typedef",
    "__extend",
    "__bpf_kfunc",
    "int",
    "unsigned",
    "long",
    "char",
    "const",
    "s",
    "x",
    "y",
    "u64",
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    ";",
    ",",
    "*",
    ":",
    "=",
    "1",
    "0x10",
    "<<",
    "|",
    "-",
    "...",
    "void",
    "\n",
    "#define N 3\n",
    "/* c */",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_VOCAB), max_size=40))
def test_random_input_is_parsed_or_rejected_cleanly(tokens: list[str]) -> None:
    try:
        C.parse(" ".join(tokens), "fuzz.h")
    except C.CDeclError as e:
        assert str(e).startswith("fuzz.h")


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    with pytest.raises(C.CDeclError, match="nested too deeply|expected"):
        C.parse("int " + "(" * 5000 + "*x" + ")" * 5000 + ";", "deep.h")
