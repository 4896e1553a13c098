"""BtfSpec: lazy, indexed access to one BTF blob (the kernel's vmlinux BTF, a file, or split module BTF)."""

from __future__ import annotations

import bisect
import contextlib
import hashlib
from collections.abc import Callable, Iterator
from typing import Any

from pyoombpf.btf import format as F
from pyoombpf.btf import index as I
from pyoombpf.btf.errors import BtfFormatError, TypeNotFoundError, close_matches
from pyoombpf.btf.types import (
    Array,
    Const,
    Datasec,
    DeclTag,
    Enum,
    Float,
    Func,
    FuncProto,
    Fwd,
    IdRef,
    Int,
    Member,
    Param,
    Ptr,
    Restrict,
    Struct,
    Type,
    Typedef,
    TypeTag,
    Var,
    VarSecinfo,
    Void,
    Volatile,
    strip,
)

VOID = Void(type_id=0, origin="kernel")

# Lookup kinds accepted by BtfSpec.lookup and the namespace each searches.
LOOKUP_NS = {
    "struct": "struct",
    "union": "union",
    "enum": "enum",
    "typedef": "typedef",
    "func": "func",
    "fwd": "fwd",
    "var": "var",
    "datasec": "datasec",
    "int": "base",
    "float": "base",
    "base": "base",
}


