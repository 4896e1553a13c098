"""Module-level declarations shared by the kernel and user space: maps, records, read-only config values.

```python
prefs = HashMap(u64, Pref, max_entries=1024)      # key type, value type
last = LruHashMap(u64, u64, max_entries=16384)    # the same, but full evicts the least recently used key
counters = ArrayMap(u64, max_entries=8)           # array of u64 indexed by u32
events = RingBuf(max_bytes=256 * 1024)            # records out to user space

@record
class Pref:
    mode: u32
    last_pgscan: u64

threshold = config(u64, 100)                      # read-only in the kernel, settable before load
```

In compiled code: ``prefs.get(k, default)``, ``prefs[k] = v``, ``del prefs[k]``, ``k in prefs`` (the same on an
``LruHashMap``), ``counters[i]`` (0 when out of range), ``counters[i] = v``, ``counters[i] += v``,
``events.output(Event(...))`` and ``threshold`` as a value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pyoombpf.dsl.scalars import Scalar
from pyoombpf.names import check_name, declaration_error, short_repr
from pyoombpf.types.core import BoolType, IntType, Type
from pyoombpf.types.records import RecordType, record_type

#: the kernel's map sizes are 32-bit
MAX_ENTRIES = 0xFFFF_FFFF
#: BTF names may be longer, but a map's kernel name holds 15 bytes (libbpf shortens it) and user space finds maps
#: by name: a generous bound that still keeps names readable in `bpftool map`
MAX_NAME_BYTES = 63


def value_type(t: Any) -> Type:
    """The language type of a declaration's key/value type argument (a Scalar or a record class)."""
    if isinstance(t, Scalar):
        return t.type
    rt = getattr(t, "__pyoombpf_record__", None)
    if isinstance(rt, RecordType):
        return rt
    raise declaration_error(
        f"map keys and values are integer types (u32, u64, …) or @record classes, not {short_repr(t)}"
    )


class MapDecl:
    """Base of map declarations.  ``name`` defaults to the module-level name it is bound to."""

    kind: str = ""
    map_type: int = 0

    def __init__(self, max_entries: int, name: str | None = None) -> None:
        if name is not None:
            check_name(name, "a map's name", MAX_NAME_BYTES)
        if not isinstance(max_entries, int) or isinstance(max_entries, bool) or not 0 < max_entries <= MAX_ENTRIES:
            raise declaration_error(
                f"max_entries must be a positive integer of at most {MAX_ENTRIES}, got {short_repr(max_entries)}"
            )
        self.max_entries = int.__int__(max_entries)  # an IntEnum member counts as the int it holds
        self.name = name

    @property
    def key_type(self) -> Type | None:
        return None

    @property
    def value_type(self) -> Type | None:
        return None


class HashMap(MapDecl):
    kind = "hash"
    map_type = 1  # BPF_MAP_TYPE_HASH

    def __init__(self, key: Any, value: Any, max_entries: int, name: str | None = None) -> None:
        super().__init__(max_entries, name)
        self._key = value_type(key)
        self._value = value_type(value)

    @property
    def key_type(self) -> Type:
        return self._key

    @property
    def value_type(self) -> Type:
        return self._value

    def __repr__(self) -> str:
        return f"HashMap({self._key}, {self._value}, max_entries={self.max_entries})"


class LruHashMap(HashMap):
    """A hash map whose update, when the map is full, evicts the least recently used entry instead of failing
    (BPF_MAP_TYPE_LRU_HASH, kernel 4.10): for state kept per cgroup (or per process) across decisions, where
    the keys come and go and nothing deletes them.  The kernel's recency is approximate (per-CPU lists, a
    reference bit), and an update of an existing key takes a free entry too: size it above the number of keys
    live at once.  Everything else is a :class:`HashMap`."""

    kind = "lru_hash"
    map_type = 9  # BPF_MAP_TYPE_LRU_HASH

    def __repr__(self) -> str:
        return f"LruHashMap({self.key_type}, {self.value_type}, max_entries={self.max_entries})"


class ArrayMap(MapDecl):
    kind = "array"
    map_type = 2  # BPF_MAP_TYPE_ARRAY

    def __init__(self, value: Any, max_entries: int, name: str | None = None) -> None:
        super().__init__(max_entries, name)
        self._value = value_type(value)

    @property
    def key_type(self) -> Type:
        return IntType(32, False)

    @property
    def value_type(self) -> Type:
        return self._value

    def __repr__(self) -> str:
        return f"ArrayMap({self._value}, max_entries={self.max_entries})"


class RingBuf(MapDecl):
    kind = "ringbuf"
    map_type = 27  # BPF_MAP_TYPE_RINGBUF

    def __init__(self, max_bytes: int = 256 * 1024, name: str | None = None) -> None:
        if (
            not isinstance(max_bytes, int)
            or isinstance(max_bytes, bool)
            or not 4096 <= max_bytes <= MAX_ENTRIES
            or max_bytes & (max_bytes - 1)
        ):
            raise declaration_error(
                f"RingBuf max_bytes must be a power of two of at least 4096, got {short_repr(max_bytes)}"
            )
        super().__init__(max_bytes, name)

    def __repr__(self) -> str:
        return f"RingBuf(max_bytes={self.max_entries})"


@dataclass
class ConfigValue:
    """``config(u64, 100)``: a read-only value the kernel program reads and user space sets before load."""

    type: IntType | BoolType
    default: int
    name: str | None = None
    _extra: dict[str, Any] = field(default_factory=dict, repr=False)


def config(type_: Any, default: int = 0, name: str | None = None) -> ConfigValue:
    if name is not None:
        check_name(name, "a config value's name", MAX_NAME_BYTES)
    if type_ is bool:
        return ConfigValue(BoolType(), int(bool(default)), name)
    t = value_type(type_)
    if not isinstance(t, IntType):
        raise declaration_error("config values are integers or bool")
    if not isinstance(default, int) or not t.fits(default):
        raise declaration_error(f"default {short_repr(default)} does not fit {t}")
    return ConfigValue(t, int.__int__(default), name)  # an IntEnum member counts as the int it holds


def record(cls: type) -> type:
    """Declare a fixed-layout record (C struct) from annotated fields: ``pid: u32`` …

    The class becomes immutable, with a keyword constructor (missing fields are 0), equality, ``repr`` and the
    codec methods (``size``, ``pack``, ``unpack``) user space uses to read maps and ring buffers.
    """
    return record_type(cls)


__all__ = ["ArrayMap", "ConfigValue", "HashMap", "LruHashMap", "MapDecl", "RingBuf", "config", "record"]
