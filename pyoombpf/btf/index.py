"""The name index over one BTF blob: where each type record starts and which ids carry which name.

Building it walks every record once (the only full pass over the type section); afterwards a lookup by name is
a binary search over ids sorted by name, comparing names straight out of the string section, and decoding a
type touches only its own record.  The index is a handful of flat integer arrays, so it serialises to a file
that a later process maps without parsing (see :mod:`pyoombpf.btf.cache`).
"""

from __future__ import annotations

import array
import bisect
import json
import struct
import sys
from collections.abc import Callable, Sequence
from typing import Any

from pyoombpf.btf import format as F
from pyoombpf.btf.errors import BtfFormatError

# Which lookup namespace each named kind lives in.
NAMESPACE = {
    F.KIND_INT: "base",
    F.KIND_FLOAT: "base",
    F.KIND_STRUCT: "struct",
    F.KIND_UNION: "union",
    F.KIND_ENUM: "enum",
    F.KIND_ENUM64: "enum",
    F.KIND_FWD: "fwd",
    F.KIND_TYPEDEF: "typedef",
    F.KIND_FUNC: "func",
    F.KIND_VAR: "var",
    F.KIND_DATASEC: "datasec",
}
NAMESPACES = tuple(sorted(set(NAMESPACE.values())))
INDEX_VERSION = 1
_MAGIC = b"PYOBTFX1"
_TRAILER = struct.Struct("<QI8s")

NameFn = Callable[[int], bytes]


class Index:
    """Flat arrays describing one blob.  ``start_id`` is the id of the blob's first type (1, or the base's
    type count for split BTF); ``offsets[i]`` is the absolute offset of type ``start_id + i``.  (Not a
    dataclass: every compile imports this module, and making one costs ~0.5 ms.)"""

    __slots__ = ("start_id", "offsets", "kinds", "names", "enumerators", "decl_tags", "kfunc_ids")

    def __init__(
        self,
        start_id: int,
        offsets: Sequence[int],
        kinds: Sequence[int],
        names: dict[str, Sequence[int]],
        enumerators: Sequence[int],
        decl_tags: Sequence[int],
        kfunc_ids: Sequence[int],
    ) -> None:
        self.start_id = start_id
        self.offsets = offsets
        self.kinds = kinds
        self.names = names
        self.enumerators = enumerators  # (type_id << 16 | entry index), sorted by enumerator name
        self.decl_tags = decl_tags  # DECL_TAG ids sorted by the id they tag
        self.kfunc_ids = kfunc_ids  # FUNC ids tagged "bpf_kfunc", sorted

    @property
    def count(self) -> int:
        return len(self.kinds)

    def find_ids(self, ns: str, name: bytes, name_of_id: Callable[[int], bytes]) -> list[int]:
        """Every id in namespace ``ns`` whose name is ``name`` (ascending ids)."""
        ids = self.names.get(ns)
        if not ids:
            return []
        lo = bisect.bisect_left(ids, name, key=name_of_id)
        out = []
        while lo < len(ids) and name_of_id(ids[lo]) == name:
            out.append(ids[lo])
            lo += 1
        return out


def walk(data: bytes | memoryview, hdr: F.Header, source: str) -> tuple[array.array[int], array.array[int]]:
    """Offsets and kinds of every record; raises :class:`BtfFormatError` on any inconsistency."""
    offsets: array.array[int] = array.array("I")
    kinds: array.array[int] = array.array("B")
    unpack = F.RECORD.unpack_from
    fixed, per = F.FIXED_EXTRA, F.PER_VLEN
    off, end = hdr.type_start, hdr.type_start + hdr.type_len
    add_off, add_kind = offsets.append, kinds.append
    while off < end:
        if off + 12 > end:
            raise BtfFormatError(f"type record at offset {off} is truncated", source)
        info = unpack(data, off)[1]
        kind = (info >> 24) & 0x1F
        if kind == 0 or kind > F.MAX_KIND:
            raise BtfFormatError(f"type #{len(kinds) + 1} at offset {off} has unknown kind {kind}", source)
        add_off(off)
        add_kind(kind)
        off += 12 + fixed[kind] + (info & 0xFFFF) * per[kind]
    if off != end:
        raise BtfFormatError(f"last type record runs {off - end} bytes past the type section", source)
    return offsets, kinds