class BtfSpec:
    """Parsed-on-demand BTF.  Construct with :meth:`from_bytes`, :func:`pyoombpf.btf.load_file` or
    :func:`pyoombpf.btf.vmlinux`.  Decoded types are cached, so each id is decoded at most once.

    Every lookup raises :class:`~pyoombpf.btf.errors.TypeNotFoundError` when the name is absent; malformed
    records raise :class:`~pyoombpf.btf.errors.BtfFormatError`.
    """

    def __init__(
        self,
        blob: Any,
        idx: I.Index,
        hdr: F.Header,
        *,
        base: BtfSpec | None = None,
        source: str = "<bytes>",
        key: str = "",
        origin: str = "kernel",
        keepalive: Any = None,
        blob_len: int | None = None,
    ) -> None:
        self._blob = blob
        self._blob_len = len(blob) if blob_len is None else blob_len
        self._idx = idx
        self._hdr = hdr
        self.base = base
        self.source = source
        self.key = key
        self.origin = origin
        self._keepalive = keepalive  # e.g. the mmap the blob views
        self._types: dict[int, Type] = {}
        self._kfunc_names: frozenset[str] | None = None
        self._str_base: int = base._str_end if base is not None else 0
        self._str_end: int = self._str_base + hdr.str_len

    # ------------------------------------------------------------------------------------------ construction

    @classmethod
    def from_bytes(
        cls,
        data: bytes | bytearray | memoryview,
        *,
        base: BtfSpec | None = None,
        source: str = "<bytes>",
        origin: str = "kernel",
    ) -> BtfSpec:
        """Index ``data`` in memory (no disk cache; see :func:`pyoombpf.btf.load_file` for a cached load).

        ``base`` makes ``data`` split BTF (module BTF): its ids and strings continue the base's.
        """
        blob = bytes(data)
        hdr, idx = index_blob(blob, base, source)
        key = hashlib.blake2b(blob, digest_size=16).hexdigest()
        return cls(blob, idx, hdr, base=base, source=source, key=key, origin=origin)

    @property
    def type_count(self) -> int:
        """One past the largest type id (ids run from 0 = void to ``type_count - 1``)."""
        return self._idx.start_id + self._idx.count

    @property
    def raw(self) -> bytes:
        """The raw BTF bytes of this blob (without the base for split BTF)."""
        return bytes(self._blob[: self._blob_len])

    def close(self) -> None:
        """Drop the decoded types and release the mapping (the spec is unusable afterwards)."""
        self._types.clear()
        self._blob = b""
        keep, self._keepalive = self._keepalive, None
        if keep is not None and hasattr(keep, "close"):
            with contextlib.suppress(BufferError):  # views still alive: the mapping goes when they do
                keep.close()

    def __enter__(self) -> BtfSpec:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<BtfSpec {self.source} types={self.type_count - 1}>"

    # ------------------------------------------------------------------------------------------ strings

    def string(self, off: int) -> str:
        """The string at offset ``off`` of the (possibly split) string section."""
        return self._name_bytes(off).decode("utf-8", "replace")

    def _name_bytes(self, off: int) -> bytes:
        return _string_at(self._blob, self._hdr, self._str_base, self.base, self.source, off)

    def _name_of_id(self, tid: int) -> bytes:
        return self._name_bytes(F.U32.unpack_from(self._blob, self._idx.offsets[tid - self._idx.start_id])[0])

    # ------------------------------------------------------------------------------------------ by id

    def type_by_id(self, type_id: int) -> Type:
        """The type with id ``type_id`` (0 is void).  Decoded once, then cached."""
        t = self._types.get(type_id)
        if t is not None:
            return t
        if type_id == 0:
            return VOID
        if type_id < self._idx.start_id:
            if self.base is None:
                raise BtfFormatError(f"type id {type_id} out of range", self.source)
            return self.base.type_by_id(type_id)
        if type_id >= self.type_count:
            raise BtfFormatError(f"type id {type_id} out of range (max {self.type_count - 1})", self.source)
        t = self._decode(type_id)
        self._types[type_id] = t
        return t

    __getitem__ = type_by_id

    def kind_id(self, type_id: int) -> int:
        """The raw BTF kind number of ``type_id`` without decoding it."""
        if type_id < self._idx.start_id:
            return 0 if type_id == 0 or self.base is None else self.base.kind_id(type_id)
        return self._idx.kinds[type_id - self._idx.start_id]

    def ids(self) -> range:
        """Ids of the types in this blob (for split BTF, only the blob's own)."""
        return range(self._idx.start_id, self.type_count)

    def _ref(self, type_id: int) -> IdRef:
        if type_id >= self.type_count:
            raise BtfFormatError(f"reference to type id {type_id} out of range", self.source)
        return IdRef(self, type_id)

    def _decode(self, tid: int) -> Type:
        off = self._idx.offsets[tid - self._idx.start_id]
        name_off, info, ref = F.RECORD.unpack_from(self._blob, off)
        kind = F.kind_of(info)
        decoder = _DECODERS[kind]
        return decoder(self, tid, off, self.string(name_off) if name_off else "", info, ref)

    # ------------------------------------------------------------------------------------------ by name

    def find_all(self, kind: str, name: str) -> list[Type]:
        """Every type of ``kind`` named ``name`` in this blob and its base (own blob first)."""
        ns = LOOKUP_NS.get(kind)
        if ns is None:
            raise ValueError(f"unknown lookup kind {kind!r}; one of {sorted(LOOKUP_NS)}")
        ids = self._idx.find_ids(ns, name.encode(), self._name_of_id)
        found = [self.type_by_id(i) for i in ids]
        if kind in ("int", "float"):
            found = [t for t in found if t.kind == kind]
        if self.base is not None:
            found += self.base.find_all(kind, name)
        return found

    def find(self, kind: str, name: str) -> Type | None:
        """The type of ``kind`` named ``name``, or ``None``.  Among duplicates, the first with members/values
        wins."""
        found = self.find_all(kind, name)
        return next((t for t in found if is_complete(t)), found[0]) if found else None

    def lookup(self, kind: str, name: str) -> Type:
        """Like :meth:`find`, but raises :class:`~pyoombpf.btf.errors.TypeNotFoundError` when absent."""
        t = self.find(kind, name)
        if t is None:
            raise TypeNotFoundError(kind, name, self.source, close_matches(name, self.names(kind)))
        return t

    def struct(self, name: str) -> Struct:
        t = self.lookup("struct", name)
        assert isinstance(t, Struct)
        return t

    def union(self, name: str) -> Struct:
        t = self.lookup("union", name)
        assert isinstance(t, Struct)
        return t

    def enum(self, name: str) -> Enum:
        t = self.lookup("enum", name)
        assert isinstance(t, Enum)
        return t

    def typedef(self, name: str) -> Typedef:
        t = self.lookup("typedef", name)
        assert isinstance(t, Typedef)
        return t

    def func(self, name: str) -> Func:
        t = self.lookup("func", name)
        assert isinstance(t, Func)
        return t

    def has(self, kind: str, name: str) -> bool:
        return bool(self.find_all(kind, name))

    def names(self, kind: str) -> Iterator[str]:
        """Every name of ``kind`` (sorted; decodes each name, so meant for tools and error hints)."""
        ids = self._idx.names.get(LOOKUP_NS[kind], ())
        for tid in ids:
            yield self._name_of_id(tid).decode("utf-8", "replace")
        if self.base is not None:
            yield from self.base.names(kind)

    def names_with_prefix(self, kind: str, prefix: str) -> list[str]:
        """Names of ``kind`` starting with ``prefix`` (a binary search, cheap even on vmlinux)."""
        ids = self._idx.names.get(LOOKUP_NS[kind], ())
        want = prefix.encode()
        pos = bisect.bisect_left(ids, want, key=self._name_of_id)
        out = []
        while pos < len(ids):
            name = self._name_of_id(ids[pos])
            if not name.startswith(want):
                break
            out.append(name.decode("utf-8", "replace"))
            pos += 1
        if self.base is not None:
            out += self.base.names_with_prefix(kind, prefix)
        return sorted(set(out))

    def enum_value(self, name: str) -> tuple[Enum, int]:
        """The enum declaring enumerator ``name`` and its value, e.g. ``NR_FILE_PAGES``."""
        found = self._find_enumerator(name.encode())
        if found is not None:
            return found
        if self.base is not None:
            return self.base.enum_value(name)
        raise TypeNotFoundError("enumerator", name, self.source)

    def _find_enumerator(self, name: bytes) -> tuple[Enum, int] | None:
        ents = self._idx.enumerators
        key = self._enumerator_name
        pos = bisect.bisect_left(ents, name, key=key)
        if pos < len(ents) and key(ents[pos]) == name:
            enum = self.type_by_id(ents[pos] >> 16)
            assert isinstance(enum, Enum)
            return enum, enum.values[name.decode()]
        return None

    def _enumerator_name(self, packed: int) -> bytes:
        tid, j = packed >> 16, packed & 0xFFFF
        off = self._idx.offsets[tid - self._idx.start_id]
        step = F.PER_VLEN[self._idx.kinds[tid - self._idx.start_id]]
        return self._name_bytes(F.U32.unpack_from(self._blob, off + 12 + j * step)[0])

    # ------------------------------------------------------------------------------------------ kfuncs & tags

    def decl_tags(self, type_id: int) -> tuple[DeclTag, ...]:
        """DECL_TAGs attached to ``type_id`` (any component)."""
        tags = self._idx.decl_tags
        target = self._decl_tag_target
        lo = bisect.bisect_left(tags, type_id, key=target)
        out = []
        while lo < len(tags) and target(tags[lo]) == type_id:
            t = self.type_by_id(tags[lo])
            assert isinstance(t, DeclTag)
            out.append(t)
            lo += 1
        return tuple(out)

    def _decl_tag_target(self, tid: int) -> int:
        return int(F.RECORD.unpack_from(self._blob, self._idx.offsets[tid - self._idx.start_id])[2])

    @property
    def kfuncs_tagged(self) -> bool:
        """True when this BTF marks kfuncs with ``DECL_TAG "bpf_kfunc"`` (pahole >= 1.26 with
        ``decl_tag_kfuncs``, Linux >= 6.9), i.e. :meth:`kfuncs` is exact rather than heuristic."""
        if len(self._idx.kfunc_ids):
            return True
        return self.base.kfuncs_tagged if self.base is not None else False

    def kfuncs(self) -> frozenset[str]:
        """Names of the kernel's kfuncs.

        Exact when the BTF carries ``bpf_kfunc`` decl tags (see :attr:`kfuncs_tagged`).  Otherwise (older
        pahole) the kernel's registered kfunc sets live in ``.BTF_ids``, which is not part of BTF, so this
        falls back to a documented heuristic: every FUNC whose name starts with ``bpf_``.  That is a superset
        (it includes helper implementations and internal functions): treat a heuristic "yes" as "maybe".
        """
        if self._kfunc_names is None:
            names: set[str] = set()
            if self.base is not None:
                names |= self.base.kfuncs()
            if self.kfuncs_tagged:
                names |= {self._name_of_id(tid).decode("utf-8", "replace") for tid in self._idx.kfunc_ids}
            else:
                names |= {n for n in self.names("func") if n.startswith("bpf_")}
            self._kfunc_names = frozenset(names)
        return self._kfunc_names

    def is_kfunc(self, name: str) -> bool:
        return name in self.kfuncs()

    def _is_kfunc_id(self, tid: int) -> bool:
        if tid < self._idx.start_id:
            return self.base._is_kfunc_id(tid) if self.base is not None else False
        ids = self._idx.kfunc_ids
        if len(ids):
            pos = bisect.bisect_left(ids, tid)
            return pos < len(ids) and ids[pos] == tid
        return not self.kfuncs_tagged and self._name_of_id(tid).startswith(b"bpf_")

    # ------------------------------------------------------------------------------------------ helpers

    @staticmethod
    def resolve(t: Type) -> Type:
        """``t`` without typedef/const/volatile/restrict/type_tag wrappers."""
        return strip(t)


