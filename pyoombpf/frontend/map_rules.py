"""Typing rules for maps, ring buffers, records and config values."""

from __future__ import annotations

import ast
from typing import Any

from pyoombpf.dsl.maps import ArrayMap, ConfigValue, HashMap, MapDecl, RingBuf
from pyoombpf.errors import FrontendError, Loc
from pyoombpf.frontend.builder import FunctionBuilder
from pyoombpf.frontend.core_rules import CLASS_CALL_RULES
from pyoombpf.frontend.tables import (
    ANNOTATION_RULES,
    ATTR_RULES,
    CONTAINS_RULES,
    METHOD_RULES,
    NAME_RULES,
    STORE_RULES,
    SUBSCRIPT_RULES,
)
from pyoombpf.hir import intrinsics as I
from pyoombpf.hir import nodes as H
from pyoombpf.names import is_btf_identifier
from pyoombpf.types.core import BOOL, VOID, IntType, Type
from pyoombpf.types.records import RecordType


class MapRef:
    """A map as the program uses it: the declaration and the name it has in the object (equal only to itself)."""

    __slots__ = ("decl", "name", "loc")

    def __init__(self, decl: MapDecl, name: str, loc: Loc | None = None) -> None:
        self.decl = decl
        self.name = name
        #: where the program first uses it
        self.loc = loc

    def __repr__(self) -> str:
        return f"{type(self).__name__}(decl={self.decl!r}, name={self.name!r}, loc={self.loc!r})"


class ConfigRef:
    """A config value as the program uses it (equal only to itself)."""

    __slots__ = ("decl", "name", "loc")

    def __init__(self, decl: ConfigValue, name: str, loc: Loc | None = None) -> None:
        self.decl = decl
        self.name = name
        self.loc = loc

    def __repr__(self) -> str:
        return f"{type(self).__name__}(decl={self.decl!r}, name={self.name!r}, loc={self.loc!r})"


def _object_name(fb: FunctionBuilder, decl: Any, node: ast.AST, what: str) -> str:
    """The name a map or config value has in the object: its ``name=``, else the module-level name it is used by
    (which must then be a valid BPF name too)."""
    if decl.name is not None:
        return str(decl.name)
    name = _global_name(node)
    if not is_btf_identifier(name):
        raise fb.error(
            node,
            f"{what} {name!r} needs a valid BPF name: BPF names are ASCII identifiers (letters, digits, `_`)",
            "give it one with name=...",
        )
    return name


def _global_name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    raise AssertionError(node)


def map_ref(fb: FunctionBuilder, decl: MapDecl, node: ast.AST) -> MapRef:
    maps: dict[int, MapRef] = fb.program.globals_used.setdefault("maps", {})
    ref = maps.get(id(decl))
    if ref is None:
        name = _object_name(fb, decl, node, "the map")
        if any(r.name == name for r in maps.values()):
            raise fb.error(node, f"two different maps are both named {name!r}; give one name=...")
        ref = maps[id(decl)] = MapRef(decl, name, fb.loc(node))
    return ref


def _map_node(call: ast.Call) -> ast.AST:
    assert isinstance(call.func, ast.Attribute)
    return call.func.value


def _key(fb: FunctionBuilder, ref: MapRef, node: ast.expr) -> H.Expr:
    kt = ref.decl.key_type
    assert kt is not None
    return fb.coerce(fb.expr(node, kt), kt, node, f"the key of map {ref.name!r}")


def _value(fb: FunctionBuilder, ref: MapRef, node: ast.AST, value: H.Expr) -> H.Expr:
    vt = ref.decl.value_type
    assert vt is not None
    return fb.coerce(value, vt, node, f"a value of map {ref.name!r}")


def _args(fb: FunctionBuilder, node: ast.Call, n_min: int, n_max: int, what: str) -> None:
    if node.keywords:
        raise fb.error(node.keywords[0], f"{what} takes positional arguments only", cls=FrontendError)
    if not n_min <= len(node.args) <= n_max:
        raise fb.error(node, f"{what} takes {n_min if n_min == n_max else f'{n_min} or {n_max}'} argument(s)")


