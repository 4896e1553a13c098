"""The reader against hand-built blobs: every kind, bitfields, split BTF, recursion, kfunc tags."""

from __future__ import annotations

import pytest

from pyoombpf.btf import (
    Array,
    BtfSpec,
    Const,
    Datasec,
    DeclTag,
    Enum,
    Float,
    Func,
    FuncProto,
    Fwd,
    Int,
    Ptr,
    Restrict,
    Typedef,
    TypeNotFoundError,
    TypeTag,
    Var,
    Void,
    Volatile,
    alignof,
    sizeof,
    strip,
    structurally_equal,
    type_name,
)

from .btfbuild import BtfBuilder


@pytest.fixture(scope="module")
def every_kind() -> tuple[BtfSpec, dict[str, int]]:
    b = BtfBuilder()
    ids: dict[str, int] = {}
    ids["int"] = b.int_("int", 4, signed=True)
    ids["char"] = b.int_("char", 1, signed=True, char=True)
    ids["bool"] = b.int_("_Bool", 1, bool_=True)
    ids["ulong"] = b.int_("long unsigned int", 8)
    ids["ptr_int"] = b.ptr(ids["int"])
    ids["arr"] = b.array(ids["char"], ids["int"], 16)
    ids["node_fwd"] = b.fwd("node")
    ids["ufwd"] = b.fwd("maybe", union=True)
    ids["u32"] = b.typedef("u32", ids["int"])
    ids["vol"] = b.volatile(ids["int"])
    ids["cst"] = b.const(ids["char"])
    ids["rst"] = b.restrict(ids["ptr_int"])
    ids["tt"] = b.type_tag("address_space(1)", ids["int"])
    node_ptr_slot = len(b.records) + 1  # id of the pointer added right after the struct below
    ids["node"] = b.struct(
        "node",
        24,
        [
            ("next", node_ptr_slot + 1, 0, 0),
            ("flags", ids["int"], 64, 3),
            ("kind", ids["int"], 67, 5),
            ("name", ids["arr"], 72, 0),
        ],
    )
    ids["node_ptr"] = b.ptr(ids["node"])
    assert ids["node_ptr"] == node_ptr_slot + 1
    ids["un"] = b.struct("either", 8, [("i", ids["int"], 0, 0), ("l", ids["ulong"], 0, 0)], union=True)
    ids["enum"] = b.enum("colour", 4, [("RED", 0), ("GREEN", 1), ("MINUS", -5)], signed=True)
    ids["enum64"] = b.enum64("big", [("HUGE", 1 << 40), ("SMALL", 3)])
    ids["proto"] = b.func_proto(ids["node_ptr"], [("pid", ids["int"]), ("fmt", ids["cst"])], variadic=True)
    ids["func"] = b.func("find_node", ids["proto"], linkage=1)
    ids["var"] = b.var("counter", ids["int"], linkage=1)
    ids["sec"] = b.datasec(".data", 4, [(ids["var"], 0, 4)])
    ids["float"] = b.float_("double", 8)
    ids["tag"] = b.decl_tag("bpf_kfunc", ids["func"])
    ids["tag_param"] = b.decl_tag("nonnull", ids["func"], 0)
    return BtfSpec.from_bytes(b.build(), source="every-kind"), ids


def test_ints_and_floats(every_kind: tuple[BtfSpec, dict[str, int]]) -> None:
    spec, ids = every_kind
    assert spec[ids["int"]] == Int("int", 4, signed=True)
    char = spec[ids["char"]]
    assert isinstance(char, Int) and char.is_char and char.signed and char.size == 1
    boolean = spec[ids["bool"]]
    assert isinstance(boolean, Int) and boolean.is_bool and not boolean.signed
    assert spec[ids["float"]] == Float("double", 8)
    assert spec[0] == Void()
    assert spec[ids["int"]].type_id == ids["int"] and spec[ids["int"]].origin == "kernel"