def is_complete(t: Type) -> bool:
    """A struct with members or an enum with values (not an empty duplicate)."""
    if isinstance(t, Struct):
        return bool(t.members)
    if isinstance(t, Enum):
        return bool(t.values)
    return True


def index_blob(blob: bytes, base: BtfSpec | None, source: str) -> tuple[F.Header, I.Index]:
    """Parse the header of ``blob`` and build its index (``base`` for split BTF: ids and strings continue it)."""
    hdr = F.parse_header(blob, source)
    start_id = base.type_count if base is not None else 1
    str_base = base._str_end if base is not None else 0
    idx = I.build(blob, hdr, start_id, lambda off: _string_at(blob, hdr, str_base, base, source, off), source)
    return hdr, idx


def _string_at(blob: Any, hdr: F.Header, str_base: int, base: BtfSpec | None, source: str, off: int) -> bytes:
    """The NUL-terminated string at offset ``off`` of a (possibly split) string section starting at ``str_base``."""
    if off < str_base:
        assert base is not None
        return base._name_bytes(off)
    rel = off - str_base
    if rel >= hdr.str_len:
        raise BtfFormatError(f"string offset {off} outside the string section", source)
    start = hdr.str_start + rel
    end = blob.find(b"\0", start, hdr.str_start + hdr.str_len)
    if end < 0:
        raise BtfFormatError(f"string at offset {off} is not NUL-terminated", source)
    return bytes(blob[start:end])


