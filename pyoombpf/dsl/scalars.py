"""The integer type names users write: ``u8 … i64``.

Each is usable as an annotation and as an explicit, wrapping cast (``u32(x)``), both in compiled code and when the
function runs as plain Python.
"""

from __future__ import annotations

from pyoombpf.types.core import I8, I16, I32, I64, U8, U16, U32, U64, IntType


class Scalar:
    """A fixed-width integer type as a Python object."""

    __slots__ = ("type",)

    def __init__(self, type_: IntType) -> None:
        self.type = type_

    def __call__(self, value: int) -> int:
        return self.type.wrap(int(value))

    def __repr__(self) -> str:
        return f"pyoombpf.{self.type.name}"


u8, u16, u32, u64 = (Scalar(t) for t in (U8, U16, U32, U64))
i8, i16, i32, i64 = (Scalar(t) for t in (I8, I16, I32, I64))

__all__ = ["Scalar", "u8", "u16", "u32", "u64", "i8", "i16", "i32", "i64"]
