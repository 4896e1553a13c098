"""Small value classes without :mod:`dataclasses`: compared, hashed and printed by their fields.

The bridge relay and its watchdog stay resident and lock their memory; ``dataclasses`` (with ``inspect``, ``ast``,
``dis`` and ``tokenize`` behind it) would add a few MiB to each, so the classes those processes use derive from
:class:`Plain` or :class:`Frozen` and write their ``__init__`` by hand (docs/design.md, *The relay's
footprint*).  Standard library only, nothing imported at run time (:class:`LazyPattern` imports ``re`` when
first used).
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Self


class Plain:
    """Equal when the type and the fields (``_fields``, in order) are equal; ``repr`` shows the fields."""

    __slots__ = ()
    _fields: tuple[str, ...] = ()

    def _key(self) -> tuple[Any, ...]:
        return tuple(getattr(self, f) for f in self._fields)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._key() == other._key()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}(" + ", ".join(f"{f}={getattr(self, f)!r}" for f in self._fields) + ")"

    def replace(self, **changes: Any) -> Self:
        """A copy with ``changes`` applied (``dataclasses.replace``)."""
        unknown = set(changes) - set(self._fields)
        if unknown:
            raise TypeError(f"{type(self).__name__} has no field {sorted(unknown)[0]!r}")
        new = object.__new__(type(self))
        for f in self._fields:
            object.__setattr__(new, f, changes[f] if f in changes else getattr(self, f))
        return new


class Frozen(Plain):
    """A :class:`Plain` whose fields cannot be assigned after ``__init__`` (which sets them with
    ``object.__setattr__``); hashable."""

    __slots__ = ()

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}: {type(self).__name__} is immutable")

    def __hash__(self) -> int:  # type: ignore[override]
        return hash((type(self).__name__, *self._key()))

    def _set(self, **values: Any) -> None:
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def __reduce__(self) -> tuple[Any, ...]:  # copy and pickle without going through __setattr__
        return (_rebuild, (type(self), self._key()))


def _rebuild(cls: type[Plain], values: tuple[Any, ...]) -> Plain:
    obj = object.__new__(cls)
    for name, value in zip(cls._fields, values, strict=True):
        object.__setattr__(obj, name, value)
    return obj


class LazyPattern:
    """A regular expression compiled when first used (its methods: ``match``, ``search``, ``finditer``, …).
    Compiling costs ~0.1–0.3 ms a pattern at import; ``pyoombpf compile`` imports modules whose patterns only
    some runs need (the process that lowers never checks a module: LLVM's child does)."""

    def __init__(self, source: str, flags: int = 0) -> None:
        self._source = source
        self._flags = flags

    def __getattr__(self, name: str) -> Any:
        import re

        compiled = re.compile(self._source, self._flags)
        for method in ("match", "fullmatch", "search", "finditer", "findall", "sub", "split"):
            setattr(self, method, getattr(compiled, method))  # later calls do not come here
        return getattr(compiled, name)