# ----------------------------------------------------------------------------------------------- decoders


def _int(spec: BtfSpec, tid: int, off: int, name: str, info: int, size: int) -> Type:
    (enc,) = F.U32.unpack_from(spec._blob, off + 12)
    flags = (enc >> 24) & 0x0F
    return Int(
        name,
        size,
        signed=bool(flags & F.INT_SIGNED),
        is_char=bool(flags & F.INT_CHAR),
        is_bool=bool(flags & F.INT_BOOL),
        bits=enc & 0xFF,
        bit_offset=(enc >> 16) & 0xFF,
        type_id=tid,
        origin=spec.origin,
    )


def _ptr(spec: BtfSpec, tid: int, off: int, name: str, info: int, ref: int) -> Type:
    return Ptr(spec._ref(ref), type_id=tid, origin=spec.origin)


def _array(spec: BtfSpec, tid: int, off: int, name: str, info: int, ref: int) -> Type:
    elem, _index_type, nelems = F.RECORD.unpack_from(spec._blob, off + 12)
    return Array(spec._ref(elem), nelems, type_id=tid, origin=spec.origin)


def _struct(spec: BtfSpec, tid: int, off: int, name: str, info: int, size: int) -> Type:
    kflag = F.kind_flag_of(info)
    members = []
    for j in range(F.vlen_of(info)):
        m_name, m_type, m_off = F.RECORD.unpack_from(spec._blob, off + 12 + 12 * j)
        bits, bit_off = (m_off >> 24, m_off & 0xFFFFFF) if kflag else (0, m_off)
        members.append(Member(spec.string(m_name) if m_name else "", spec._ref(m_type), bit_off, bits))
    is_union = F.kind_of(info) == F.KIND_UNION
    return Struct(name, size, tuple(members), is_union, type_id=tid, origin=spec.origin)


def _enum(spec: BtfSpec, tid: int, off: int, name: str, info: int, size: int) -> Type:
    signed = F.kind_flag_of(info)
    values: dict[str, int] = {}
    if F.kind_of(info) == F.KIND_ENUM:
        for j in range(F.vlen_of(info)):
            e_name, val = F.RECORD.unpack_from(spec._blob, off + 12 + 8 * j)[:2]
            values[spec.string(e_name)] = val - (1 << 32) if signed and val >= 1 << 31 else val
    else:
        for j in range(F.vlen_of(info)):
            e_name, lo, hi = F.RECORD.unpack_from(spec._blob, off + 12 + 12 * j)
            val = hi << 32 | lo
            values[spec.string(e_name)] = val - (1 << 64) if signed and val >= 1 << 63 else val
    return Enum(name, size, signed, values, type_id=tid, origin=spec.origin)


def _fwd(spec: BtfSpec, tid: int, off: int, name: str, info: int, ref: int) -> Type:
    return Fwd(name, F.kind_flag_of(info), type_id=tid, origin=spec.origin)


