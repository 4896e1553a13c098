"""Elements of a tuple of constants picked at run time, ``LIMITS[i]``, which type like a literal.

Such a select is an ``H.IfExp`` chain whose leaves are the tuple's constants.  Like a literal it takes the type of
what it meets where every choice fits, and constant arithmetic on it is applied to each choice (so
``LIMITS[i] * 2**20`` is a select of constants too).  Only the selects the builder made for ``T[i]`` are marked:
a conditional expression the user wrote (``5 if c else 7``, ``u8(200) if c else u8(5)``) keeps the typing it
always had.
"""

from __future__ import annotations

from collections.abc import Iterator

from pyoombpf.hir import nodes as H
from pyoombpf.types.core import DEFAULT_INT, IntType, Type

U64 = IntType(64, False)


class LiteralSelects:
    """The literal selects of one function being built (kept alive here, so their ids stay theirs)."""

    def __init__(self) -> None:
        self._marked: dict[int, H.IfExp] = {}

    def mark(self, e: H.IfExp) -> H.IfExp:
        self._marked[id(e)] = e
        return e

    def __contains__(self, e: object) -> bool:
        return isinstance(e, H.IfExp) and self._marked.get(id(e)) is e

    def retyped(self, e: H.Expr, t: Type) -> H.Expr:
        """``e`` as a ``t`` if it is a literal select whose every choice fits ``t``; anything else as it is."""
        if e not in self or not isinstance(t, IntType) or e.type == t:
            return e
        if not all(t.fits(v) for v in choices(e)):
            return e
        return self.rebuilt(e, t)

    def rebuilt(self, e: H.Expr, t: IntType) -> H.Expr:
        """The select ``e`` (IfExp/Const leaves) with every node typed ``t``, marked."""
        out = _rebuilt(e, t)
        return self.mark(out) if isinstance(out, H.IfExp) else out


def choices(e: H.Expr) -> Iterator[int]:
    """The constants a select can give."""
    while isinstance(e, H.IfExp):
        yield from choices(e.body)
        e = e.orelse
    assert isinstance(e, H.Const)
    yield e.value


def smallest_type(values: list[int], preferred: Type) -> IntType | None:
    """The type for a select of ``values``: ``preferred`` where all fit, else i64, else u64, else None."""
    for t in (preferred, DEFAULT_INT, U64):
        if isinstance(t, IntType) and all(t.fits(v) for v in values):
            return t
    return None


def _rebuilt(e: H.Expr, t: IntType) -> H.Expr:
    if isinstance(e, H.IfExp):
        return H.IfExp(t, e.loc, e.test, _rebuilt(e.body, t), _rebuilt(e.orelse, t))
    assert isinstance(e, H.Const)
    return H.Const(t, e.loc, e.value)
