"""BPF maps as Python mappings: typed keys and values through codecs, per-CPU values as lists.

A :class:`Map` works on the map's file descriptor with plain ``bpf(2)`` calls (:mod:`pyoombpf.runtime.bpfsys`):
the maps of an object libbpf loaded (:meth:`BpfObject.map <pyoombpf.runtime.object.BpfObject.map>`) and maps whose
fds came from elsewhere (:meth:`Map.from_fd`, what the bridge relay uses) behave the same.  This module imports
neither cffi nor libbpf.
"""

from __future__ import annotations

import functools

from pyoombpf.errors import KernelError, LoadError
from pyoombpf.runtime import bpfsys
from pyoombpf.runtime.codec import RawCodec, check_codec

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import Any

    from pyoombpf.runtime.codec import Codec

BPF_ANY, BPF_NOEXIST, BPF_EXIST = 0, 1, 2
_PERCPU_TYPES = {5, 6, 10, 21}  # PERCPU_HASH, PERCPU_ARRAY, LRU_PERCPU_HASH, PERCPU_CGROUP_STORAGE
_ARRAY_TYPES = {2, 6}  # ARRAY, PERCPU_ARRAY: every key exists, delete is refused
MAP_TYPE_RINGBUF = 27
MAP_TYPE_STRUCT_OPS = 26
_ENOENT = 2
#: enum bpf_map_type, spelled as libbpf spells it (kernel UAPI: the numbers never change)
MAP_TYPE_NAMES = (
    "unspec", "hash", "array", "prog_array", "perf_event_array", "percpu_hash", "percpu_array", "stack_trace",
    "cgroup_array", "lru_hash", "lru_percpu_hash", "lpm_trie", "array_of_maps", "hash_of_maps", "devmap",
    "sockmap", "cpumap", "xskmap", "sockhash", "cgroup_storage", "reuseport_sockarray", "percpu_cgroup_storage",
    "queue", "stack", "sk_storage", "devmap_hash", "struct_ops", "ringbuf", "inode_storage", "task_storage",
    "bloom_filter", "user_ringbuf", "cgrp_storage", "arena",
)  # fmt: skip


@functools.cache
def possible_cpus() -> int:
    """Number of possible CPUs (the stride of per-CPU map values)."""
    with open("/sys/devices/system/cpu/possible") as f:
        text = f.read().strip()
    last = 0
    for part in text.split(","):
        last = max(last, int(part.split("-")[-1]))
    return last + 1


def map_type_name(type_id: int) -> str:
    return MAP_TYPE_NAMES[type_id] if 0 <= type_id < len(MAP_TYPE_NAMES) else f"type {type_id}"


class Map:
    """A BPF map.  Keys and values go through codecs (raw bytes without them).

    ``owner`` is what the map belongs to (a loaded object: its ``_require_loaded()`` guards every use), ``fd_of``
    gives the map's fd.  :meth:`from_fd` makes one from a bare fd."""

    def __init__(
        self,
        owner: Any,
        fd_of: Callable[[], int],
        name: str,
        type_id: int,
        key_size: int,
        value_size: int,
        max_entries: int,
        key: Codec | None = None,
        value: Codec | None = None,
        handle: Any = None,
    ) -> None:
        self._obj = owner
        self._fd_of = fd_of
        #: libbpf's ``struct bpf_map *`` when libbpf opened the map (struct_ops registration needs it), else None
        self._ptr = handle
        self.name = name
        self.type_id = type_id
        self.type = map_type_name(type_id)
        self.key_size = key_size
        self.value_size = value_size
        self.max_entries = max_entries
        self.percpu = self.type_id in _PERCPU_TYPES
        self._key = key if key is not None else RawCodec(self.key_size)
        self._value = value if value is not None else RawCodec(self.value_size)
        if self.key_size:
            check_codec(self._key, self.key_size, f"the key of map {self.name!r}")
        check_codec(self._value, self.value_size, f"the value of map {self.name!r}")
        self._stride = (self.value_size + 7) // 8 * 8 if self.percpu else self.value_size
        self._ncpu = possible_cpus() if self.percpu else 1

    @classmethod
    def from_fd(cls, owner: Any, fd: int, name: str | None = None, key: Codec | None = None,
                value: Codec | None = None) -> Map:  # fmt: skip
        """The map behind ``fd`` (sizes and type asked from the kernel); ``name`` overrides the kernel's, which is
        cut to 15 characters."""
        info = bpfsys.MapInfo(fd)
        return cls(owner, lambda: fd, name or info.name, info.type_id, info.key_size, info.value_size,
                   info.max_entries, key, value)  # fmt: skip

    def __repr__(self) -> str:
        return f"<Map {self.name!r} type={self.type} key={self.key_size}B value={self.value_size}B>"

    @property
    def fd(self) -> int:
        self._obj._require_loaded()
        return self._fd_of()

    # ---------------------------------------------------------------- encoding
    def _key_bytes(self, key: Any) -> bytes:
        if not self.key_size:
            raise TypeError(f"map {self.name!r} ({self.type}) has no keys")
        return self._key.pack(key)

    def _value_bytes(self, value: Any) -> bytes:
        if not self.percpu:
            return self._value.pack(value)
        values = list(value) if isinstance(value, list | tuple) else [value] * self._ncpu
        if len(values) != self._ncpu:
            raise ValueError(f"per-CPU map {self.name!r} needs {self._ncpu} values, got {len(values)}")
        pad = b"\0" * (self._stride - self.value_size)
        return b"".join(self._value.pack(v) + pad for v in values)

    def _decode(self, raw: bytes) -> Any:
        if not self.percpu:
            return self._value.unpack(raw[: self.value_size])
        return [
            self._value.unpack(raw[i * self._stride : i * self._stride + self.value_size]) for i in range(self._ncpu)
        ]

    # ---------------------------------------------------------------- operations
    def get(self, key: Any, default: Any = None) -> Any:
        """The value at ``key`` (a list with one value per CPU for per-CPU maps), or ``default``."""
        try:
            raw = bpfsys.map_lookup(self.fd, self._key_bytes(key), self._stride * self._ncpu)
        except OSError as exc:
            raise LoadError(f"lookup in map {self.name!r} failed", exc.errno or 0) from None
        return default if raw is None else self._decode(raw)

    def update(self, key: Any, value: Any, flags: int = BPF_ANY) -> None:
        try:
            bpfsys.map_update(self.fd, self._key_bytes(key), self._value_bytes(value), flags)
        except OSError as exc:
            raise LoadError(f"update of map {self.name!r} failed", exc.errno or 0) from None

    def __getitem__(self, key: Any) -> Any:
        missing = object()
        value = self.get(key, missing)
        if value is missing:
            raise KeyError(key)
        return value

    def __setitem__(self, key: Any, value: Any) -> None:
        self.update(key, value)

    def __delitem__(self, key: Any) -> None:
        try:
            bpfsys.map_delete(self.fd, self._key_bytes(key))
        except FileNotFoundError:
            raise KeyError(key) from None
        except OSError as exc:
            hint = (
                " (array map elements cannot be deleted; write a zero value instead)"
                if self.type_id in _ARRAY_TYPES
                else ""
            )
            raise LoadError(f"delete from map {self.name!r} failed{hint}", exc.errno or 0) from None

    def __contains__(self, key: Any) -> bool:
        missing = object()
        return self.get(key, missing) is not missing

    def _raw_keys(self) -> Iterator[bytes]:
        try:
            yield from bpfsys.map_keys(self.fd, self.key_size)
        except OSError as exc:
            raise KernelError(f"iterating map {self.name!r} failed: errno {exc.errno}") from None

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
