"""Minimal BPF ELF reading, and the rewrite that lets libbpf 1.1 open objects written for newer libbpf.

libbpf 1.1 knows neither ``.struct_ops.link`` (struct_ops maps registered through a BPF link) nor
``struct_ops.s/<member>`` (sleepable struct_ops programs).  :func:`adapt_for_old_libbpf` renames those
sections in place — in the ELF section-name table and in the BTF string table (``.BTF.ext`` finds its
per-section records by those names) — to ``.struct_ops`` and ``struct_ops/<member>``.  The runtime then
restores what the names meant: ``BPF_F_LINK`` on struct_ops maps, ``BPF_F_SLEEPABLE`` on the programs, and a
raw ``BPF_LINK_CREATE`` for registration.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

from pyoombpf.elf import Section, sections
from pyoombpf.errors import NotSupportedError

_BTF_MAGIC = 0xEB9F
STRUCT_OPS_LINK_SEC = ".struct_ops.link"
STRUCT_OPS_SEC = ".struct_ops"
SLEEPABLE_PREFIX = "struct_ops.s"


@dataclass(slots=True)
class Adapted:
    """The rewritten object and what the renamed sections meant."""

    elf: bytes
    original_names: dict[str, str] = field(default_factory=dict)  # new section name -> name in the object
    sleepable_sections: set[str] = field(default_factory=set)  # new names of formerly struct_ops.s sections


def _renames(names: list[str]) -> dict[str, str]:
    renames: dict[str, str] = {}
    for name in names:
        if name == STRUCT_OPS_LINK_SEC:
            renames[name] = STRUCT_OPS_SEC
        elif name == SLEEPABLE_PREFIX or name.startswith(SLEEPABLE_PREFIX + "/"):
            renames[name] = "struct_ops" + name[len(SLEEPABLE_PREFIX) :]
    clashes = sorted(new for old, new in renames.items() if new in names)
    if clashes:
        raise NotSupportedError(
            f"sections {clashes} together with their newer-libbpf spellings",
            "libbpf 1.1 cannot tell them apart (it lacks .struct_ops.link and struct_ops.s/)",
            "use libbpf 1.2 or newer (set PYOOMBPF_LIBBPF to its libbpf.so.1)",
        )
    return renames


def _cstr(buf: bytes | bytearray, pos: int) -> bytes:
    return bytes(buf[pos : buf.index(b"\0", pos)])


def _shdr(elf: bytes | bytearray, index: int) -> int:
    """File offset of section header ``index``."""
    shoff = struct.unpack_from("<Q", elf, 0x28)[0]
    return int(shoff + index * struct.unpack_from("<H", elf, 0x3A)[0])


def _btf_strings(buf: bytes | bytearray, sec: Section) -> tuple[int, int]:
    magic, _ver, _flags, hdr_len, _toff, _tlen, str_off, str_len = struct.unpack_from("<HBBIIIII", buf, sec.offset)
    if magic != _BTF_MAGIC:
        raise ValueError(".BTF section has a bad magic number")
    start = sec.offset + hdr_len + str_off
    return start, start + str_len


def _truncate_link_suffix(buf: bytearray, start: int, end: int) -> None:
    """Turn every string ending in ``.struct_ops.link`` into one ending in ``.struct_ops`` (a NUL over the
    dot)."""
    old = STRUCT_OPS_LINK_SEC.encode() + b"\0"
    pos = buf.find(old, start, end)
    while pos != -1:
        buf[pos + len(STRUCT_OPS_SEC)] = 0
        pos = buf.find(old, pos + 1, end)


def _shift_sleepable(buf: bytearray, at: int) -> int:
    """``struct_ops.s/X`` at ``at`` becomes ``struct_ops/X`` at ``at + 2``; the bytes of ``/X`` stay put."""
    buf[at + 2 : at + 12] = b"struct_ops"
    return at + 2


def _symbol_names(elf: bytes) -> list[bytes]:
    secs = sections(elf)
    for sec in secs:
        if sec.name == ".symtab":
            strtab = secs[struct.unpack_from("<I", elf, _shdr(elf, sec.index) + 40)[0]].offset
            offsets = range(sec.offset, sec.offset + sec.size, 24)
            return [_cstr(elf, strtab + struct.unpack_from("<I", elf, off)[0]) for off in offsets]
    return []


def _btf_ext_name_fields(buf: bytearray, sec: Section) -> list[int]:
    """File offsets of every ``sec_name_off`` field in ``.BTF.ext`` (func info, line info, CO-RE
    relocations)."""
    hdr_len = struct.unpack_from("<I", buf, sec.offset + 4)[0]
    fields = struct.unpack_from("<" + "I" * ((min(hdr_len, 32) - 8) // 4), buf, sec.offset + 8)
    out = []
    for off, length in zip(fields[0::2], fields[1::2], strict=True):
        if length == 0:
            continue
        pos = sec.offset + hdr_len + off
        stop = pos + length
        rec_size = struct.unpack_from("<I", buf, pos)[0]
        pos += 4
        while pos < stop:
            out.append(pos)
            pos += 8 + struct.unpack_from("<I", buf, pos + 4)[0] * rec_size
    return out


def _adapt_btf(buf: bytearray, secs: list[Section], sleepable: set[str]) -> None:
    by_name = {s.name: s for s in secs}
    btf, ext = by_name.get(".BTF"), by_name.get(".BTF.ext")
    if btf is None:
        return
    start, end = _btf_strings(buf, btf)
    _truncate_link_suffix(buf, start, end)
    shifted: dict[int, int] = {}
    pos = start
    while pos < end:
        text = _cstr(buf, pos)
        if text.decode(errors="replace") in sleepable:
            shifted[pos - start] = _shift_sleepable(buf, pos) - start
        pos += len(text) + 1
    if ext is not None and shifted:
        for field_at in _btf_ext_name_fields(buf, ext):
            name_off = struct.unpack_from("<I", buf, field_at)[0]
            if name_off in shifted:
                struct.pack_into("<I", buf, field_at, shifted[name_off])


def adapt_for_old_libbpf(elf: bytes) -> Adapted:
    """Rename ``.struct_ops.link`` / ``struct_ops.s/*`` sections so libbpf 1.1 accepts the object.

    Strings are only cut short or shifted in place, never moved: LLVM shares string tails between section and
    symbol names (the symbol ``test_sleepable`` lives inside ``struct_ops.s/test_sleepable``), so bytes that
    other names point at must stay where they are.  The result is checked: every other name must read the
    same.
    """
    secs = sections(elf)
    renames = _renames([s.name for s in secs])
    if not renames:
        return Adapted(bytes(elf))
    buf = bytearray(elf)
    shstr = secs[struct.unpack_from("<H", elf, 0x3E)[0]]
    _truncate_link_suffix(buf, shstr.offset, shstr.offset + shstr.size)
    sleepable = {old for old in renames if old.startswith(SLEEPABLE_PREFIX)}
    for sec in secs:
        if sec.name in sleepable:
            new_off = _shift_sleepable(buf, shstr.offset + sec.name_off) - shstr.offset
            struct.pack_into("<I", buf, _shdr(buf, sec.index), new_off)
    _adapt_btf(buf, secs, sleepable)
    out = bytes(buf)
    _check_adapted(secs, sections(out), renames, _symbol_names(elf) == _symbol_names(out))
    return Adapted(
        out,
        original_names={new: old for old, new in renames.items()},
        sleepable_sections={renames[old] for old in sleepable},
    )


def _check_adapted(before: list[Section], after: list[Section], renames: dict[str, str], symbols_same: bool) -> None:
    # Relocation sections of programs are matched to their program by index, not by name: theirs may change.
    ignored = {f".rel{old}" for old in renames if old.startswith(SLEEPABLE_PREFIX)}
    names_ok = all(
        a.name == renames.get(b.name, b.name.replace(STRUCT_OPS_LINK_SEC, STRUCT_OPS_SEC))
        for b, a in zip(before, after, strict=True)
        if b.name not in ignored
    )
    if not names_ok or not symbols_same:
        raise NotSupportedError(
            "this object's string-table layout",
            "renaming its struct_ops sections for libbpf 1.1 would change other names",
            "use libbpf 1.2 or newer (set PYOOMBPF_LIBBPF to its libbpf.so.1)",
        )


def btf_strings(elf: bytes) -> list[str]:
    """Every string of the object's ``.BTF`` string table (file paths of line info among them)."""
    for sec in sections(elf):
        if sec.name == ".BTF":
            start, end = _btf_strings(elf, sec)
            return [s.decode(errors="replace") for s in elf[start:end].split(b"\0") if s]
    return []
