"""Immutable descriptions of C types as BTF describes them.

Types refer to other types through a :class:`TypeRef` that resolves lazily, so recursive kernel types
(``task_struct`` -> ``signal_struct`` -> ``task_struct`` ...) never recurse while built, compared or hashed.
Constructors accept either a :class:`Type` or a :class:`TypeRef` wherever another type is referenced
(``Ptr(Int("int", 4, signed=True))`` works); properties (``Ptr.target``, ``Member.type``, ...) return the
resolved :class:`Type`.

Equality is *shallow*: two types are equal when their own fields are equal and they refer to the same
referenced types (same source and type id, same name in the same layered source, or equal hand-built types).
Use :func:`structurally_equal` for a deep, cycle-safe comparison across sources.  ``type_id`` and ``origin``
are metadata and take no part in equality.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import FrozenInstanceError, dataclass, field
from types import MappingProxyType
from typing import Any, ClassVar, Protocol, overload

from pyoombpf.btf.errors import BtfFormatError


class Resolver(Protocol):
    """Anything that maps a type id to a :class:`Type` (a :class:`~pyoombpf.btf.spec.BtfSpec`)."""

    def type_by_id(self, type_id: int) -> Type: ...


class NameResolver(Protocol):
    """Anything that maps (kind, name) to a :class:`Type` (a :class:`~pyoombpf.btf.abi.TypeSource`)."""

    def lookup(self, kind: str, name: str) -> Type: ...


class TypeRef:
    """A lazy reference to a type.  ``get()`` resolves it; equality and hashing never resolve."""

    __slots__ = ()

    def get(self) -> Type:
        raise NotImplementedError

    def _key(self) -> tuple[Any, ...]:
        raise NotImplementedError

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TypeRef) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())


class FixedRef(TypeRef):
    """A reference to an already-built type (hand-built types, bundle base types)."""

    __slots__ = ("type",)

    def __init__(self, type: Type) -> None:
        self.type = type

    def get(self) -> Type:
        return self.type

    def _key(self) -> tuple[Any, ...]:
        return ("fixed", self.type)

    def __repr__(self) -> str:
        return repr(self.type)


class IdRef(TypeRef):
    """A reference by BTF type id into a :class:`Resolver`."""

    __slots__ = ("resolver", "type_id")

    def __init__(self, resolver: Resolver, type_id: int) -> None:
        self.resolver = resolver
        self.type_id = type_id

    def get(self) -> Type:
        return self.resolver.type_by_id(self.type_id)

    def _key(self) -> tuple[Any, ...]:
        return ("id", id(self.resolver), self.type_id)

    def __repr__(self) -> str:
        return f"#{self.type_id}"


class NamedRef(TypeRef):
    """A reference by kind and name (``struct oom_control``), resolved through a :class:`NameResolver`."""

    __slots__ = ("resolver", "kind", "name")

    def __init__(self, resolver: NameResolver, kind: str, name: str) -> None:
        self.resolver = resolver
        self.kind = kind
        self.name = name

    def get(self) -> Type:
        return self.resolver.lookup(self.kind, self.name)

    def _key(self) -> tuple[Any, ...]:
        return ("named", id(self.resolver), self.kind, self.name)

    def __repr__(self) -> str:
        return self.name if self.kind == "typedef" else f"{self.kind} {self.name}"


def as_ref(t: Type | TypeRef) -> TypeRef:
    return t if isinstance(t, TypeRef) else FixedRef(t)


def _fix(obj: object, attr: str) -> None:
    value = getattr(obj, attr)
    if isinstance(value, Type):
        _set(obj, attr, FixedRef(value))
    elif not isinstance(value, TypeRef):
        raise TypeError(f"{type(obj).__name__}.{attr} must be a Type or TypeRef, not {type(value).__name__}")


_set = object.__setattr__


def _no_fields(obj: object) -> tuple[()]:
    return ()


class _Record:
    """Base of the type records: immutable, compared and hashed by the fields ``_fields`` names (in ``__init__``'s
    order; ``type_id`` and ``origin`` are metadata and take no part), shown by them in ``repr``.  Every field named
    ``*_ref`` holds a :class:`TypeRef` (a :class:`Type` given for one is wrapped in a :class:`FixedRef`).

    Written by hand, not with ``@dataclass(frozen=True, slots=True)``: dataclasses compiles five or six functions
    from source for each class, and these ~20 classes cost ~15 ms of every compile's start-up that way
    (``python -X importtime``: 18 ms of the module's own time).  Each class writes its ``__init__``."""

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()
    _refs: ClassVar[tuple[str, ...]] = ()
    _values: ClassVar[Callable[[Any], Any]] = _no_fields

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        fields = cls.__dict__.get("_fields")
        if fields is not None:
            cls._refs = tuple(f for f in fields if f.endswith("_ref"))
            cls._values = staticmethod(operator.attrgetter(*fields) if fields else _no_fields)

    def _check_refs(self) -> None:
        for attr in self._refs:
            _fix(self, attr)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            values = type(self)._values
            return bool(values(self) == values(other))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(type(self)._values(self))

    def __repr__(self) -> str:
        shown = ", ".join(f"{f}={getattr(self, f)!r}" for f in self._fields)
        return f"{type(self).__qualname__}({shown})"

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")


class _Resolved:
    """A read-only attribute resolving the :class:`TypeRef` in field ``ref_attr`` (``target`` reads
    ``target_ref``)."""

    __slots__ = ("ref_attr",)

    def __init__(self, ref_attr: str) -> None:
        self.ref_attr = ref_attr

    @overload
    def __get__(self, obj: None, owner: type) -> _Resolved: ...

    @overload
    def __get__(self, obj: object, owner: type) -> Type: ...

    def __get__(self, obj: object | None, owner: type) -> Type | _Resolved:
        if obj is None:
            return self
        ref: TypeRef = getattr(obj, self.ref_attr)
        return ref.get()


# ----------------------------------------------------------------------------------------------- the types


class Type(_Record):
    """Base of every type.  ``type_id`` is the BTF id when read from BTF; ``origin`` says where it came from:
    ``"kernel"`` (BTF), ``"bundle"`` (pyoombpf's bundled description), ``"kernel+bundle"`` (a kernel struct
    extended with members of the bundled ABI description) or ``"user"`` (built by hand).  Both are keyword-only
    arguments of every type's constructor."""

    __slots__ = ("type_id", "origin")
    kind: ClassVar[str] = "?"
    _fields: ClassVar[tuple[str, ...]] = ()
    type_id: int | None
    origin: str

    def __init__(self, *, type_id: int | None = None, origin: str = "user") -> None:
        _set(self, "type_id", type_id)
        _set(self, "origin", origin)


class Void(Type):
    __slots__ = ()
    kind: ClassVar[str] = "void"
    _fields: ClassVar[tuple[str, ...]] = ()


class Int(Type):
    """An integer.  ``bits``/``bit_offset`` are only unusual for BTF INT bitfield encodings (rare)."""

    __slots__ = _fields = ("name", "size", "signed", "is_bool", "is_char", "bits", "bit_offset")
    kind: ClassVar[str] = "int"
    name: str
    size: int
    signed: bool
    is_bool: bool
    is_char: bool
    bits: int
    bit_offset: int

    def __init__(
        self,
        name: str,
        size: int,
        signed: bool = False,
        is_bool: bool = False,
        is_char: bool = False,
        bits: int = 0,
        bit_offset: int = 0,
        *,
        type_id: int | None = None,
        origin: str = "user",
    ) -> None:
        Type.__init__(self, type_id=type_id, origin=origin)
        _set(self, "name", name)
        _set(self, "size", size)
        _set(self, "signed", signed)
        _set(self, "is_bool", is_bool)
        _set(self, "is_char", is_char)
        _set(self, "bits", bits or size * 8)
        _set(self, "bit_offset", bit_offset)


class Float(Type):
    __slots__ = _fields = ("name", "size")
    kind: ClassVar[str] = "float"
    name: str
    size: int

    def __init__(self, name: str, size: int, *, type_id: int | None = None, origin: str = "user") -> None:
        Type.__init__(self, type_id=type_id, origin=origin)
        _set(self, "name", name)
        _set(self, "size", size)


class Ptr(Type):
    __slots__ = _fields = ("target_ref",)
    kind: ClassVar[str] = "ptr"
    target_ref: TypeRef

    target = _Resolved("target_ref")

    def __init__(self, target_ref: TypeRef | Type, *, type_id: int | None = None, origin: str = "user") -> None:
        Type.__init__(self, type_id=type_id, origin=origin)
        _set(self, "target_ref", target_ref)
        self._check_refs()


class Array(Type):
    __slots__ = _fields = ("elem_ref", "nelems")
    kind: ClassVar[str] = "array"
    elem_ref: TypeRef
    nelems: int

    elem = _Resolved("elem_ref")

    def __init__(
        self, elem_ref: TypeRef | Type, nelems: int, *, type_id: int | None = None, origin: str = "user"
    ) -> None:
        Type.__init__(self, type_id=type_id, origin=origin)
        _set(self, "elem_ref", elem_ref)
        _set(self, "nelems", nelems)
        self._check_refs()


class Member(_Record):
    """A struct/union member.  Anonymous members (nested anonymous structs/unions) have ``name == ""``."""

    __slots__ = _fields = ("name", "type_ref", "bit_offset", "bitfield_size")
    name: str
    type_ref: TypeRef
    bit_offset: int
    bitfield_size: int

    type = _Resolved("type_ref")

    def __init__(self, name: str, type_ref: TypeRef | Type, bit_offset: int, bitfield_size: int = 0) -> None:
        _set(self, "name", name)
        _set(self, "type_ref", type_ref)
        _set(self, "bit_offset", bit_offset)
        _set(self, "bitfield_size", bitfield_size)
        self._check_refs()

    @property
    def byte_offset(self) -> int:
        return self.bit_offset // 8

    @property
    def is_bitfield(self) -> bool:
        return self.bitfield_size != 0


@dataclass(frozen=True, slots=True)
class Struct(Type):
    """A struct (or union when ``is_union``).  ``size`` is in bytes.

    (Still a dataclass: its hash is cached in ``_hash``, and a dataclass field neither given nor compared is what
    ``pyoombpf.hir.canonical`` leaves out of the object cache's key.)"""

    kind: ClassVar[str] = "struct"
    name: str
    size: int
    members: tuple[Member, ...]
    is_union: bool = False
    _hash: int | None = field(default=None, init=False, repr=False, compare=False)
    type_id: int | None = field(default=None, compare=False, repr=False, kw_only=True)
    origin: str = field(default="user", compare=False, repr=False, kw_only=True)

    def __hash__(self) -> int:  # cached: kernel structs have hundreds of members
        h = self._hash
        if h is None:
            h = hash((self.name, self.size, self.members, self.is_union))
            object.__setattr__(self, "_hash", h)
        return h

    @property
    def keyword(self) -> str:
        return "union" if self.is_union else "struct"

    def member(self, name: str) -> Member:
        """The direct member ``name`` (``KeyError`` if absent; :meth:`find` also searches anonymous ones)."""
        for m in self.members:
            if m.name == name:
                return m
        raise KeyError(f"{self.keyword} {self.name or '(anon)'} has no member {name!r}")

    def find(self, name: str) -> tuple[tuple[int, Member], ...] | None:
        """Path of ``(member index, member)`` pairs to ``name``, descending through anonymous members.

        The indices are what CO-RE access-index relocations need.  ``None`` when there is no such member.
        """
        for i, m in enumerate(self.members):
            if m.name == name:
                return ((i, m),)
        for i, m in enumerate(self.members):
            if m.name:
                continue
            inner = strip(m.type)
            if isinstance(inner, Struct):
                sub = inner.find(name)
                if sub is not None:
                    return ((i, m), *sub)
        return None

    def member_names(self) -> tuple[str, ...]:
        """Every reachable member name, anonymous members flattened."""
        out: list[str] = []
        for m in self.members:
            if m.name:
                out.append(m.name)
            else:
                inner = strip(m.type)
                if isinstance(inner, Struct):
                    out.extend(inner.member_names())
        return tuple(out)


class Enum(Type):
    """An enum (BTF ENUM or ENUM64).  ``values`` maps enumerator names to values, in declaration order."""

    __slots__ = _fields = ("name", "size", "signed", "values")
    kind: ClassVar[str] = "enum"
    name: str
    size: int
    signed: bool
    values: Mapping[str, int]

    def __init__(
        self,
        name: str,
        size: int,
        signed: bool,
        values: Mapping[str, int],
        *,
        type_id: int | None = None,
        origin: str = "user",
    ) -> None:
        Type.__init__(self, type_id=type_id, origin=origin)
        _set(self, "name", name)
        _set(self, "size", size)
        _set(self, "signed", signed)
        _set(self, "values", values if isinstance(values, MappingProxyType) else MappingProxyType(dict(values)))

    def __hash__(self) -> int:
        return hash((self.name, self.size, self.signed, tuple(self.values.items())))


class Fwd(Type):
    __slots__ = _fields = ("name", "is_union")
    kind: ClassVar[str] = "fwd"
    name: str
    is_union: bool

    def __init__(self, name: str, is_union: bool = False, *, type_id: int | None = None, origin: str = "user") -> None:
        Type.__init__(self, type_id=type_id, origin=origin)
        _set(self, "name", name)
        _set(self, "is_union", is_union)


class Typedef(Type):
    __slots__ = _fields = ("name", "target_ref")
    kind: ClassVar[str] = "typedef"
    name: str
    target_ref: TypeRef

    target = _Resolved("target_ref")

    def __init__(
        self, name: str, target_ref: TypeRef | Type, *, type_id: int | None = None, origin: str = "user"
    ) -> None:
        Type.__init__(self, type_id=type_id, origin=origin)
        _set(self, "name", name)
        _set(self, "target_ref", target_ref)
        self._check_refs()


class Qualifier(Type):
    """A ``const`` / ``volatile`` / ``restrict`` qualifier of ``target`` (the three differ only in ``kind``)."""

    __slots__ = _fields = ("target_ref",)
    target_ref: TypeRef

    target = _Resolved("target_ref")

    def __init__(self, target_ref: TypeRef | Type, *, type_id: int | None = None, origin: str = "user") -> None:
        Type.__init__(self, type_id=type_id, origin=origin)
        _set(self, "target_ref", target_ref)
        self._check_refs()


class Const(Qualifier):
    __slots__ = ()
    kind: ClassVar[str] = "const"


class Volatile(Qualifier):
    __slots__ = ()
    kind: ClassVar[str] = "volatile"


class Restrict(Qualifier):
    __slots__ = ()
    kind: ClassVar[str] = "restrict"


class TypeTag(Type):
    """BTF TYPE_TAG (``__attribute__((btf_type_tag("...")))``), e.g. ``address_space(1)``."""

    __slots__ = _fields = ("tag", "target_ref")
    kind: ClassVar[str] = "type_tag"
    tag: str
    target_ref: TypeRef

    target = _Resolved("target_ref")

    def __init__(
        self, tag: str, target_ref: TypeRef | Type, *, type_id: int | None = None, origin: str = "user"
    ) -> None:
        Type.__init__(self, type_id=type_id, origin=origin)
        _set(self, "tag", tag)
        _set(self, "target_ref", target_ref)
        self._check_refs()


class Param(_Record):
    """A function parameter.  ``name`` is empty in prototypes only reached through pointers."""

    __slots__ = _fields = ("name", "type_ref")
    name: str
    type_ref: TypeRef

    type = _Resolved("type_ref")

    def __init__(self, name: str, type_ref: TypeRef | Type) -> None:
        _set(self, "name", name)
        _set(self, "type_ref", type_ref)
        self._check_refs()


class FuncProto(Type):
    __slots__ = _fields = ("ret_ref", "params", "variadic")
    kind: ClassVar[str] = "func_proto"
    ret_ref: TypeRef
    params: tuple[Param, ...]
    variadic: bool

    ret = _Resolved("ret_ref")

    def __init__(
        self,
        ret_ref: TypeRef | Type,
        params: tuple[Param, ...],
        variadic: bool = False,
        *,
        type_id: int | None = None,
        origin: str = "user",
    ) -> None:
        Type.__init__(self, type_id=type_id, origin=origin)
        _set(self, "ret_ref", ret_ref)
        _set(self, "params", params)
        _set(self, "variadic", variadic)
        self._check_refs()


class Func(Type):
    """A function.  ``linkage`` is ``"static"``, ``"global"`` or ``"extern"``; ``is_kfunc`` says whether the
    kernel exposes it to BPF programs (see :meth:`pyoombpf.btf.spec.BtfSpec.kfuncs` for how that is known)."""

    __slots__ = _fields = ("name", "proto_ref", "linkage", "is_kfunc")
    kind: ClassVar[str] = "func"
    name: str
    proto_ref: TypeRef
    linkage: str
    is_kfunc: bool

    def __init__(
        self,
        name: str,
        proto_ref: TypeRef | Type,
        linkage: str = "global",
        is_kfunc: bool = False,
        *,
        type_id: int | None = None,
        origin: str = "user",
    ) -> None:
        Type.__init__(self, type_id=type_id, origin=origin)
        _set(self, "name", name)
        _set(self, "proto_ref", proto_ref)
        _set(self, "linkage", linkage)
        _set(self, "is_kfunc", is_kfunc)
        self._check_refs()

    @property
    def proto(self) -> FuncProto:
        proto = self.proto_ref.get()
        if not isinstance(proto, FuncProto):
            raise BtfFormatError(f"func {self.name} refers to a {proto.kind}, not a FUNC_PROTO")
        return proto


class Var(Type):
    __slots__ = _fields = ("name", "type_ref", "linkage")
    kind: ClassVar[str] = "var"
    name: str
    type_ref: TypeRef
    linkage: str

    type = _Resolved("type_ref")

    def __init__(
        self,
        name: str,
        type_ref: TypeRef | Type,
        linkage: str = "static",
        *,
        type_id: int | None = None,
        origin: str = "user",
    ) -> None:
        Type.__init__(self, type_id=type_id, origin=origin)
        _set(self, "name", name)
        _set(self, "type_ref", type_ref)
        _set(self, "linkage", linkage)
        self._check_refs()


class VarSecinfo(_Record):
    __slots__ = _fields = ("var_ref", "offset", "size")
    var_ref: TypeRef
    offset: int
    size: int

    var = _Resolved("var_ref")

    def __init__(self, var_ref: TypeRef | Type, offset: int, size: int) -> None:
        _set(self, "var_ref", var_ref)
        _set(self, "offset", offset)
        _set(self, "size", size)
        self._check_refs()


class Datasec(Type):
    __slots__ = _fields = ("name", "size", "vars")
    kind: ClassVar[str] = "datasec"
    name: str
    size: int
    vars: tuple[VarSecinfo, ...]

    def __init__(
        self, name: str, size: int, vars: tuple[VarSecinfo, ...], *, type_id: int | None = None, origin: str = "user"
    ) -> None:
        Type.__init__(self, type_id=type_id, origin=origin)
        _set(self, "name", name)
        _set(self, "size", size)
        _set(self, "vars", vars)


class DeclTag(Type):
    """BTF DECL_TAG: ``tag`` attached to ``target`` (``component_idx`` -1 = the whole declaration)."""

    __slots__ = _fields = ("tag", "target_ref", "component_idx")
    kind: ClassVar[str] = "decl_tag"
    tag: str
    target_ref: TypeRef
    component_idx: int

    target = _Resolved("target_ref")

    def __init__(
        self,
        tag: str,
        target_ref: TypeRef | Type,
        component_idx: int = -1,
        *,
        type_id: int | None = None,
        origin: str = "user",
    ) -> None:
        Type.__init__(self, type_id=type_id, origin=origin)
        _set(self, "tag", tag)
        _set(self, "target_ref", target_ref)
        _set(self, "component_idx", component_idx)
        self._check_refs()


Modifier = Typedef | Const | Volatile | Restrict | TypeTag
MODIFIERS = (Typedef, Const, Volatile, Restrict, TypeTag)


# ----------------------------------------------------------------------------------------------- helpers


def strip(t: Type) -> Type:
    """``t`` without typedefs, const, volatile, restrict and type tags (bounded: BTF chains are acyclic,
    but a malformed chain longer than 64 links raises ``BtfFormatError``)."""
    for _ in range(64):
        if not isinstance(t, MODIFIERS):
            return t
        t = t.target
    raise BtfFormatError(f"modifier chain longer than 64 links (a cycle?) at {t!r}")


def type_name(t: Type) -> str:
    """A C spelling of ``t`` for messages: ``struct task_struct *``, ``u64``, ``char[16]``."""
    return _spell(t, 0)


def _spell(t: Type, depth: int) -> str:
    if depth > 8:
        return "..."
    if isinstance(t, Void):
        return "void"
    if isinstance(t, Int | Float | Typedef):
        return t.name
    if isinstance(t, Struct):
        return f"{t.keyword} {t.name or '(anon)'}"
    if isinstance(t, Enum):
        return f"enum {t.name or '(anon)'}"
    if isinstance(t, Fwd):
        return f"{'union' if t.is_union else 'struct'} {t.name}"
    if isinstance(t, Ptr):
        target = t.target
        if isinstance(target, FuncProto):
            params = ", ".join(_spell(p.type, depth + 1) for p in target.params) or "void"
            return f"{_spell(target.ret, depth + 1)} (*)({params})"
        return _spell(target, depth + 1) + " *"
    if isinstance(t, Array):
        return f"{_spell(t.elem, depth + 1)}[{t.nelems}]"
    if isinstance(t, Const | Volatile | Restrict):
        return f"{t.kind} {_spell(t.target, depth + 1)}"
    if isinstance(t, TypeTag):
        return _spell(t.target, depth + 1)
    if isinstance(t, FuncProto):
        params = ", ".join(_spell(p.type, depth + 1) for p in t.params) or "void"
        return f"{_spell(t.ret, depth + 1)} ({params})"
    if isinstance(t, Func | Var | Datasec):
        return t.name
    return t.kind


def sizeof(t: Type) -> int:
    """Size in bytes of ``t`` as the kernel lays it out (pointers are 8 bytes: BPF and x86-64 are LP64)."""
    t = strip(t)
    if isinstance(t, Int | Float | Struct | Enum):
        return t.size
    if isinstance(t, Ptr):
        return 8
    if isinstance(t, Array):
        return sizeof(t.elem) * t.nelems
    raise TypeError(f"{type_name(t)} has no size (it is a {t.kind})")


def alignof(t: Type) -> int:
    """Natural alignment of ``t`` (the alignment the kernel's C compiler used)."""
    t = strip(t)
    if isinstance(t, Int | Float | Enum):
        return min(max(t.size, 1), 8)
    if isinstance(t, Ptr):
        return 8
    if isinstance(t, Array):
        return alignof(t.elem)
    if isinstance(t, Struct):
        return max((alignof(m.type) for m in t.members if not m.is_bitfield), default=1)
    raise TypeError(f"{type_name(t)} has no alignment (it is a {t.kind})")


def structurally_equal(a: Type, b: Type) -> bool:
    """Deep comparison of two types, following references (cycle-safe), ignoring ids and origins.

    Named types compare by kind and name only at depth > 0 (so two ``struct task_struct *`` are equal even if
    one source knows more members): that is how BTF type compatibility works for kfunc arguments too.
    """
    return _deq(a, b, 0)


def _deq(a: Type, b: Type, depth: int) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, Struct | Enum | Fwd) and depth > 0:
        return a.name == getattr(b, "name", None) and a.kind == b.kind
    if isinstance(a, Struct) and isinstance(b, Struct):
        return (a.name, a.size, a.is_union, len(a.members)) == (
            b.name,
            b.size,
            b.is_union,
            len(b.members),
        ) and all(
            (x.name, x.bit_offset, x.bitfield_size) == (y.name, y.bit_offset, y.bitfield_size)
            and _deq(x.type, y.type, depth + 1)
            for x, y in zip(a.members, b.members, strict=True)
        )
    if isinstance(a, FuncProto) and isinstance(b, FuncProto):
        return (
            len(a.params) == len(b.params)
            and a.variadic == b.variadic
            and _deq(a.ret, b.ret, depth + 1)
            and all(_deq(x.type, y.type, depth + 1) for x, y in zip(a.params, b.params, strict=True))
        )
    if isinstance(a, Ptr | Const | Volatile | Restrict | Typedef | TypeTag):
        same_head = getattr(a, "name", None) == getattr(b, "name", None)
        return same_head and _deq(a.target, b.target, depth + 1)  # type: ignore[attr-defined]
    if isinstance(a, Array) and isinstance(b, Array):
        return a.nelems == b.nelems and _deq(a.elem, b.elem, depth + 1)
    if isinstance(a, Func) and isinstance(b, Func):
        return a.name == b.name and _deq(a.proto, b.proto, depth + 1)
    return a == b
