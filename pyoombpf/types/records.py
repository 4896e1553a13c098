"""Records: fixed-layout structs declared in Python with ``@record``.

The layout is C's (natural alignment, fields in declaration order, tail padding to the largest alignment), so
the kernel, user space and BTF agree.  A record class doubles as the codec for its bytes.
"""

from __future__ import annotations

import struct
from typing import Any

from pyoombpf.errors import DeclarationError
from pyoombpf.names import check_name, declaration_error, short_repr, user_loc
from pyoombpf.plain import Frozen
from pyoombpf.types.core import BoolType, IntType, Type

#: names a record class defines itself
_RESERVED_FIELDS = {"size": "the record's size in bytes", "pack": "its encoder", "unpack": "its decoder"}

_FMT = {
    (8, False): "B",
    (16, False): "H",
    (32, False): "I",
    (64, False): "Q",
    (8, True): "b",
    (16, True): "h",
    (32, True): "i",
    (64, True): "q",
}


class RecordField(Frozen):
    """A field of a record's layout.  Immutable, equal only to itself (it was a ``@dataclass(frozen=True,
    eq=False)``, written by hand now: dataclasses compiled its methods from source at every compile's start-up)."""

    __slots__ = _fields = ("name", "type", "offset")
    name: str
    type: IntType | BoolType
    offset: int

    __eq__ = object.__eq__
    __hash__ = object.__hash__

    def __init__(self, name: str, type: IntType | BoolType, offset: int) -> None:
        self._set(name=name, type=type, offset=offset)


class RecordType(Frozen, Type):
    """A record's semantic type: its layout and (once made) its Python class.  Immutable, equal only to itself;
    ``repr`` leaves out the class."""

    __slots__ = _fields = ("cls_name", "fields", "size", "pycls")
    cls_name: str
    fields: tuple[RecordField, ...]
    size: int
    pycls: Any

    comparable = False

    __eq__ = object.__eq__
    __hash__ = object.__hash__  # type: ignore[assignment]

    def __init__(self, cls_name: str, fields: tuple[RecordField, ...], size: int, pycls: Any = None) -> None:
        self._set(cls_name=cls_name, fields=fields, size=size, pycls=pycls)

    def __repr__(self) -> str:
        return f"{type(self).__qualname__}(cls_name={self.cls_name!r}, fields={self.fields!r}, size={self.size!r})"

    @property
    def name(self) -> str:  # type: ignore[override]
        return self.cls_name

    def __str__(self) -> str:
        return self.cls_name

    def field(self, name: str) -> RecordField | None:
        for f in self.fields:
            if f.name == name:
                return f
        return None


def _width(t: IntType | BoolType) -> int:
    return 1 if isinstance(t, BoolType) else t.bits // 8


def layout(names_types: list[tuple[str, IntType | BoolType]]) -> tuple[tuple[RecordField, ...], int]:
    offset, align = 0, 1
    out = []
    for n, t in names_types:
        w = _width(t)
        offset = (offset + w - 1) // w * w
        out.append(RecordField(n, t, offset))
        offset += w
        align = max(align, w)
    size = max((offset + align - 1) // align * align, 1)
    return tuple(out), size


def record_type(cls: type) -> type:
    from pyoombpf.dsl.scalars import Scalar

    if not isinstance(cls, type):
        what = f"function {cls.__name__}" if callable(cls) and hasattr(cls, "__name__") else short_repr(cls)
        raise declaration_error(f"@record decorates a class of fields, not {what}")
    ann = cls.__dict__.get("__annotations__", {})
    check_name(cls.__name__, "a record's name")
    if not ann:
        raise declaration_error(f"@record class {cls.__name__} declares no fields (write `name: u32` lines)")
    mod = __import__(cls.__module__, fromlist=["_"]) if cls.__module__ in __import__("sys").modules else None
    names_types: list[tuple[str, IntType | BoolType]] = []
    for n, a in ann.items():
        check_name(n, "a record field's name")
        if n in _RESERVED_FIELDS or n.startswith("__"):
            what = _RESERVED_FIELDS.get(n, "Python's own (names starting with __ are)")
            raise DeclarationError(f"a record field cannot be named {n!r}: the name is {what}", user_loc())
        if isinstance(a, str):  # postponed annotations
            a = eval(a, vars(mod) if mod else {}, {})  # noqa: S307 - the class's own annotations
        if isinstance(a, Scalar):
            names_types.append((n, a.type))
        elif a is bool:
            names_types.append((n, BoolType()))
        else:
            raise declaration_error(f"@record field {cls.__name__}.{n} must be an integer type (u32, u64, …) or bool")
    fields, size = layout(names_types)
    rt = RecordType(cls.__name__, fields, size)
    return _make_class(cls, rt)


def _make_class(cls: type, rt: RecordType) -> type:
    names = [f.name for f in rt.fields]
    packer = _Packer(rt)

    def __init__(self: Any, **kwargs: int) -> None:
        unknown = set(kwargs) - set(names)
        if unknown:
            raise TypeError(f"{cls.__name__}() has no field(s) {', '.join(sorted(unknown))}")
        for f in rt.fields:
            v = kwargs.get(f.name, 0)
            object.__setattr__(self, f.name, bool(v) if isinstance(f.type, BoolType) else f.type.wrap(int(v)))

    def __setattr__(self: Any, name: str, value: Any) -> None:
        raise AttributeError(f"{cls.__name__} records are immutable; build a new one: {cls.__name__}({name}=...)")

    def __eq__(self: Any, other: object) -> bool:
        return type(other) is type(self) and all(getattr(self, n) == getattr(other, n) for n in names)

    def __hash__(self: Any) -> int:
        return hash(tuple(getattr(self, n) for n in names))

    def __repr__(self: Any) -> str:
        return f"{cls.__name__}(" + ", ".join(f"{n}={getattr(self, n)!r}" for n in names) + ")"

    ns = {
        "__slots__": tuple(names),
        "__init__": __init__,
        "__setattr__": __setattr__,
        "__eq__": __eq__,
        "__hash__": __hash__,
        "__repr__": __repr__,
        "__pyoombpf_record__": rt,
        "__module__": cls.__module__,
        "__qualname__": cls.__qualname__,
        "__doc__": cls.__doc__,
        "size": rt.size,
        "pack": staticmethod(packer.pack),
        "unpack": classmethod(lambda c, data: packer.unpack(c, data)),
    }
    new = type(cls.__name__, (), ns)
    object.__setattr__(rt, "pycls", new)
    return new


class _Packer:
    def __init__(self, rt: RecordType) -> None:
        self.rt = rt
        self.st = struct.Struct("<" + "".join(self._codes()))

    def _codes(self) -> list[str]:
        out, pos = [], 0
        for f in self.rt.fields:
            if f.offset > pos:
                out.append(f"{f.offset - pos}x")
            t = f.type
            out.append("?" if isinstance(t, BoolType) else _FMT[(t.bits, t.signed)])
            pos = f.offset + _width(t)
        if self.rt.size > pos:
            out.append(f"{self.rt.size - pos}x")
        return out

    def pack(self, value: Any) -> bytes:
        return self.st.pack(*(getattr(value, f.name) for f in self.rt.fields))

    def unpack(self, cls: type, data: bytes) -> Any:
        vals = self.st.unpack(bytes(data[: self.rt.size]))
        return cls(**{f.name: v for f, v in zip(self.rt.fields, vals, strict=True)})