def map_method(fb: FunctionBuilder, node: ast.Call, decl: MapDecl, method: str) -> H.Expr:
    ref = map_ref(fb, decl, _map_node(node))
    if isinstance(decl, RingBuf):
        if method != "output":
            raise fb.error(node.func, f"ring buffer {ref.name!r} has only .output(record)")
        _args(fb, node, 1, 1, f"{ref.name}.output()")
        rec = fb.expr(node.args[0])
        if not isinstance(rec.type, RecordType | IntType):
            raise fb.error(node.args[0], f"{ref.name}.output() sends a @record value or an integer, not {rec.type}")
        return H.Intrinsic(VOID, fb.loc(node), I.RINGBUF_OUTPUT, [rec], ref)
    if method == "get":
        _args(fb, node, 1, 2, f"{ref.name}.get()")
        key = _key(fb, ref, node.args[0])
        vt = decl.value_type
        assert vt is not None
        if len(node.args) == 2:
            default = _value(fb, ref, node.args[1], fb.expr(node.args[1], vt))
        elif isinstance(vt, RecordType):
            default = H.Intrinsic(vt, fb.loc(node), I.RECORD_NEW, [], vt)
        else:
            default = H.Const(vt, fb.loc(node), 0)
        return H.Intrinsic(vt, fb.loc(node), I.MAP_GET, [key, default], ref)
    raise fb.error(
        node.func,
        f"map {ref.name!r} has no method {method!r}",
        "maps support m.get(key, default), m[key] = v, del m[key] and `key in m`",
    )


def map_subscript(fb: FunctionBuilder, node: ast.Subscript, decl: MapDecl) -> H.Expr:
    ref = map_ref(fb, decl, node.value)
    if isinstance(decl, HashMap):
        raise fb.error(
            node,
            f"reading {ref.name}[key] from a hash map: use {ref.name}.get(key, default)",
            "a missing key has no value in BPF code, and there are no exceptions to raise",
        )
    if not isinstance(decl, ArrayMap):
        raise fb.error(node, f"{ref.name!r} cannot be subscripted")
    vt = decl.value_type
    default: H.Expr = (
        H.Intrinsic(vt, fb.loc(node), I.RECORD_NEW, [], vt)
        if isinstance(vt, RecordType)
        else H.Const(vt, fb.loc(node), 0)
    )
    return H.Intrinsic(vt, fb.loc(node), I.MAP_GET, [_key(fb, ref, node.slice), default], ref)


def map_store(
    fb: FunctionBuilder, stmt: ast.AST, decl: MapDecl, target: ast.Subscript, value: H.Expr | None, op: str
) -> H.Stmt | list[H.Stmt]:
    ref = map_ref(fb, decl, target.value)
    index = target.slice
    loc = fb.loc(stmt)
    if isinstance(decl, RingBuf):
        raise fb.error(stmt, f"ring buffer {ref.name!r} cannot be subscripted; use {ref.name}.output(record)")
    key = _key(fb, ref, index)
    if op == "del":
        if isinstance(decl, ArrayMap):
            raise fb.error(stmt, f"array map {ref.name!r} entries cannot be deleted; store 0 instead")
        return H.ExprStmt(loc, H.Intrinsic(VOID, loc, I.MAP_DELETE, [key], ref))
    assert value is not None
    if not op:
        v = _value(fb, ref, stmt, value)
        return H.ExprStmt(loc, H.Intrinsic(VOID, loc, I.MAP_SET, [key, v], ref))
    # m[k] op= v: one lookup, the value updated in place (`+=` atomically); a missing hash key starts at 0
    vt = decl.value_type
    assert vt is not None
    if not isinstance(vt, IntType):
        _no_aug(fb, stmt, ref)
    current = H.Intrinsic(vt, loc, I.MAP_CURRENT, [], ref)
    new = fb.coerce(fb.make_binop(op, current, value, stmt), vt, stmt, f"the new value of {ref.name}[key]")
    return H.ExprStmt(loc, H.Intrinsic(VOID, loc, I.MAP_AUG, [key, new], (ref, current)))


