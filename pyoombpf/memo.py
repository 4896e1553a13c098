"""A memo of values computed per object (a policy function, a compiled object) that forgets an entry when its
object is gone, so a process that defines policies again and again (a notebook, closures made in a loop, a long
test session) does not keep every one it ever saw.

Keyed by identity, not equality.  Objects that cannot be weakly referenced are held for the life of the process,
as every object was before.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Generic, TypeVar

V = TypeVar("V")


class PerObject(Generic[V]):
    """``memo.get(obj, make)``: ``make()`` once per live ``obj``."""

    def __init__(self) -> None:
        self._values: dict[int, tuple[Callable[[], object], V]] = {}

    def get(self, obj: object, make: Callable[[], V]) -> V:
        key = id(obj)
        hit = self._values.get(key)
        if hit is not None and hit[0]() is obj:
            return hit[1]
        value = make()
        try:
            ref: Callable[[], object] = weakref.ref(obj)
            weakref.finalize(obj, self._values.pop, key, None)  # runs before the id can be reused
        except TypeError:  # not weakly referenceable: held, so its id stays its own
            ref = _Strong(obj)
        self._values[key] = (ref, value)
        return value

    def __len__(self) -> int:
        return len(self._values)


class _Strong:
    __slots__ = ("_obj",)

    def __init__(self, obj: object) -> None:
        self._obj = obj

    def __call__(self) -> object:
        return self._obj
