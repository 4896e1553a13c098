"""A tiny raw-BTF writer for tests: build blobs with exactly the kinds and shapes a test needs."""

from __future__ import annotations

import struct

from pyoombpf.btf import format as F


class BtfBuilder:
    """Append types (each call returns the new type id), then ``build()`` the blob.

    ``first_id``/``str_base`` make split BTF on top of a base with that many types / that string length.
    """

    def __init__(self, first_id: int = 1, str_base: int = 0) -> None:
        self.first_id = first_id
        self.str_base = str_base
        self.records: list[bytes] = []
        self.strings = bytearray(b"\0")
        self.offsets: dict[str, int] = {"": 0}

    def s(self, text: str) -> int:
        if text not in self.offsets:
            self.offsets[text] = self.str_base + len(self.strings)
            self.strings += text.encode() + b"\0"
        return self.offsets[text]

    def _add(self, name: str, kind: int, vlen: int, size_or_type: int, extra: bytes = b"", kflag: bool = False) -> int:
        info = (int(kflag) << 31) | (kind << 24) | vlen
        self.records.append(struct.pack("<III", self.s(name), info, size_or_type) + extra)
        return self.first_id + len(self.records) - 1

    def int_(self, name: str, size: int, signed: bool = False, char: bool = False, bool_: bool = False) -> int:
        enc = (F.INT_SIGNED if signed else 0) | (F.INT_CHAR if char else 0) | (F.INT_BOOL if bool_ else 0)
        return self._add(name, F.KIND_INT, 0, size, struct.pack("<I", enc << 24 | size * 8))

    def ptr(self, target: int) -> int:
        return self._add("", F.KIND_PTR, 0, target)

    def array(self, elem: int, index: int, n: int) -> int:
        return self._add("", F.KIND_ARRAY, 0, 0, struct.pack("<III", elem, index, n))

    def struct(self, name: str, size: int, members: list[tuple[str, int, int, int]], union: bool = False) -> int:
        """``members``: (name, type id, bit offset, bitfield size); any bitfield sets kind_flag."""
        kflag = any(bits for _, _, _, bits in members)
        extra = b"".join(
            struct.pack("<III", self.s(n), t, (bits << 24 | off) if kflag else off) for n, t, off, bits in members
        )
        kind = F.KIND_UNION if union else F.KIND_STRUCT
        return self._add(name, kind, len(members), size, extra, kflag)

    def enum(self, name: str, size: int, values: list[tuple[str, int]], signed: bool = False) -> int:
        extra = b"".join(struct.pack("<Ii", self.s(n), v) for n, v in values)
        return self._add(name, F.KIND_ENUM, len(values), size, extra, signed)

    def enum64(self, name: str, values: list[tuple[str, int]], signed: bool = False) -> int:
        extra = b"".join(struct.pack("<III", self.s(n), v & 0xFFFFFFFF, (v >> 32) & 0xFFFFFFFF) for n, v in values)
        return self._add(name, F.KIND_ENUM64, len(values), 8, extra, signed)

    def fwd(self, name: str, union: bool = False) -> int:
        return self._add(name, F.KIND_FWD, 0, 0, kflag=union)

    def typedef(self, name: str, target: int) -> int:
        return self._add(name, F.KIND_TYPEDEF, 0, target)

    def volatile(self, target: int) -> int:
        return self._add("", F.KIND_VOLATILE, 0, target)

    def const(self, target: int) -> int:
        return self._add("", F.KIND_CONST, 0, target)

    def restrict(self, target: int) -> int:
        return self._add("", F.KIND_RESTRICT, 0, target)

    def func(self, name: str, proto: int, linkage: int = 1) -> int:
        return self._add(name, F.KIND_FUNC, linkage, proto)

    def func_proto(self, ret: int, params: list[tuple[str, int]], variadic: bool = False) -> int:
        items = [*params, ("", 0)] if variadic else params
        extra = b"".join(struct.pack("<II", self.s(n), t) for n, t in items)
        return self._add("", F.KIND_FUNC_PROTO, len(items), ret, extra)

    def var(self, name: str, type_id: int, linkage: int = 1) -> int:
        return self._add(name, F.KIND_VAR, 0, type_id, struct.pack("<I", linkage))

    def datasec(self, name: str, size: int, entries: list[tuple[int, int, int]]) -> int:
        extra = b"".join(struct.pack("<III", t, off, sz) for t, off, sz in entries)
        return self._add(name, F.KIND_DATASEC, len(entries), size, extra)

    def float_(self, name: str, size: int) -> int:
        return self._add(name, F.KIND_FLOAT, 0, size)

    def decl_tag(self, tag: str, target: int, component: int = -1) -> int:
        return self._add(tag, F.KIND_DECL_TAG, 0, target, struct.pack("<i", component))

    def type_tag(self, tag: str, target: int) -> int:
        return self._add(tag, F.KIND_TYPE_TAG, 0, target)

    def build(self) -> bytes:
        types = b"".join(self.records)
        hdr = F.HEADER.pack(F.MAGIC, 1, 0, F.HEADER.size, 0, len(types), len(types), len(self.strings))
        return hdr + types + bytes(self.strings)