def test_pointers_arrays_modifiers(every_kind: tuple[BtfSpec, dict[str, int]]) -> None:
    spec, ids = every_kind
    p = spec[ids["ptr_int"]]
    assert isinstance(p, Ptr) and p.target == Int("int", 4, signed=True)
    arr = spec[ids["arr"]]
    assert isinstance(arr, Array) and arr.nelems == 16 and arr.elem.name == "char"  # type: ignore[attr-defined]
    assert type_name(arr) == "char[16]" and sizeof(arr) == 16
    td = spec[ids["u32"]]
    assert isinstance(td, Typedef) and td.name == "u32" and strip(td) == spec[ids["int"]]
    assert isinstance(spec[ids["vol"]], Volatile)
    cst = spec[ids["cst"]]
    assert isinstance(cst, Const) and type_name(cst) == "const char"
    assert isinstance(spec[ids["rst"]], Restrict)
    tt = spec[ids["tt"]]
    assert isinstance(tt, TypeTag) and tt.tag == "address_space(1)" and strip(tt).kind == "int"
    assert spec.resolve(spec.typedef("u32")) == spec[ids["int"]]


def test_struct_bitfields_and_recursion(every_kind: tuple[BtfSpec, dict[str, int]]) -> None:
    spec, ids = every_kind
    node = spec.struct("node")
    assert (node.name, node.size, node.is_union) == ("node", 24, False)
    assert [m.name for m in node.members] == ["next", "flags", "kind", "name"]
    flags, kind = node.member("flags"), node.member("kind")
    assert (flags.bit_offset, flags.bitfield_size, flags.is_bitfield) == (64, 3, True)
    assert (kind.bit_offset, kind.bitfield_size) == (67, 5)
    nxt = node.member("next").type
    assert isinstance(nxt, Ptr) and nxt.target is node  # recursive type, resolved lazily, decoded once
    assert hash(node) == hash(spec.struct("node")) and node == spec.struct("node")
    assert "next" in repr(node)  # repr does not recurse into the pointee
    assert type_name(nxt) == "struct node *" and alignof(node) == 8


def test_union_and_fwd(every_kind: tuple[BtfSpec, dict[str, int]]) -> None:
    spec, ids = every_kind
    un = spec.union("either")
    assert un.is_union and un.keyword == "union" and all(m.bit_offset == 0 for m in un.members)
    with pytest.raises(TypeNotFoundError):
        spec.struct("either")  # unions live in their own namespace
    assert spec.lookup("fwd", "node") == Fwd("node", False)
    assert spec[ids["ufwd"]] == Fwd("maybe", True)


def test_enums(every_kind: tuple[BtfSpec, dict[str, int]]) -> None:
    spec, _ = every_kind
    colour = spec.enum("colour")
    assert colour.signed and dict(colour.values) == {"RED": 0, "GREEN": 1, "MINUS": -5}
    big = spec.enum("big")
    assert isinstance(big, Enum) and big.size == 8 and big.values["HUGE"] == 1 << 40
    assert spec.enum_value("GREEN") == (colour, 1)
    assert spec.enum_value("HUGE") == (big, 1 << 40)
    with pytest.raises(TypeNotFoundError, match="enumerator 'BLUE'"):
        spec.enum_value("BLUE")


def test_func_proto_var_datasec_tags(every_kind: tuple[BtfSpec, dict[str, int]]) -> None:
    spec, ids = every_kind
    fn = spec.func("find_node")
    assert isinstance(fn, Func) and fn.linkage == "global" and fn.is_kfunc
    proto = fn.proto
    assert isinstance(proto, FuncProto) and proto.variadic
    assert [p.name for p in proto.params] == ["pid", "fmt"]
    assert type_name(proto.ret) == "struct node *"
    var = spec[ids["var"]]
    assert isinstance(var, Var) and var.name == "counter" and var.linkage == "global"
    sec = spec[ids["sec"]]
    assert isinstance(sec, Datasec) and sec.vars[0].var == var and sec.vars[0].size == 4
    tags = spec.decl_tags(ids["func"])
    assert {(t.tag, t.component_idx) for t in tags} == {("bpf_kfunc", -1), ("nonnull", 0)}
    assert all(isinstance(t, DeclTag) and t.target == fn for t in tags)
    assert spec.kfuncs_tagged and spec.kfuncs() == frozenset({"find_node"})


