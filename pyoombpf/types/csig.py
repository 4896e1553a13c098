"""C-level signatures of kernel functions, as the object must declare them (BTF kinds and names matter:
libbpf checks a kfunc's declared prototype against the kernel's)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CType:
    """A C type of a kfunc prototype: an integer or enum (with the kernel's name and width), ``void``, or a
    pointer (to a struct of known size, to an integer, or ``void *``)."""

    kind: str  # "int" | "enum" | "void" | "ptr"
    bits: int = 0
    signed: bool = False
    name: str = ""
    struct: str = ""  # pointee struct/union name for kind == "ptr" ("" = void * unless pointee_int)
    struct_size: int = 0  # bytes; the pointee is declared as a complete struct of this size
    union: bool = False
    pointee_int: CType | None = None


INT = CType("int", 32, True, name="int")
VOID = CType("void")


@dataclass(frozen=True)
class KfuncSig:
    name: str
    ret: CType
    params: tuple[tuple[str, CType], ...]
    weak: bool = True