def build(data: bytes | memoryview, hdr: F.Header, start_id: int, name_at: NameFn, source: str) -> Index:
    """Walk the blob once and build every lookup table."""
    offsets, kinds = walk(data, hdr, source)
    unpack = F.RECORD.unpack_from
    per_ns: dict[str, list[tuple[bytes, int]]] = {ns: [] for ns in NAMESPACES}
    enumerators: list[tuple[bytes, int]] = []
    tags: list[tuple[int, int]] = []
    kfuncs: list[int] = []
    for i, kind in enumerate(kinds):
        tid = start_id + i
        off = offsets[i]
        name_off, info, ref = unpack(data, off)
        ns = NAMESPACE.get(kind)
        if ns is not None and name_off:
            per_ns[ns].append((name_at(name_off), tid))
        if kind == F.KIND_ENUM or kind == F.KIND_ENUM64:
            step = F.PER_VLEN[kind]
            for j in range(info & 0xFFFF):
                enumerators.append((name_at(F.U32.unpack_from(data, off + 12 + j * step)[0]), tid << 16 | j))
        elif kind == F.KIND_DECL_TAG:
            if not 0 < ref < start_id + len(kinds):
                raise BtfFormatError(f"DECL_TAG #{tid} tags type id {ref}, which is out of range", source)
            tags.append((ref, tid))
            tagged_func = ref < start_id or kinds[ref - start_id] == F.KIND_FUNC
            if tagged_func and F.I32.unpack_from(data, off + 12)[0] == -1 and name_at(name_off) == b"bpf_kfunc":
                kfuncs.append(ref)
    names: dict[str, Sequence[int]] = {ns: _sorted_ids(e) for ns, e in per_ns.items() if e}
    return Index(
        start_id=start_id,
        offsets=offsets,
        kinds=kinds,
        names=names,
        enumerators=_sorted_ids(enumerators, "Q"),
        decl_tags=array.array("I", (tid for _, tid in sorted(tags))),
        kfunc_ids=array.array("I", sorted(set(kfuncs))),
    )


def _sorted_ids(entries: list[tuple[bytes, int]], code: str = "I") -> array.array[int]:
    entries.sort()
    return array.array(code, (v for _, v in entries))


# ----------------------------------------------------------------------------------------------- on disk


def _tables(idx: Index) -> dict[str, Sequence[int]]:
    tables: dict[str, Sequence[int]] = {
        "offsets": idx.offsets,
        "kinds": idx.kinds,
        "enumerators": idx.enumerators,
        "decl_tags": idx.decl_tags,
        "kfunc_ids": idx.kfunc_ids,
    }
    tables.update({f"names.{ns}": ids for ns, ids in idx.names.items()})
    return tables


def serialize(idx: Index, blob: bytes, meta: dict[str, object]) -> bytes:
    """One file: the raw BTF blob first (so record offsets are file offsets), the arrays 8-aligned after it,
    a JSON table of contents, and a fixed trailer ``<u64 toc offset><u32 toc length><magic>``."""
    out = bytearray(blob)
    toc: dict[str, list[object]] = {}
    for name, seq in _tables(idx).items():
        arr = seq if isinstance(seq, array.array) else array.array("I", seq)
        out += b"\0" * (-len(out) % 8)
        raw = arr.tobytes()
        toc[name] = [len(out), len(raw), arr.typecode]
        out += raw
    head = json.dumps(
        {
            "version": INDEX_VERSION,
            "byteorder": sys.byteorder,  # the arrays are native-endian
            "start_id": idx.start_id,
            "blob_len": len(blob),
            "meta": meta,
            "toc": toc,
        }
    ).encode()
    pos = len(out)
    out += head + _TRAILER.pack(pos, len(head), _MAGIC)
    return bytes(out)


def deserialize(buf: Any) -> tuple[Index, int, dict[str, object]] | None:
    """Zero-copy views into a serialised index (an mmap or bytes); ``None`` if it is not a valid, current one.

    Returns the index, the length of the BTF blob at the start of ``buf``, and the stored metadata.
    """
    n = len(buf)
    if n < _TRAILER.size:
        return None
    pos, hlen, magic = _TRAILER.unpack_from(buf, n - _TRAILER.size)
    if magic != _MAGIC or pos + hlen > n - _TRAILER.size:
        return None
    try:
        head = json.loads(bytes(buf[pos : pos + hlen]))
        if head.get("version") != INDEX_VERSION or head.get("byteorder") != sys.byteorder:
            return None
        mv = memoryview(buf)
        views: dict[str, Any] = {}
        for name, (lo, length, code) in head["toc"].items():
            if lo + length > pos:
                return None
            views[name] = mv[lo : lo + length].cast(code)
        names = {k.split(".", 1)[1]: v for k, v in views.items() if k.startswith("names.")}
        idx = Index(
            start_id=int(head["start_id"]),
            offsets=views["offsets"],
            kinds=views["kinds"],
            names=names,
            enumerators=views["enumerators"],
            decl_tags=views["decl_tags"],
            kfunc_ids=views["kfunc_ids"],
        )
        return idx, int(head["blob_len"]), dict(head["meta"])
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
