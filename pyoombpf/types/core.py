"""Semantic types of the policy language, kept apart from their LLVM layout.

Integers are fixed-width and wrap around.  The rules for mixing them live here (one place), and both the LLVM
lowering and the Python execution obey them:

* operands of the same type give that type;
* an integer literal takes the type of the other operand and must fit in it;
* different types combine only when one holds every value of the other (``u32`` + ``i64`` → ``i64``);
  otherwise (``i64`` with ``u64``, ``i32`` with ``u32``) an explicit cast is required;
* ``bool`` behaves as the other operand's type in arithmetic (``True`` is 1), and ``bool`` op ``bool`` for
  ``& | ^`` stays ``bool``;
* comparisons between any two integer types compare the mathematical values (as Python does).
"""

from __future__ import annotations

from pyoombpf.plain import Frozen


class Type:
    """Base of every semantic type."""

    name: str = "?"

    def __str__(self) -> str:
        return self.name


class IntType(Frozen, Type):
    """A fixed-width integer type.  Immutable, equal and hashed by ``(bits, signed)``, shown as
    ``IntType(bits=64, signed=False)``: what ``@dataclass(frozen=True, slots=True)`` made of it, written by hand
    because dataclasses compiled its methods from source at every compile's start-up (``python -X importtime``)."""

    __slots__ = _fields = ("bits", "signed")
    bits: int
    signed: bool

    def __init__(self, bits: int, signed: bool) -> None:
        self._set(bits=bits, signed=signed)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self.bits == other.bits and self.signed == other.signed
        return NotImplemented

    def __hash__(self) -> int:  # type: ignore[override]
        return hash((self.bits, self.signed))

    @property
    def name(self) -> str:  # type: ignore[override]
        return f"{'i' if self.signed else 'u'}{self.bits}"

    @property
    def min(self) -> int:
        return -(1 << (self.bits - 1)) if self.signed else 0

    @property
    def max(self) -> int:
        return (1 << (self.bits - 1)) - 1 if self.signed else (1 << self.bits) - 1

    @property
    def size(self) -> int:
        return self.bits // 8

    def fits(self, value: int) -> bool:
        return self.min <= value <= self.max

    def contains(self, other: IntType) -> bool:
        """True when every value of ``other`` is a value of ``self``."""
        return self.min <= other.min and other.max <= self.max

    def wrap(self, value: int) -> int:
        value &= (1 << self.bits) - 1
        if self.signed and value >> (self.bits - 1):
            value -= 1 << self.bits
        return value

    def __str__(self) -> str:
        return self.name


class _Unit(Frozen, Type):
    """A type without fields: every instance equal to every other of its class (as the dataclasses were)."""

    __slots__ = ()

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(())


class BoolType(_Unit):
    @property
    def name(self) -> str:  # type: ignore[override]
        return "bool"

    def __str__(self) -> str:
        return "bool"


class LiteralIntType(_Unit):
    """The type of an integer literal (or folded constant) before context fixes its width."""

    @property
    def name(self) -> str:  # type: ignore[override]
        return "int literal"

    def __str__(self) -> str:
        return "int literal"


class VoidType(_Unit):
    @property
    def name(self) -> str:  # type: ignore[override]
        return "None"

    def __str__(self) -> str:
        return "None"


class NoneType(_Unit):
    """The type of ``None`` before context makes it a null pointer of some kernel type."""

    @property
    def name(self) -> str:  # type: ignore[override]
        return "None"

    def __str__(self) -> str:
        return "None"


U8, U16, U32, U64 = (IntType(b, False) for b in (8, 16, 32, 64))
I8, I16, I32, I64 = (IntType(b, True) for b in (8, 16, 32, 64))
BOOL = BoolType()
LITERAL = LiteralIntType()
VOID = VoidType()
NONE = NoneType()

INT_TYPES: dict[str, IntType] = {t.name: t for t in (U8, U16, U32, U64, I8, I16, I32, I64)}

#: The type an unannotated local initialised only with literals gets: Python ints are signed.
DEFAULT_INT = I64


def is_integral(t: Type) -> bool:
    """Integer, bool or literal: anything arithmetic accepts."""
    return isinstance(t, IntType | BoolType | LiteralIntType)


class PromotionError(Exception):
    """Two integer types cannot be combined without a cast; the message says which and how."""


def common_int_type(a: Type, b: Type) -> Type:
    """The result type of an arithmetic operation on ``a`` and ``b`` (see the module docstring)."""
    if a == b:
        return a
    if isinstance(a, LiteralIntType):
        return b if not isinstance(b, BoolType) else LITERAL
    if isinstance(b, LiteralIntType):
        return a if not isinstance(a, BoolType) else LITERAL
    if isinstance(a, BoolType):
        return b
    if isinstance(b, BoolType):
        return a
    assert isinstance(a, IntType) and isinstance(b, IntType)
    if a.contains(b):
        return a
    if b.contains(a):
        return b
    raise PromotionError(
        f"cannot mix {a} and {b} without a cast: neither holds every value of the other; "
        f"write {a}(...) or {b}(...) around one operand"
    )


def assignable(target: Type, source: Type) -> bool:
    """Can a value of ``source`` be stored in ``target`` without losing information?"""
    if target == source:
        return True
    if isinstance(target, IntType):
        if isinstance(source, BoolType):
            return True
        if isinstance(source, IntType):
            return target.contains(source)
    return False


def show_int(value: int) -> str:
    """``value`` for a message.  Python refuses to print integers of more than 4,300 digits in decimal, and a
    constant that large says nothing in full: past 128 bits, its size and leading hex digits."""
    if value.bit_length() <= 128:
        return str(value)
    sign = "-" if value < 0 else ""
    head = hex(abs(value))[:14]
    return f"{sign}{head}… (a {value.bit_length()}-bit constant)"
