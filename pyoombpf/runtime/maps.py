"""BPF maps as Python mappings: typed keys and values through codecs, per-CPU values as lists."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from pyoombpf.errors import KernelError, LoadError
from pyoombpf.runtime._ffi import cstr, error_code, ffi, lib
from pyoombpf.runtime.codec import Codec, RawCodec, check_codec

if TYPE_CHECKING:
    from pyoombpf.runtime.object import BpfObject

BPF_ANY, BPF_NOEXIST, BPF_EXIST = 0, 1, 2
_PERCPU_TYPES = {5, 6, 10, 21}  # PERCPU_HASH, PERCPU_ARRAY, LRU_PERCPU_HASH, PERCPU_CGROUP_STORAGE
_ARRAY_TYPES = {2, 6}  # ARRAY, PERCPU_ARRAY: every key exists, delete is refused
MAP_TYPE_RINGBUF = 27
MAP_TYPE_STRUCT_OPS = 26
_ENOENT = 2


@functools.cache
def possible_cpus() -> int:
    """Number of possible CPUs (the stride of per-CPU map values)."""
    with open("/sys/devices/system/cpu/possible") as f:
        text = f.read().strip()
    last = 0
    for part in text.split(","):
        last = max(last, int(part.split("-")[-1]))
    return last + 1


class Map:
    """A map of a loaded :class:`BpfObject`.  Keys and values go through codecs (raw bytes without them)."""

    def __init__(self, obj: BpfObject, ptr: Any, key: Codec | None, value: Codec | None) -> None:
        self._obj = obj
        self._ptr = ptr
        self.name = cstr(lib.bpf_map__name(ptr))
        self.type_id = int(lib.bpf_map__type(ptr))
        self.type = cstr(lib.libbpf_bpf_map_type_str(self.type_id))
        self.key_size = int(lib.bpf_map__key_size(ptr))
        self.value_size = int(lib.bpf_map__value_size(ptr))
        self.max_entries = int(lib.bpf_map__max_entries(ptr))
        self.percpu = self.type_id in _PERCPU_TYPES
        self._key = key if key is not None else RawCodec(self.key_size)
        self._value = value if value is not None else RawCodec(self.value_size)
        if self.key_size:
            check_codec(self._key, self.key_size, f"the key of map {self.name!r}")
        check_codec(self._value, self.value_size, f"the value of map {self.name!r}")
        self._stride = (self.value_size + 7) // 8 * 8 if self.percpu else self.value_size
        self._ncpu = possible_cpus() if self.percpu else 1

    def __repr__(self) -> str:
        return f"<Map {self.name!r} type={self.type} key={self.key_size}B value={self.value_size}B>"

    @property
    def fd(self) -> int:
        self._obj._require_loaded()
        return int(lib.bpf_map__fd(self._ptr))

    # ---------------------------------------------------------------- encoding
    def _key_buf(self, key: Any) -> Any:
        if not self.key_size:
            raise TypeError(f"map {self.name!r} ({self.type}) has no keys")
        return ffi.from_buffer(self._key.pack(key))

    def _value_buf(self, value: Any) -> Any:
        if not self.percpu:
            return ffi.from_buffer(self._value.pack(value))
        values = list(value) if isinstance(value, list | tuple) else [value] * self._ncpu
        if len(values) != self._ncpu:
            raise ValueError(f"per-CPU map {self.name!r} needs {self._ncpu} values, got {len(values)}")
        pad = b"\0" * (self._stride - self.value_size)
        return ffi.from_buffer(b"".join(self._value.pack(v) + pad for v in values))

    def _decode(self, buf: Any) -> Any:
        raw = ffi.buffer(buf)
        if not self.percpu:
            return self._value.unpack(raw[: self.value_size])
        return [
            self._value.unpack(raw[i * self._stride : i * self._stride + self.value_size]) for i in range(self._ncpu)
        ]

    # ---------------------------------------------------------------- operations
    def get(self, key: Any, default: Any = None) -> Any:
        """The value at ``key`` (a list with one value per CPU for per-CPU maps), or ``default``."""
        out = ffi.new("char[]", self._stride * self._ncpu)
        ret = lib.bpf_map_lookup_elem(self.fd, self._key_buf(key), out)
        if ret < 0:
            err = error_code(ret)
            if err == _ENOENT:
                return default
            raise LoadError(f"lookup in map {self.name!r} failed", err)
        return self._decode(out)

    def update(self, key: Any, value: Any, flags: int = BPF_ANY) -> None:
        ret = lib.bpf_map_update_elem(self.fd, self._key_buf(key), self._value_buf(value), flags)
        if ret < 0:
            raise LoadError(f"update of map {self.name!r} failed", error_code(ret))

    def __getitem__(self, key: Any) -> Any:
        missing = object()
        value = self.get(key, missing)
        if value is missing:
            raise KeyError(key)
        return value

    def __setitem__(self, key: Any, value: Any) -> None:
        self.update(key, value)

    def __delitem__(self, key: Any) -> None:
        ret = lib.bpf_map_delete_elem(self.fd, self._key_buf(key))
        if ret < 0:
            err = error_code(ret)
            if err == _ENOENT:
                raise KeyError(key)
            hint = (
                " (array map elements cannot be deleted; write a zero value instead)"
                if self.type_id in _ARRAY_TYPES
                else ""
            )
            raise LoadError(f"delete from map {self.name!r} failed{hint}", err)

    def __contains__(self, key: Any) -> bool:
        missing = object()
        return self.get(key, missing) is not missing

    def _raw_keys(self) -> Iterator[bytes]:
        fd = self.fd
        cur: Any = ffi.NULL
        nxt = ffi.new("char[]", self.key_size)
        while True:
            ret = lib.bpf_map_get_next_key(fd, cur, nxt)
            if ret < 0:
                err = error_code(ret)
                if err == _ENOENT:
                    return
                raise KernelError(f"iterating map {self.name!r} failed: errno {err}")
            key = ffi.buffer(nxt)[:]
            yield key
            cur = ffi.from_buffer(key)

    def keys(self) -> list[Any]:
        """A snapshot of the keys (the map may change while you use it)."""
        if not self.key_size:
            raise TypeError(f"map {self.name!r} ({self.type}) has no keys")
        return [self._key.unpack(k) for k in self._raw_keys()]

    def __iter__(self) -> Iterator[Any]:
        return iter(self.keys())

    def items(self) -> Iterator[tuple[Any, Any]]:
        """(key, value) pairs; keys deleted meanwhile are skipped."""
        missing = object()
        for key in self.keys():
            value = self.get(key, missing)
            if value is not missing:
                yield key, value

    def values(self) -> Iterator[Any]:
        return (v for _k, v in self.items())
