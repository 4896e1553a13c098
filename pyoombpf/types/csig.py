"""C-level signatures of kernel functions, as the object must declare them (BTF kinds and names matter:
libbpf checks a kfunc's declared prototype against the kernel's)."""

from __future__ import annotations

from typing import Any

from pyoombpf.btf import types as B
from pyoombpf.plain import Frozen


class CType(Frozen):
    """A C type of a kfunc prototype: an integer or enum (with the kernel's name and width), ``void``, or a
    pointer (to a struct of known size, to an integer, or ``void *``)."""

    __slots__ = _fields = ("kind", "bits", "signed", "name", "struct", "struct_size", "union", "pointee_int")

    kind: str  # "int" | "enum" | "void" | "ptr"
    bits: int
    signed: bool
    name: str
    struct: str  # pointee struct/union name for kind == "ptr" ("" = void * unless pointee_int)
    struct_size: int  # bytes; the pointee is declared as a complete struct of this size
    union: bool
    pointee_int: CType | None

    def __init__(
        self,
        kind: str,
        bits: int = 0,
        signed: bool = False,
        name: str = "",
        struct: str = "",
        struct_size: int = 0,
        union: bool = False,
        pointee_int: CType | None = None,
    ) -> None:
        self._set(
            kind=kind,
            bits=bits,
            signed=signed,
            name=name,
            struct=struct,
            struct_size=struct_size,
            union=union,
            pointee_int=pointee_int,
        )


INT = CType("int", 32, True, name="int")
VOID = CType("void")


class KfuncSig(Frozen):
    __slots__ = _fields = ("name", "ret", "params", "weak")
    name: str
    ret: CType
    params: tuple[tuple[str, CType], ...]
    weak: bool

    def __init__(self, name: str, ret: CType, params: tuple[tuple[str, CType], ...], weak: bool = True) -> None:
        self._set(name=name, ret=ret, params=params, weak=weak)


class UnsupportedCType(Exception):
    """A BTF type that cannot be declared in a kfunc prototype yet."""


def ctype(t: B.Type) -> CType:
    """The C type to declare for BTF type ``t`` (names and kinds as the kernel has them)."""
    s = B.strip(t)
    if isinstance(s, B.Int):
        return CType("int", s.size * 8, s.signed, name=s.name)
    if isinstance(s, B.Enum):
        return CType("enum", s.size * 8, s.signed, name=s.name or "anon_enum")
    if isinstance(s, B.Ptr):
        target = B.strip(s.target)
        if isinstance(target, B.Struct):
            return CType("ptr", struct=target.name, struct_size=target.size, union=target.is_union)
        if isinstance(target, B.Int):
            return CType("ptr", pointee_int=ctype(target))
        if isinstance(target, B.Void):
            return CType("ptr")
    raise UnsupportedCType(f"type {B.type_name(s)} is not supported in kfunc prototypes yet")


def kfunc_sig(types: Any, name: str) -> KfuncSig:
    """The declaration of kfunc ``name`` from a type source (kernel BTF, then the bundled ABI description)."""
    func = types.kfunc(name)
    proto = B.strip(func.proto)
    assert isinstance(proto, B.FuncProto)
    params = tuple((p.name or f"arg{i}", ctype(p.type)) for i, p in enumerate(proto.params))
    ret = proto.ret
    ret_c = CType("void") if ret is None or isinstance(B.strip(ret), B.Void) else ctype(ret)
    return KfuncSig(name, ret_c, params, weak=True)