def _modifier(cls: type[Const] | type[Volatile] | type[Restrict]) -> Any:
    def decode(spec: BtfSpec, tid: int, off: int, name: str, info: int, ref: int) -> Type:
        return cls(spec._ref(ref), type_id=tid, origin=spec.origin)

    return decode


def _typedef(spec: BtfSpec, tid: int, off: int, name: str, info: int, ref: int) -> Type:
    return Typedef(name, spec._ref(ref), type_id=tid, origin=spec.origin)


def _type_tag(spec: BtfSpec, tid: int, off: int, name: str, info: int, ref: int) -> Type:
    return TypeTag(name, spec._ref(ref), type_id=tid, origin=spec.origin)


def _func(spec: BtfSpec, tid: int, off: int, name: str, info: int, ref: int) -> Type:
    linkage = F.LINKAGE_FUNC[F.vlen_of(info)] if F.vlen_of(info) < 3 else str(F.vlen_of(info))
    is_kfunc = spec._is_kfunc_id(tid)
    return Func(name, spec._ref(ref), linkage, is_kfunc, type_id=tid, origin=spec.origin)


def _func_proto(spec: BtfSpec, tid: int, off: int, name: str, info: int, ret: int) -> Type:
    params = []
    variadic = False
    n = F.vlen_of(info)
    for j in range(n):
        p_name, p_type = F.PAIR.unpack_from(spec._blob, off + 12 + 8 * j)
        if p_type == 0 and j == n - 1:
            variadic = True
            break
        params.append(Param(spec.string(p_name) if p_name else "", spec._ref(p_type)))
    return FuncProto(spec._ref(ret), tuple(params), variadic, type_id=tid, origin=spec.origin)


def _var(spec: BtfSpec, tid: int, off: int, name: str, info: int, ref: int) -> Type:
    (linkage,) = F.U32.unpack_from(spec._blob, off + 12)
    link = F.LINKAGE_VAR[linkage] if linkage < 3 else str(linkage)
    return Var(name, spec._ref(ref), link, type_id=tid, origin=spec.origin)


def _datasec(spec: BtfSpec, tid: int, off: int, name: str, info: int, size: int) -> Type:
    entries = []
    for j in range(F.vlen_of(info)):
        v_type, v_off, v_size = F.RECORD.unpack_from(spec._blob, off + 12 + 12 * j)
        entries.append(VarSecinfo(spec._ref(v_type), v_off, v_size))
    return Datasec(name, size, tuple(entries), type_id=tid, origin=spec.origin)


def _float(spec: BtfSpec, tid: int, off: int, name: str, info: int, size: int) -> Type:
    return Float(name, size, type_id=tid, origin=spec.origin)


def _decl_tag(spec: BtfSpec, tid: int, off: int, name: str, info: int, ref: int) -> Type:
    (component,) = F.I32.unpack_from(spec._blob, off + 12)
    return DeclTag(name, spec._ref(ref), component, type_id=tid, origin=spec.origin)


def _bad_kind(spec: BtfSpec, tid: int, off: int, name: str, info: int, ref: int) -> Type:
    raise BtfFormatError(f"type #{tid} has unknown kind {F.kind_of(info)}", spec.source)


_Decoder = Callable[[BtfSpec, int, int, str, int, int], Type]
_DECODERS: list[_Decoder] = [_bad_kind] * (F.MAX_KIND + 1)
_DECODERS[F.KIND_INT] = _int
_DECODERS[F.KIND_PTR] = _ptr
_DECODERS[F.KIND_ARRAY] = _array
_DECODERS[F.KIND_STRUCT] = _struct
_DECODERS[F.KIND_UNION] = _struct
_DECODERS[F.KIND_ENUM] = _enum
_DECODERS[F.KIND_ENUM64] = _enum
_DECODERS[F.KIND_FWD] = _fwd
_DECODERS[F.KIND_TYPEDEF] = _typedef
_DECODERS[F.KIND_VOLATILE] = _modifier(Volatile)
_DECODERS[F.KIND_CONST] = _modifier(Const)
_DECODERS[F.KIND_RESTRICT] = _modifier(Restrict)
_DECODERS[F.KIND_FUNC] = _func
_DECODERS[F.KIND_FUNC_PROTO] = _func_proto
_DECODERS[F.KIND_VAR] = _var
_DECODERS[F.KIND_DATASEC] = _datasec
_DECODERS[F.KIND_FLOAT] = _float
_DECODERS[F.KIND_DECL_TAG] = _decl_tag
_DECODERS[F.KIND_TYPE_TAG] = _type_tag
