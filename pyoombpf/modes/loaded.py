"""A compiled object loaded into the kernel with its links: what struct_ops and PSI policies share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Self


class LoadedOps:
    """A compiled object (``compiled``: a ``CompiledObject`` or its ``ObjectSpec``) loaded into the kernel, its
    links, and typed access to its maps (from the object's spec).  ``struct_ops``: the object's value is a
    struct_ops map named after the policy.  Closing closes every link (detaching the handler) and the object.
    A context manager."""

    def __init__(
        self, compiled: Any, kind: str, what: str, check: Callable[[], None], *, struct_ops: bool = True
    ) -> None:
        from pyoombpf.runtime import BpfObject

        if compiled.kind != kind:
            raise TypeError(f"{compiled.name} is not {what} (it compiled to a {compiled.kind} program)")
        check()
        self.compiled = compiled
        self._obj = BpfObject.open(compiled.elf, name=compiled.name)
        self._links: list[Any] = []
        self._fds: list[Any] = []
        try:
            self._obj.load()
            self._ops = self._obj.struct_ops(compiled.symbol) if struct_ops else None
        except BaseException:
            self._obj.close()
            raise

    def map(self, name: str) -> Any:
        """A map of the policy, with keys and values typed as declared (ints, @record instances)."""
        key, value = self.compiled.map_codecs(name)
        return self._obj.map(name, key=key, value=value)

    def close(self) -> None:
        for link in self._links:
            link.close()
        for fd in self._fds:
            fd.close()
        self._links.clear()
        self._fds.clear()
        self._obj.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
