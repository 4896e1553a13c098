"""Codecs: how Python values become the bytes of map keys, map values and ring-buffer records.

A codec is any object with ``size`` (bytes), ``pack(value) -> bytes`` and ``unpack(data) -> value``.  The
compiler generates record codecs for its own types; this module has the basic ones.
"""

from __future__ import annotations

import struct

from pyoombpf.plain import Frozen

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import Any

    from pyoombpf.runtime.codec_protocol import Codec


def __getattr__(name: str) -> object:
    # The Protocol needs ``typing`` at run time (it is runtime-checkable); the bridge relay uses the codecs below
    # and never asks for it, so it is defined in its own module and imported when someone does.
    if name == "Codec":
        from pyoombpf.runtime.codec_protocol import Codec

        return Codec
    raise AttributeError(f"module 'pyoombpf.runtime.codec' has no attribute {name!r}")


class IntCodec(Frozen):
    """A little-endian (BPF byte order on x86) integer of ``size`` bytes."""

    __slots__ = ("size", "signed")
    _fields = ("size", "signed")
    size: int
    signed: bool

    def __init__(self, size: int, signed: bool = False) -> None:
        if size not in (1, 2, 4, 8):
            raise ValueError(f"IntCodec size must be 1, 2, 4 or 8 bytes, not {size}")
        self._set(size=size, signed=signed)

    def pack(self, value: Any) -> bytes:
        if not isinstance(value, int):
            raise TypeError(f"expected an int for a {self.size}-byte integer, got {type(value).__name__}")
        try:
            return value.to_bytes(self.size, "little", signed=self.signed)
        except OverflowError:
            kind = "a signed" if self.signed else "an unsigned"
            raise ValueError(f"{value} does not fit {kind} {self.size * 8}-bit integer") from None

    def unpack(self, data: bytes) -> int:
        return int.from_bytes(data, "little", signed=self.signed)


class BytesCodec(Frozen):
    """Raw bytes of exactly ``size`` bytes (shorter values are refused, not padded)."""

    __slots__ = ("size",)
    _fields = ("size",)
    size: int

    def __init__(self, size: int) -> None:
        self._set(size=size)

    def pack(self, value: Any) -> bytes:
        if not isinstance(value, bytes | bytearray | memoryview):
            raise TypeError(f"expected bytes of length {self.size}, got {type(value).__name__}")
        data = bytes(value)
        if len(data) != self.size:
            raise ValueError(f"expected {self.size} bytes, got {len(data)}")
        return data

    def unpack(self, data: bytes) -> bytes:
        return bytes(data)


class StructCodec:
    """A C struct described by a :mod:`struct` format (``"<QII"``); unpacks to a tuple or
    ``factory(*fields)``."""

    def __init__(self, fmt: str, factory: Callable[..., Any] | None = None) -> None:
        if fmt[:1] not in "<=>!@":
            fmt = "<" + fmt
        self._struct = struct.Struct(fmt)
        self._factory = factory
        self.size = self._struct.size

    def pack(self, value: Any) -> bytes:
        fields: Sequence[Any] = tuple(value)
        return self._struct.pack(*fields)

    def unpack(self, data: bytes) -> Any:
        fields = self._struct.unpack(data)
        return self._factory(*fields) if self._factory is not None else fields


class RawCodec(Frozen):
    """The codec of maps opened without one: bytes in and out; small sizes also take a little-endian int."""

    __slots__ = ("size",)
    _fields = ("size",)
    size: int

    def __init__(self, size: int) -> None:
        self._set(size=size)

    def pack(self, value: Any) -> bytes:
        if isinstance(value, int) and self.size in (1, 2, 4, 8):
            return IntCodec(self.size).pack(value)
        return BytesCodec(self.size).pack(value)

    def unpack(self, data: bytes) -> bytes:
        return bytes(data)


def check_codec(codec: Codec, expected_size: int, what: str) -> None:
    """Refuse a codec whose size disagrees with the kernel object it is used for."""
    if codec.size != expected_size:
        raise ValueError(f"{what} is {expected_size} bytes but its codec describes {codec.size} bytes")
