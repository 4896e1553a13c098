"""Semantic types for kernel objects reached through BTF: pointers to structs, embedded structs, arrays.

Kernel names stay kernel names: a ``task_struct`` pointer is ``KPtr("task_struct")`` and its members are read
as ``task.signal.oom_score_adj``.  How a BTF member type maps to a language type is decided in
:func:`member_type`, in one place.
"""

from __future__ import annotations

from pyoombpf.btf import types as B
from pyoombpf.plain import Frozen
from pyoombpf.types.core import BOOL, IntType, Type


class KPtr(Frozen, Type):
    """A pointer to a kernel struct or union (``struct task_struct *``).  ``None`` is its null value.

    Immutable; equal and hashed by the struct's name (and kind); ``repr`` leaves out the struct (it was a
    ``@dataclass(frozen=True, eq=False)`` with ``field(repr=False)``, written by hand now: dataclasses compiled
    its methods from source at every compile's start-up)."""

    __slots__ = ("struct", "embedded")
    _fields: tuple[str, ...] = ("struct", "embedded")
    struct: B.Struct
    #: the address of a struct embedded in another (never NULL)
    embedded: bool

    is_pointer = True
    has_truth = True
    comparable = True

    def __init__(self, struct: B.Struct, embedded: bool = False) -> None:
        self._set(struct=struct, embedded=embedded)

    def __repr__(self) -> str:
        return f"{type(self).__qualname__}(embedded={self.embedded!r})"

    @property
    def name(self) -> str:  # type: ignore[override]
        return f"{self.struct.keyword} {self.struct.name}*"

    def __str__(self) -> str:
        return f"{self.struct.name}*"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, KPtr)
            and other.struct.name == self.struct.name
            and other.struct.is_union == self.struct.is_union
        )

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(("KPtr", self.struct.name))


class KArray(Frozen, Type):
    """A fixed-size array member (``task.comm``): indexable; its value is its address.  Immutable; equal and hashed
    by element type and length; ``repr`` leaves out the BTF array."""

    __slots__ = _fields = ("elem", "nelems", "btf")
    elem: Type
    nelems: int
    btf: B.Array

    def __init__(self, elem: Type, nelems: int, btf: B.Array) -> None:
        self._set(elem=elem, nelems=nelems, btf=btf)

    def __repr__(self) -> str:
        return f"{type(self).__qualname__}(elem={self.elem!r}, nelems={self.nelems!r})"

    @property
    def name(self) -> str:  # type: ignore[override]
        return f"{self.elem}[{self.nelems}]"

    def __str__(self) -> str:
        return self.name

    def __eq__(self, other: object) -> bool:
        return isinstance(other, KArray) and (other.elem, other.nelems) == (self.elem, self.nelems)

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(("KArray", self.elem, self.nelems))


class UnsupportedMember(Exception):
    """A member whose type the language cannot read (the message says why)."""


def int_type(t: B.Int | B.Enum) -> Type:
    if isinstance(t, B.Int) and t.is_bool:
        return BOOL
    size = t.size
    if size not in (1, 2, 4, 8):
        raise UnsupportedMember(f"{size}-byte integers are not supported")
    return IntType(size * 8, bool(getattr(t, "signed", False)))


def member_type(t: B.Type) -> Type:
    """The language type of a value of BTF type ``t`` (typedefs and qualifiers stripped)."""
    t = B.strip(t)
    if isinstance(t, B.Int | B.Enum):
        return int_type(t)
    if isinstance(t, B.Ptr):
        target = B.strip(t.target)
        if isinstance(target, B.Struct):
            return KPtr(target)
        if isinstance(target, B.Fwd):
            raise UnsupportedMember(f"pointer to an opaque {target.name!r} (only forward-declared in BTF)")
        raise UnsupportedMember(f"pointer to {B.type_name(target)} cannot be followed; only pointers to structs")
    if isinstance(t, B.Struct):
        return KPtr(t, embedded=True)
    if isinstance(t, B.Array):
        elem = B.strip(t.elem)
        if isinstance(elem, B.Int | B.Enum):
            return KArray(int_type(elem), t.nelems, t)
        raise UnsupportedMember(f"arrays of {B.type_name(elem)} are not supported")
    raise UnsupportedMember(f"members of type {B.type_name(t)} are not supported")