def _no_aug(fb: FunctionBuilder, stmt: ast.AST, ref: MapRef) -> None:
    raise fb.error(stmt, f"augmented assignment needs integer values; {ref.name!r} holds records")


def map_contains(fb: FunctionBuilder, node: ast.Compare, decl: MapDecl, key_node: ast.expr) -> H.Expr:
    ref = map_ref(fb, decl, node.comparators[0])
    if not isinstance(decl, HashMap):
        raise fb.error(node, f"`key in {ref.name}` works on hash maps only")
    return H.Intrinsic(BOOL, fb.loc(node), I.MAP_CONTAINS, [_key(fb, ref, key_node)], ref)


# --------------------------------------------------------------------------------------------- records


def record_new(fb: FunctionBuilder, node: ast.Call, cls: type) -> H.Expr:
    rt: RecordType = cls.__pyoombpf_record__  # type: ignore[attr-defined]
    if node.args:
        raise fb.error(
            node.args[0],
            f"{rt.name}(...) takes keyword arguments: {rt.name}(field=value, …)",
            cls=FrontendError,
        )
    given: dict[str, H.Expr] = {}
    for kw in node.keywords:
        if kw.arg is None:
            raise fb.error(kw, "**kwargs is not supported", cls=FrontendError)
        f = rt.field(kw.arg)
        if f is None:
            raise fb.error(kw, f"{rt.name} has no field {kw.arg!r}", f"fields: {', '.join(x.name for x in rt.fields)}")
        given[kw.arg] = fb.coerce(fb.expr(kw.value, f.type), f.type, kw.value, f"field {rt.name}.{kw.arg}")
    args = [given.get(f.name) or H.Const(f.type, fb.loc(node), 0) for f in rt.fields]
    return H.Intrinsic(rt, fb.loc(node), I.RECORD_NEW, args, rt)


def record_field(fb: FunctionBuilder, node: ast.Attribute, base: H.Expr) -> H.Expr:
    rt = base.type
    assert isinstance(rt, RecordType)
    f = rt.field(node.attr)
    if f is None:
        raise fb.error(node, f"{rt.name} has no field {node.attr!r}", f"fields: {', '.join(x.name for x in rt.fields)}")
    return H.Intrinsic(f.type, fb.loc(node), I.RECORD_FIELD, [base], (rt, f))


def record_annotation(fb: FunctionBuilder, node: ast.AST, cls: type) -> Type:
    """A @record class as a parameter's, a local's or a function's result type (``def stats(m) -> Stats:``)."""
    rt: RecordType | None = getattr(cls, "__pyoombpf_record__", None)
    if rt is None:
        raise fb.error(
            node,
            f"class {cls.__name__} is not a type pyoombpf knows",
            "integer types are u8 u16 u32 u64 i8 i16 i32 i64 (from pyoombpf) and bool; records are @record classes",
        )
    return rt


def config_value(fb: FunctionBuilder, node: ast.AST, decl: ConfigValue) -> H.Expr:
    configs: dict[int, ConfigRef] = fb.program.globals_used.setdefault("configs", {})
    ref = configs.get(id(decl))
    if ref is None:
        ref = configs[id(decl)] = ConfigRef(decl, _object_name(fb, decl, node, "the config value"), fb.loc(node))
    t: Type = decl.type
    return H.Intrinsic(t, fb.loc(node), I.CONFIG_READ, [], ref)


def install() -> None:
    """Maps, ring buffers, records and config values."""
    METHOD_RULES[MapDecl] = map_method
    CONTAINS_RULES[MapDecl] = map_contains
    SUBSCRIPT_RULES[MapDecl] = map_subscript
    STORE_RULES[MapDecl] = map_store
    ATTR_RULES[RecordType] = record_field
    ANNOTATION_RULES[type] = record_annotation
    NAME_RULES[ConfigValue] = config_value
    CLASS_CALL_RULES["record"] = record_new
