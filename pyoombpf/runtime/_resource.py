"""Lifetime of kernel resources: explicit close(), context managers, and closing on garbage collection.

Every resource owns a :class:`weakref.finalize` that releases it (safe at interpreter exit: finalizers run
newest-first, so children go before the object they came from).  A child (link, ring buffer) keeps its parent
alive; closing a parent closes its children first.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from types import TracebackType
from typing import Any, Self

from pyoombpf.errors import KernelError


class KernelResource:
    """Base class: ``close()``, ``closed``, ``with`` support, and a finalizer tree."""

    _fin: weakref.finalize
    _children: weakref.WeakSet[KernelResource]
    _what: str = "resource"

    def _track(self, release: Callable[..., Any], *args: Any, parent: KernelResource | None = None) -> None:
        self._fin = weakref.finalize(self, release, *args)
        self._children = weakref.WeakSet()
        if parent is not None:
            parent._require_open()
            parent._children.add(self)

    @property
    def closed(self) -> bool:
        return not self._fin.alive

    def close(self) -> None:
        """Release the kernel resource (and every resource derived from it).  Idempotent."""
        for child in list(self._children):
            child.close()
        self._fin()

    def _require_open(self) -> None:
        if self.closed:
            raise KernelError(f"{self._what} is closed; open a new one")

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
