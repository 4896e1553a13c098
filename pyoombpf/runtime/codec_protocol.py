"""The codec protocol (:class:`Codec`): what :mod:`pyoombpf.runtime.codec`'s codecs and the compiler's record
codecs have in common.  Its own module because a runtime-checkable Protocol needs ``typing`` at run time, which
the bridge relay does without."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class Codec(Protocol):
    """Converts between Python values and fixed-size byte strings."""

    @property
    def size(self) -> int: ...

    def pack(self, value: Any) -> bytes: ...

    def unpack(self, data: bytes) -> Any: ...
