"""Ring buffers: records decoded into Python objects, delivered by callback or by iterator.

Lost records: a BPF ring buffer drops nothing once a record is reserved, but ``bpf_ringbuf_reserve`` fails
when the buffer is full and only the program can count that.  By convention a program keeps the count in a map
named ``<ringbuf map>_lost`` (array or per-CPU array, u64 at key 0); :attr:`RingBuffer.lost` reads it
(``None`` when the object has no such map, i.e. losses cannot be known).
"""

from __future__ import annotations

import collections
import errno as _errno
from collections.abc import Callable, Iterator
from typing import Any

from pyoombpf.errors import KernelError, LoadError
from pyoombpf.runtime._ffi import error_code, ffi, lib, pointer_error
from pyoombpf.runtime._resource import KernelResource
from pyoombpf.runtime.codec import Codec
from pyoombpf.runtime.maps import MAP_TYPE_RINGBUF, Map

Decoder = Codec | Callable[[bytes], Any]


def _free(holder: list[Any]) -> None:
    ptr = holder[0]
    if ptr != ffi.NULL:
        lib.ring_buffer__free(ptr)
    holder.clear()  # drops the callback only after libbpf can no longer call it


class RingBuffer(KernelResource):
    """Consumer of a ``BPF_MAP_TYPE_RINGBUF`` map.

    ``decode`` is a codec (its ``unpack``) or any callable taking the record's bytes; without it records are
    bytes. With ``callback`` every record is handed to it during :meth:`poll` / :meth:`consume`; without one
    they queue up for :meth:`iter` / :meth:`drain`.  An exception raised by ``decode`` or ``callback`` stops
    the poll and is re-raised from it.
    """

    _what = "ring buffer"

    def __init__(
        self,
        map: Map,
        decode: Decoder | None = None,
        callback: Callable[[Any], object] | None = None,
        lost_counter: Map | None = None,
    ) -> None:
        if map.type_id != MAP_TYPE_RINGBUF:
            raise TypeError(f"map {map.name!r} is a {map.type} map, not a ring buffer")
        self.map = map
        self._consumer = _Consumer(_decoder(decode), callback)
        self._lost_map = lost_counter if lost_counter is not None else map._obj._find_map(f"{map.name}_lost")
        cb = ffi.callback("int(void *, void *, size_t)", self._consumer.on_sample)
        holder: list[Any] = [ffi.NULL, cb]
        ptr = lib.ring_buffer__new(map.fd, cb, ffi.NULL, ffi.NULL)
        if ptr == ffi.NULL:
            raise LoadError(f"cannot consume ring buffer {map.name!r}", pointer_error())
        holder[0] = ptr
        self._ptr = ptr
        self._track(_free, holder, parent=map._obj)

    @property
    def received(self) -> int:
        """Records delivered so far."""
        return self._consumer.received

    def _check(self, ret: int, what: str) -> int:
        if self._consumer.error is not None:
            exc, self._consumer.error = self._consumer.error, None
            raise exc
        if ret < 0:
            err = error_code(ret)
            if err == _errno.EINTR:
                return 0
            raise KernelError(f"{what} of ring buffer {self.map.name!r} failed: {_errno.errorcode.get(err, err)}")
        return ret

    def poll(self, timeout_ms: int = 100) -> int:
        """Wait up to ``timeout_ms`` (-1: forever) for records; returns how many were handled."""
        self._require_open()
        return self._check(int(lib.ring_buffer__poll(self._ptr, timeout_ms)), "poll")

    def consume(self) -> int:
        """Handle every record available now without waiting; returns how many."""
        self._require_open()
        return self._check(int(lib.ring_buffer__consume(self._ptr)), "consume")

    def drain(self) -> list[Any]:
        """Consume what is available and return every queued record (queue mode only)."""
        self.consume()
        out = list(self._consumer.pending)
        self._consumer.pending.clear()
        return out

    def iter(self, timeout_ms: int = 100) -> Iterator[Any]:
        """Yield records until a poll of ``timeout_ms`` brings nothing new (queue mode only)."""
        if self._consumer.callback is not None:
            raise TypeError("this RingBuffer hands records to its callback; iter() needs one made without callback")
        while True:
            while self._consumer.pending:
                yield self._consumer.pending.popleft()
            if self.poll(timeout_ms) == 0 and not self._consumer.pending:
                return

    def __iter__(self) -> Iterator[Any]:
        return self.iter()

    @property
    def lost(self) -> int | None:
        """Records the program could not reserve (from ``<map>_lost``), or None if the program keeps no
        count."""
        if self._lost_map is None:
            return None
        value = self._lost_map.get(0, 0)
        if isinstance(value, list):
            return sum(int.from_bytes(v, "little") if isinstance(v, bytes) else int(v) for v in value)
        return int.from_bytes(value, "little") if isinstance(value, bytes) else int(value)

    @property
    def epoll_fd(self) -> int:
        """An fd that becomes readable when records arrive (for an outer event loop)."""
        self._require_open()
        return int(lib.ring_buffer__epoll_fd(self._ptr))


def _decoder(decode: Decoder | None) -> Callable[[bytes], Any] | None:
    if decode is None:
        return None
    unpack = getattr(decode, "unpack", None)
    if unpack is None:
        return decode  # type: ignore[return-value]
    size = int(decode.size)  # type: ignore[union-attr]

    def by_codec(data: bytes) -> Any:
        if len(data) < size:
            raise ValueError(f"ring buffer record of {len(data)} bytes is shorter than its codec's {size} bytes")
        return unpack(data[:size])

    return by_codec


class _Consumer:
    """What the C callback touches: kept apart from RingBuffer so the callback does not keep the RingBuffer
    alive."""

    def __init__(self, decode: Callable[[bytes], Any] | None, callback: Callable[[Any], object] | None) -> None:
        self.decode = decode
        self.callback = callback
        self.pending: collections.deque[Any] = collections.deque()
        self.error: BaseException | None = None
        self.received = 0

    def on_sample(self, _ctx: Any, data: Any, size: int) -> int:
        try:
            raw = ffi.buffer(data, size)[:]
            record = self.decode(raw) if self.decode is not None else raw
            self.received += 1
            if self.callback is not None:
                self.callback(record)
            else:
                self.pending.append(record)
            return 0
        except BaseException as exc:  # re-raised by poll()/consume(): an exception must not cross into C
            self.error = exc
            return -_errno.ECANCELED
