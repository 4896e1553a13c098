"""The raw BTF layout: header, kinds, and the size of each type record (facts from the uapi btf.h)."""

from __future__ import annotations

import struct

from pyoombpf.btf.errors import BtfFormatError
from pyoombpf.plain import Frozen

MAGIC = 0xEB9F
HEADER = struct.Struct("<HBBIIIII")  # magic, version, flags, hdr_len, type_off, type_len, str_off, str_len
RECORD = struct.Struct("<III")  # name_off, info, size_or_type
U32 = struct.Struct("<I")
PAIR = struct.Struct("<II")
I32 = struct.Struct("<i")

KIND_INT = 1
KIND_PTR = 2
KIND_ARRAY = 3
KIND_STRUCT = 4
KIND_UNION = 5
KIND_ENUM = 6
KIND_FWD = 7
KIND_TYPEDEF = 8
KIND_VOLATILE = 9
KIND_CONST = 10
KIND_RESTRICT = 11
KIND_FUNC = 12
KIND_FUNC_PROTO = 13
KIND_VAR = 14
KIND_DATASEC = 15
KIND_FLOAT = 16
KIND_DECL_TAG = 17
KIND_TYPE_TAG = 18
KIND_ENUM64 = 19
MAX_KIND = KIND_ENUM64

KIND_NAMES = {
    KIND_INT: "INT",
    KIND_PTR: "PTR",
    KIND_ARRAY: "ARRAY",
    KIND_STRUCT: "STRUCT",
    KIND_UNION: "UNION",
    KIND_ENUM: "ENUM",
    KIND_FWD: "FWD",
    KIND_TYPEDEF: "TYPEDEF",
    KIND_VOLATILE: "VOLATILE",
    KIND_CONST: "CONST",
    KIND_RESTRICT: "RESTRICT",
    KIND_FUNC: "FUNC",
    KIND_FUNC_PROTO: "FUNC_PROTO",
    KIND_VAR: "VAR",
    KIND_DATASEC: "DATASEC",
    KIND_FLOAT: "FLOAT",
    KIND_DECL_TAG: "DECL_TAG",
    KIND_TYPE_TAG: "TYPE_TAG",
    KIND_ENUM64: "ENUM64",
}

# Bytes that follow the 12-byte record: a fixed part, plus vlen times a per-entry part.
FIXED_EXTRA = [0] * (MAX_KIND + 1)
PER_VLEN = [0] * (MAX_KIND + 1)
FIXED_EXTRA[KIND_INT] = 4
FIXED_EXTRA[KIND_ARRAY] = 12
FIXED_EXTRA[KIND_VAR] = 4
FIXED_EXTRA[KIND_DECL_TAG] = 4
PER_VLEN[KIND_STRUCT] = 12
PER_VLEN[KIND_UNION] = 12
PER_VLEN[KIND_ENUM] = 8
PER_VLEN[KIND_FUNC_PROTO] = 8
PER_VLEN[KIND_DATASEC] = 12
PER_VLEN[KIND_ENUM64] = 12

INT_SIGNED = 1
INT_CHAR = 2
INT_BOOL = 4

LINKAGE_FUNC = ("static", "global", "extern")
LINKAGE_VAR = ("static", "global", "extern")


def kind_of(info: int) -> int:
    return (info >> 24) & 0x1F


def vlen_of(info: int) -> int:
    return info & 0xFFFF


def kind_flag_of(info: int) -> bool:
    return bool(info >> 31)


def record_size(info: int) -> int:
    kind = kind_of(info)
    return 12 + FIXED_EXTRA[kind] + (info & 0xFFFF) * PER_VLEN[kind]


class Header(Frozen):
    """The parsed BTF header.  ``type_start``/``str_start`` are absolute offsets into the blob."""

    __slots__ = _fields = ("version", "flags", "hdr_len", "type_start", "type_len", "str_start", "str_len")
    version: int
    flags: int
    hdr_len: int
    type_start: int
    type_len: int
    str_start: int
    str_len: int

    def __init__(
        self, version: int, flags: int, hdr_len: int, type_start: int, type_len: int, str_start: int, str_len: int
    ) -> None:
        self._set(
            version=version,
            flags=flags,
            hdr_len=hdr_len,
            type_start=type_start,
            type_len=type_len,
            str_start=str_start,
            str_len=str_len,
        )


def parse_header(data: bytes | memoryview, source: str = "<bytes>") -> Header:
    """Check the magic and that both sections lie inside ``data``."""
    n = len(data)
    if n < HEADER.size:
        raise BtfFormatError(f"only {n} bytes, shorter than the {HEADER.size}-byte header", source)
    magic, version, flags, hdr_len, type_off, type_len, str_off, str_len = HEADER.unpack_from(data, 0)
    if magic != MAGIC:
        hint = " (byte-swapped: big-endian BTF is not supported)" if magic == 0x9FEB else ""
        raise BtfFormatError(f"bad magic 0x{magic:04x}, expected 0x{MAGIC:04x}{hint}", source)
    if version != 1:
        raise BtfFormatError(f"unsupported BTF version {version}", source)
    if hdr_len < HEADER.size or hdr_len > n:
        raise BtfFormatError(f"header length {hdr_len} out of range (blob is {n} bytes)", source)
    type_start, str_start = hdr_len + type_off, hdr_len + str_off
    if type_start + type_len > n:
        raise BtfFormatError(f"type section [{type_start}, {type_start + type_len}) exceeds {n} bytes", source)
    if str_start + str_len > n:
        raise BtfFormatError(f"string section [{str_start}, {str_start + str_len}) exceeds {n} bytes", source)
    if type_len % 4:
        raise BtfFormatError(f"type section length {type_len} is not a multiple of 4", source)
    return Header(version, flags, hdr_len, type_start, type_len, str_start, str_len)
