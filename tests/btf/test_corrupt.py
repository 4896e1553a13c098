"""Malformed BTF must give a clear BtfFormatError: never another exception, a crash or a hang."""

from __future__ import annotations

import contextlib
import struct

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pyoombpf.btf import BtfFormatError, BtfSpec, TypeNotFoundError, load_bytes, load_file
from pyoombpf.btf import format as F
from pyoombpf.btf.types import Struct

from .btfbuild import BtfBuilder


def _valid() -> bytes:
    b = BtfBuilder()
    i = b.int_("int", 4, signed=True)
    p = b.ptr(3)
    b.struct("node", 16, [("next", p, 0, 0), ("v", i, 64, 0), ("bits", i, 96, 4)])
    b.enum("e", 4, [("A", 1)])
    proto = b.func_proto(i, [("x", i)])
    f = b.func("f", proto)
    b.decl_tag("bpf_kfunc", f)
    return b.build()


def _header(blob: bytes, **changes: int) -> bytes:
    fields = dict(
        zip(
            ("magic", "version", "flags", "hdr_len", "type_off", "type_len", "str_off", "str_len"),
            F.HEADER.unpack_from(blob, 0),
            strict=True,
        )
    )
    fields.update(changes)
    return F.HEADER.pack(*fields.values()) + blob[F.HEADER.size :]


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda b: b"", "shorter than the 24-byte header"),
        (lambda b: b[:10], "shorter than the 24-byte header"),
        (lambda b: _header(b, magic=0x1234), "bad magic 0x1234"),
        (lambda b: _header(b, magic=0x9FEB), "byte-swapped"),
        (lambda b: _header(b, version=2), "unsupported BTF version 2"),
        (lambda b: _header(b, hdr_len=10**6), "header length"),
        (lambda b: b[: len(b) - 5], "string section"),
        (lambda b: _header(b, type_len=F.HEADER.unpack_from(b)[5] + 400), "type section"),
        (lambda b: _header(b, type_len=F.HEADER.unpack_from(b)[5] - 4), "runs 4 bytes past|truncated"),
        (lambda b: _header(b, type_len=2), "not a multiple of 4"),
    ],
)
def test_bad_headers_and_sections(mutate, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(BtfFormatError, match=message) as exc:
        BtfSpec.from_bytes(mutate(_valid()), source="bad.btf")
    assert "bad.btf: invalid BTF" in str(exc.value)


def test_unknown_kind_is_reported_with_its_id() -> None:
    blob = bytearray(_valid())
    hdr = F.parse_header(bytes(blob))
    struct.pack_into("<I", blob, hdr.type_start + 4, 25 << 24)  # first record: kind 25 does not exist
    with pytest.raises(BtfFormatError, match="type #1 .* unknown kind 25"):
        BtfSpec.from_bytes(bytes(blob))


def test_bad_references_fail_on_access() -> None:
    b = BtfBuilder()
    b.ptr(999)  # points past the last type
    b.typedef("loop", 2)  # typedef to itself
    spec = BtfSpec.from_bytes(b.build())
    with pytest.raises(BtfFormatError, match="type id 999 out of range"):
        spec.type_by_id(1)
    loop = spec.typedef("loop")
    from pyoombpf.btf import strip

    with pytest.raises(BtfFormatError, match="longer than 64 links"):
        strip(loop)
    with pytest.raises(BtfFormatError, match="out of range"):
        spec.type_by_id(10)


def test_string_offset_outside_section() -> None:
    blob = bytearray(_valid())
    hdr = F.parse_header(bytes(blob))
    struct.pack_into("<I", blob, hdr.type_start, 10**6)  # name_off of the first INT record
    with pytest.raises(BtfFormatError, match="string offset 1000000 outside"):
        BtfSpec.from_bytes(bytes(blob))


def test_load_file_of_garbage(tmp_path) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "garbage.btf"
    p.write_bytes(b"\x7fELF" + b"\0" * 200_000)  # big enough to go through the cached path
    with pytest.raises(BtfFormatError, match="garbage.btf: invalid BTF: bad magic"):
        load_file(p)
    with pytest.raises(BtfFormatError, match="shorter than"):
        load_bytes(b"\x9f", cache=True)


def _exercise(spec: BtfSpec) -> None:
    for tid in spec.ids():
        t = spec.type_by_id(tid)
        if isinstance(t, Struct):
            for m in t.members:
                m.type  # noqa: B018  (resolving is the point)
    for name in ("node", "e", "f"):
        for kind in ("struct", "enum", "func"):
            with contextlib.suppress(TypeNotFoundError):
                spec.lookup(kind, name)
    spec.kfuncs()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_corruption_never_escapes_as_another_error(data: st.DataObject) -> None:
    blob = bytearray(_valid())
    for _ in range(data.draw(st.integers(1, 6))):
        pos = data.draw(st.integers(0, len(blob) - 1))
        blob[pos] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans()):
        blob = blob[: data.draw(st.integers(0, len(blob)))]
    try:
        spec = BtfSpec.from_bytes(bytes(blob))
        _exercise(spec)
    except BtfFormatError:
        pass