def test_missing_names_suggest(every_kind: tuple[BtfSpec, dict[str, int]]) -> None:
    spec, _ = every_kind
    with pytest.raises(TypeNotFoundError) as exc:
        spec.struct("nodes")
    assert exc.value.suggestions == ("node",) and "did you mean 'node'" in str(exc.value)
    assert spec.names_with_prefix("struct", "no") == ["node"]


def test_kfunc_heuristic_without_decl_tags() -> None:
    b = BtfBuilder()
    i = b.int_("int", 4, signed=True)
    proto = b.func_proto(i, [])
    b.func("bpf_thing", proto)
    b.func("helper", proto)
    spec = BtfSpec.from_bytes(b.build())
    assert not spec.kfuncs_tagged
    assert spec.kfuncs() == frozenset({"bpf_thing"})
    assert spec.func("bpf_thing").is_kfunc and not spec.func("helper").is_kfunc


def test_duplicate_names_prefer_complete_definition() -> None:
    b = BtfBuilder()
    i = b.int_("int", 4, signed=True)
    b.struct("dup", 0, [])
    b.struct("dup", 4, [("x", i, 0, 0)])
    spec = BtfSpec.from_bytes(b.build())
    assert spec.struct("dup").size == 4 and len(spec.find_all("struct", "dup")) == 2


def test_split_btf_continues_base_ids_and_strings() -> None:
    base_b = BtfBuilder()
    i = base_b.int_("int", 4, signed=True)
    base_b.struct("task_struct", 4, [("pid", i, 0, 0)])
    base = BtfSpec.from_bytes(base_b.build(), source="base")
    mod_b = BtfBuilder(first_id=base.type_count, str_base=len(base_b.strings))
    tptr = mod_b.ptr(2)
    mod_b.struct("module_thing", 8, [("owner", tptr, 0, 0)])
    mod = BtfSpec.from_bytes(mod_b.build(), base=base, source="module")
    thing = mod.struct("module_thing")
    owner = thing.member("owner").type
    assert isinstance(owner, Ptr) and owner.target == base.struct("task_struct")
    assert mod.struct("task_struct") == base.struct("task_struct")  # lookups fall through to the base
    assert thing.type_id == base.type_count + 1 and list(mod.ids()) == [3, 4]


def test_structural_equality_across_sources() -> None:
    def blob() -> BtfSpec:
        b = BtfBuilder()
        i = b.int_("int", 4, signed=True)
        b.struct("s", 16, [("next", 3, 0, 0), ("v", i, 64, 0)])
        b.ptr(2)
        return BtfSpec.from_bytes(b.build())

    a, c = blob(), blob()
    assert a.struct("s") != c.struct("s")  # shallow: references into different specs differ
    assert structurally_equal(a.struct("s"), c.struct("s"))
    assert structurally_equal(Ptr(Int("int", 4, signed=True)), Ptr(Int("int", 4, signed=True)))


def test_struct_find_through_anonymous_members() -> None:
    b = BtfBuilder()
    i = b.int_("int", 4, signed=True)
    inner = b.struct("", 4, [("a", i, 0, 0), ("b", i, 0, 0)], union=True)
    b.struct("outer", 8, [("x", i, 0, 0), ("", inner, 32, 0)])
    outer = BtfSpec.from_bytes(b.build()).struct("outer")
    path = outer.find("b")
    assert path is not None and [idx for idx, _ in path] == [1, 1]
    assert outer.find("nope") is None and outer.member_names() == ("x", "a", "b")
    with pytest.raises(KeyError, match="no member 'b'"):
        outer.member("b")
